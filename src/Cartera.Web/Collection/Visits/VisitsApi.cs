using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Collection.Visits;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Visits;
using Cartera.Domain.Common;
using Cartera.Web.Collection.Activities;
using Cartera.Web.Collection.Promises;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Collection.Visits;

/// <summary>
/// Field visits (<c>/api/v1/visits</c>: the day's list by date and agent in route order, plan, one visit, record the
/// result, cancel), a debtor's in-person appointments with the offer (<c>/api/v1/debtors/{id}/appointments</c>) and the
/// thresholds per currency (<c>/api/v1/appointment-thresholds</c>). Object-level security by <see cref="VisitAccess"/>
/// and, for a debtor's appointments, <see cref="ActivitiesApi.VisibleAsync"/>: 404 and an audited denial outside the
/// scope. A result the compliance gate blocks is a 409 problem <c>contact_blocked</c> with <c>reasons</c> and
/// <c>next_allowed_at</c>; rule errors are 422 problems with their code.
/// </summary>
public static class VisitsApi
{
    public static RouteGroupBuilder MapVisitsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var visits = api.MapGroup("/visits").WithTags("Visits");
        visits.MapGet("/", List).RequireAuthorization(Policies.ReadPortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("The visits planned on a date (default: the lender's today), of one agent (agent=e-mail) or all in scope, ordered by area, address, id.");
        visits.MapPost("/", Plan).RequireAuthorization(Policies.WritePortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Plans a field visit (admin, supervisor); the agent must hold an active field_agent assignment for the debtor.");
        visits.MapGet("/{id:long}", Get).RequireAuthorization(Policies.ReadPortfolio).WithSummary("One visit in the user's scope.");
        visits.MapPost("/{id:long}/result", RecordResult).RequireAuthorization(Policies.ContactDebtors)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Records a visit's result (done or failed) as a visit activity, checked by the compliance gate; a promise is made through Promises.");
        visits.MapPost("/{id:long}/cancel", Cancel).RequireAuthorization(Policies.WritePortfolio)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Cancels a planned visit with a reason (admin, supervisor).");

        var appointments = api.MapGroup("/debtors/{id:long}/appointments").WithTags("Visits");
        appointments.MapGet("/", Appointments).RequireAuthorization(Policies.ReadPortfolio)
            .WithSummary("Whether an in-person appointment is offered (balance per currency against its threshold) and the debtor's appointments.");
        appointments.MapPost("/", Schedule).RequireAuthorization(Policies.ContactDebtors)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Schedules an in-person appointment (date and time in the debtor's zone) when one is offered.");
        appointments.MapPost("/{appointmentId:long}/status", CloseAppointment).RequireAuthorization(Policies.ContactDebtors)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Closes a scheduled appointment as attended, missed or cancelled.");

        var thresholds = api.MapGroup("/appointment-thresholds").WithTags("Visits");
        thresholds.MapGet("/", Thresholds).RequireAuthorization(Policies.ReadPortfolio).WithSummary("The balance per currency above which an appointment is offered.");
        thresholds.MapPut("/{currency}", SetThreshold).RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Sets a currency's threshold in major units (admin; audited).");
        return api;
    }

    public sealed record PlanRequest(
        long DebtorId, string? AgentEmail, string? Purpose, DateOnly? PlannedOn, long? CollateralId, long? InsurancePolicyId, string? Address, string? Area, string? Note);

    public sealed record PromiseRequest(string? Currency, IReadOnlyList<PromisesApi.PromiseInstallmentRequest>? Installments);

    public sealed record ResultRequest(string? Status, string? Outcome, string? DefaultCause, string? Note, DateTimeOffset? NextActionAt, PromiseRequest? Promise);

    public sealed record CancelRequest(string? Reason);

    public sealed record VisitDto(
        long Id,
        long DebtorId,
        string DebtorExternalId,
        string DebtorName,
        string AgentEmail,
        string Purpose,
        DateOnly PlannedOn,
        string Area,
        string Address,
        long? CollateralId,
        long? InsurancePolicyId,
        string? Note,
        string Status,
        long? ActivityId,
        string? ResultNote,
        DateTimeOffset? ResultAt,
        string? CancelReason);

    public sealed record ResultDto(VisitDto Visit, long? PromiseId, string? PromiseError);

    public sealed record AppointmentRequest(DateOnly? Date, string? Time, string? Place, string? Purpose);

    public sealed record AppointmentStatusRequest(string? Status);

    public sealed record CurrencyOfferDto(string Currency, MoneyDto Balance, MoneyDto? Threshold, bool Offered, string Reason);

    public sealed record OfferDto(bool Offered, string Reason, IReadOnlyList<CurrencyOfferDto> Currencies);

    public sealed record AppointmentDto(long Id, DateOnly Date, string Time, string TimeZone, string Place, string Purpose, string Status);

    public sealed record DebtorAppointmentsDto(OfferDto Offer, IReadOnlyList<AppointmentDto> Appointments);

    public sealed record ThresholdRequest([property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal MinimumBalance);

    public sealed record ThresholdDto(string Currency, MoneyDto MinimumBalance, DateTimeOffset UpdatedAt);

    internal static async Task<Ok<IReadOnlyList<VisitDto>>> List(DateOnly? date, string? agent, ClaimsPrincipal user, FieldVisits visits, TimeProvider clock, CancellationToken ct)
    {
        string? agentId = null;
        if (!string.IsNullOrWhiteSpace(agent))
        {
            agentId = await visits.UserIdByEmailAsync(agent, ct) ?? throw new DomainException("not_found", "No user has that e-mail.", "agent");
        }

        var rows = await visits.ListAsync(date ?? BusinessCalendar.LenderToday(clock), agentId, VisitAccess.Scope(user), ct);
        return TypedResults.Ok<IReadOnlyList<VisitDto>>(rows.Select(Dto).ToList());
    }

    internal static async Task<Created<VisitDto>> Plan(PlanRequest request, FieldVisits visits, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var agentId = await visits.UserIdByEmailAsync(request.AgentEmail, ct)
            ?? throw new DomainException(string.IsNullOrWhiteSpace(request.AgentEmail) ? "required" : "not_found", "The field agent's e-mail is required and must be a user's.", "agent_email");
        var visit = await visits.PlanAsync(
            new NewVisit(
                request.DebtorId,
                agentId,
                Codes.Parse<VisitPurpose>(request.Purpose, "purpose"),
                request.PlannedOn ?? BusinessCalendar.LenderToday(clock),
                request.CollateralId,
                request.InsurancePolicyId,
                request.Address,
                request.Area,
                request.Note),
            ct);
        return TypedResults.Created($"/api/v1/visits/{Id(visit.Id)}", Dto(visit));
    }

    internal static async Task<Results<Ok<VisitDto>, NotFound>> Get(
        long id, ClaimsPrincipal user, FieldVisits visits, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct) =>
        await VisitAccess.FindAsync(id, false, user, visits, db, actor, clock, "read_visit", ct) is { } visit ? TypedResults.Ok(Dto(visit)) : TypedResults.NotFound();

    internal static async Task<Results<Ok<ResultDto>, NotFound, ProblemHttpResult>> RecordResult(
        long id, ResultRequest request, ClaimsPrincipal user, FieldVisits visits, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await VisitAccess.FindAsync(id, true, user, visits, db, actor, clock, "record_visit", ct) is null)
        {
            return TypedResults.NotFound();
        }

        var result = new VisitResult(
            Codes.Parse<VisitStatus>(request.Status, "status"),
            Codes.Parse<ActivityOutcome>(request.Outcome, "outcome"),
            request.DefaultCause is { Length: > 0 } cause ? Codes.Parse<DefaultCause>(cause, "default_cause") : null,
            request.Note,
            request.NextActionAt,
            request.Promise?.Currency,
            request.Promise?.Installments?.Select(i => new PromiseInstallmentInput(i.DueOn, i.Amount)).ToList());
        var answer = await visits.RecordResultAsync(id, result, ActivitiesApi.Author(user, actor), ct);
        if (answer.Refusal is { } refusal)
        {
            return TypedResults.Problem(ActivitiesApi.Blocked(refusal));
        }

        return TypedResults.Ok(new ResultDto(Dto(answer.Visit!), answer.PromiseId, answer.PromiseError));
    }

    internal static async Task<Results<Ok<VisitDto>, NotFound>> Cancel(
        long id, CancelRequest request, ClaimsPrincipal user, FieldVisits visits, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await VisitAccess.FindAsync(id, true, user, visits, db, actor, clock, "cancel_visit", ct) is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(Dto(await visits.CancelAsync(id, request.Reason, ct)));
    }

    internal static async Task<Results<Ok<DebtorAppointmentsDto>, NotFound>> Appointments(
        long id, ClaimsPrincipal user, Appointments appointments, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (!await ActivitiesApi.VisibleAsync(id, user, db, actor, clock, "read_appointments", ct))
        {
            return TypedResults.NotFound();
        }

        var offer = await appointments.OfferAsync(id, ct);
        var list = await appointments.ListByDebtorAsync(id, ct);
        return TypedResults.Ok(new DebtorAppointmentsDto(Dto(offer), list.Select(Dto).ToList()));
    }

    internal static async Task<Results<Created<AppointmentDto>, NotFound>> Schedule(
        long id, AppointmentRequest request, ClaimsPrincipal user, Appointments appointments, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await ActivitiesApi.VisibleAsync(id, user, db, actor, clock, "schedule_appointment", ct))
        {
            return TypedResults.NotFound();
        }

        var appointment = await appointments.ScheduleAsync(
            id,
            new NewAppointment(
                request.Date ?? throw new DomainException("required", "The date is required.", "date"),
                ParseTime(request.Time),
                request.Place ?? string.Empty,
                request.Purpose ?? string.Empty),
            ct);
        return TypedResults.Created($"/api/v1/debtors/{Id(id)}/appointments", Dto(appointment));
    }

    internal static async Task<Results<Ok<AppointmentDto>, NotFound>> CloseAppointment(
        long id, long appointmentId, AppointmentStatusRequest request, ClaimsPrincipal user, Appointments appointments, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await ActivitiesApi.VisibleAsync(id, user, db, actor, clock, "close_appointment", ct))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(Dto(await appointments.CloseAsync(id, appointmentId, Codes.Parse<AppointmentStatus>(request.Status, "status"), ct)));
    }

    internal static async Task<Ok<IReadOnlyList<ThresholdDto>>> Thresholds(Appointments appointments, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ThresholdDto>>((await appointments.ThresholdsAsync(ct)).Select(Dto).ToList());

    internal static async Task<Ok<ThresholdDto>> SetThreshold(string currency, ThresholdRequest request, Appointments appointments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TypedResults.Ok(Dto(await appointments.SetThresholdAsync(currency, request.MinimumBalance, ct)));
    }

    /// <summary>A time of day typed as HH:mm (24 hours).</summary>
    internal static TimeOnly ParseTime(string? text) =>
        TimeOnly.TryParseExact((text ?? string.Empty).Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new DomainException(string.IsNullOrWhiteSpace(text) ? "required" : "invalid_time", "The time is HH:mm (24 hours).", "time");

    internal static VisitDto Dto(VisitView v) => new(
        v.Id,
        v.DebtorId,
        v.DebtorExternalId,
        v.DebtorName,
        v.AgentEmail,
        EnumCodes.ToCode(v.Purpose),
        v.PlannedOn,
        v.Area,
        v.Address,
        v.CollateralId,
        v.InsurancePolicyId,
        v.Note,
        EnumCodes.ToCode(v.Status),
        v.ActivityId,
        v.ResultNote,
        v.ResultAt,
        v.CancelReason);

    private static OfferDto Dto(AppointmentOffer offer) => new(
        offer.Offered,
        EnumCodes.ToCode(offer.Reason),
        offer.Currencies.Select(c => new CurrencyOfferDto(
            c.CurrencyCode,
            MoneyDto.FromMinor(c.BalanceMinor, c.CurrencyCode),
            c.ThresholdMinor is { } t ? MoneyDto.FromMinor(t, c.CurrencyCode) : null,
            c.Offered,
            EnumCodes.ToCode(c.Reason))).ToList());

    private static AppointmentDto Dto(AppointmentView a) =>
        new(a.Id, a.Date, a.Time.ToString("HH:mm", CultureInfo.InvariantCulture), a.TimeZone, a.Place, a.Purpose, EnumCodes.ToCode(a.Status));

    private static ThresholdDto Dto(AppointmentThresholdView t) => new(t.Currency, MoneyDto.FromMinor(t.MinimumBalanceMinor, t.Currency), t.UpdatedAt);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
