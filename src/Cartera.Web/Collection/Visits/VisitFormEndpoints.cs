using System.Globalization;
using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Collection.Visits;
using Cartera.Application.Data;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Visits;
using Cartera.Domain.Common;
using Cartera.Web.Collection.Activities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Collection.Visits;

/// <summary>
/// The form posts of the visits page (<c>/visitas</c>: plan a visit, record a result) and of the debtor page's
/// appointments section (schedule, close): antiforgery validated, the same object-level security as the API (404 and
/// an audited denial outside the scope), then a redirect back with the result: <c>registrada</c>/<c>planificada</c>/
/// <c>cita</c> (done), <c>error</c> (a code), and for a result the gate blocks <c>error=contact_blocked</c>,
/// <c>motivos</c> (reason codes) and <c>siguiente</c> (the next allowed instant, ISO 8601).
/// </summary>
internal static class VisitFormEndpoints
{
    public const string PlanPath = "/visitas";

    public static string ResultPath(long visitId) => $"/visitas/{Id(visitId)}/resultado";

    public static string SchedulePath(long debtorId) => $"/deudores/{Id(debtorId)}/citas";

    public static string ClosePath(long debtorId, long appointmentId) => $"/deudores/{Id(debtorId)}/citas/{Id(appointmentId)}/estado";

    public static IEndpointRouteBuilder MapVisitFormEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/visitas", PlanAsync).RequireAuthorization(Policies.WritePortfolio).ExcludeFromDescription();
        app.MapPost("/visitas/{id:long}/resultado", RecordAsync).RequireAuthorization(Policies.ContactDebtors).ExcludeFromDescription();
        app.MapPost("/deudores/{id:long}/citas", ScheduleAsync).RequireAuthorization(Policies.ContactDebtors).ExcludeFromDescription();
        app.MapPost("/deudores/{id:long}/citas/{appointmentId:long}/estado", CloseAsync).RequireAuthorization(Policies.ContactDebtors).ExcludeFromDescription();
        return app;
    }

    public sealed class PlanForm
    {
        public string? DebtorId { get; set; }

        public string? Agent { get; set; }

        public string? Purpose { get; set; }

        public string? PlannedOn { get; set; }

        public string? Area { get; set; }

        public string? Address { get; set; }

        public string? Note { get; set; }
    }

    public sealed class ResultForm
    {
        public string? Status { get; set; }

        public string? Outcome { get; set; }

        public string? DefaultCause { get; set; }

        public string? Note { get; set; }

        public string? PromiseDueOn { get; set; }

        public string? PromiseAmount { get; set; }

        public string? PromiseCurrency { get; set; }

        public string? Back { get; set; }
    }

    public sealed class AppointmentForm
    {
        public string? Date { get; set; }

        public string? Time { get; set; }

        public string? Place { get; set; }

        public string? Purpose { get; set; }

        public string? Status { get; set; }
    }

    private static async Task<RedirectHttpResult> PlanAsync([FromForm] PlanForm form, FieldVisits visits, CancellationToken ct)
    {
        var date = ParseDate(form.PlannedOn);
        var back = $"{PlanPath}?fecha={date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        try
        {
            var visit = await visits.PlanAsync(
                new NewVisit(
                    long.TryParse(form.DebtorId, NumberStyles.None, CultureInfo.InvariantCulture, out var debtor) ? debtor : 0,
                    form.Agent ?? string.Empty,
                    EnumCodes.TryParse<VisitPurpose>(form.Purpose, out var purpose) ? purpose : throw new DomainException("required", "The purpose is required.", "purpose"),
                    date ?? throw new DomainException("required", "The date is required.", "planned_on"),
                    Address: form.Address,
                    Area: form.Area,
                    Note: form.Note),
                ct);
            return TypedResults.LocalRedirect($"{back}&planificada={Id(visit.Id)}");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{back}&error={Uri.EscapeDataString(e.Code)}");
        }
    }

    private static async Task<Results<RedirectHttpResult, NotFound>> RecordAsync(
        long id, [FromForm] ResultForm form, ClaimsPrincipal user, FieldVisits visits, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        var visit = await VisitAccess.FindAsync(id, true, user, visits, db, actor, clock, "record_visit", ct);
        if (visit is null)
        {
            return TypedResults.NotFound();
        }

        var back = $"{PlanPath}?fecha={visit.PlannedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&agente={Uri.EscapeDataString(form.Back ?? string.Empty)}";
        try
        {
            IReadOnlyList<PromiseInstallmentInput>? promise = null;
            if (ParseDate(form.PromiseDueOn) is { } due && decimal.TryParse(form.PromiseAmount, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
            {
                promise = [new PromiseInstallmentInput(due, amount)];
            }

            var answer = await visits.RecordResultAsync(
                id,
                new VisitResult(
                    EnumCodes.TryParse<VisitStatus>(form.Status, out var status) ? status : throw new DomainException("required", "The result is required.", "status"),
                    EnumCodes.TryParse<ActivityOutcome>(form.Outcome, out var outcome) ? outcome : throw new DomainException("required", "The outcome is required.", "outcome"),
                    EnumCodes.TryParse<DefaultCause>(form.DefaultCause, out var cause) ? cause : null,
                    form.Note,
                    null,
                    form.PromiseCurrency,
                    promise),
                ActivitiesApi.Author(user, actor),
                ct);
            if (answer.Refusal is { } refusal)
            {
                var next = refusal.NextAllowedAt is { } at ? "&siguiente=" + Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture)) : string.Empty;
                return TypedResults.LocalRedirect($"{back}&error=contact_blocked&visita={Id(id)}&motivos={Uri.EscapeDataString(refusal.ReasonCodes)}{next}");
            }

            var promiseError = answer.PromiseError is { } code ? "&error_promesa=" + Uri.EscapeDataString(code) : string.Empty;
            return TypedResults.LocalRedirect($"{back}&registrada={Id(id)}{promiseError}");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{back}&error={Uri.EscapeDataString(e.Code)}&visita={Id(id)}");
        }
    }

    private static async Task<Results<RedirectHttpResult, NotFound>> ScheduleAsync(
        long id, [FromForm] AppointmentForm form, ClaimsPrincipal user, Appointments appointments, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (!await ActivitiesApi.VisibleAsync(id, user, db, actor, clock, "schedule_appointment", ct))
        {
            return TypedResults.NotFound();
        }

        var page = $"/deudores/{Id(id)}";
        try
        {
            var appointment = await appointments.ScheduleAsync(
                id,
                new NewAppointment(
                    ParseDate(form.Date) ?? throw new DomainException("required", "The date is required.", "date"),
                    VisitsApi.ParseTime(form.Time),
                    form.Place ?? string.Empty,
                    form.Purpose ?? string.Empty),
                ct);
            return TypedResults.LocalRedirect($"{page}?cita={Id(appointment.Id)}#citas");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{page}?error_cita={Uri.EscapeDataString(e.Code)}#citas");
        }
    }

    private static async Task<Results<RedirectHttpResult, NotFound>> CloseAsync(
        long id, long appointmentId, [FromForm] AppointmentForm form, ClaimsPrincipal user, Appointments appointments, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (!await ActivitiesApi.VisibleAsync(id, user, db, actor, clock, "close_appointment", ct))
        {
            return TypedResults.NotFound();
        }

        var page = $"/deudores/{Id(id)}";
        try
        {
            var status = EnumCodes.TryParse<AppointmentStatus>(form.Status, out var parsed) ? parsed : throw new DomainException("required", "The status is required.", "status");
            await appointments.CloseAsync(id, appointmentId, status, ct);
            return TypedResults.LocalRedirect($"{page}?cita={Id(appointmentId)}#citas");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{page}?error_cita={Uri.EscapeDataString(e.Code)}#citas");
        }
    }

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact((text ?? string.Empty).Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
