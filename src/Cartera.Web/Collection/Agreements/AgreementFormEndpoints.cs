using System.Globalization;
using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Agreements;
using Cartera.Application.Data;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Collection.Agreements;

/// <summary>
/// The agreement pages' form posts (cookie session, antiforgery): create an agreement from the simulator, approve or
/// reject from the inbox; and the PDF download of the pages. Each redirects back to its page with the result or the
/// error code. The same object-level security as the API.
/// </summary>
public static class AgreementFormEndpoints
{
    public const string InboxPath = "/acuerdos/aprobaciones";

    public static string NewPath(long debtorId) => $"/deudores/{debtorId.ToString(CultureInfo.InvariantCulture)}/acuerdos/nuevo";

    public static string PdfPath(long id) => $"/acuerdos/{id.ToString(CultureInfo.InvariantCulture)}/pdf";

    public static IEndpointRouteBuilder MapAgreementFormEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/deudores/{id:long}/acuerdos", CreateAsync).RequireAuthorization(Policies.ReadPortfolio).ExcludeFromDescription();
        app.MapPost("/acuerdos/{id:long}/aprobar", ApproveAsync).RequireAuthorization(Policies.WritePortfolio).ExcludeFromDescription();
        app.MapPost("/acuerdos/{id:long}/rechazar", RejectAsync).RequireAuthorization(Policies.WritePortfolio).ExcludeFromDescription();
        app.MapGet("/acuerdos/{id:long}/pdf", AgreementsApi.Pdf).RequireAuthorization(Policies.ReadPortfolio).ExcludeFromDescription();
        return app;
    }

    /// <summary>The simulator's fields: obligation ids, date, installments, rate and concessions in percent, down payment, first due date.</summary>
    public sealed record AgreementForm(string? Obligations, string? Date, string? Installments, string? RatePercent, string? DownPayment, string? DiscountPercent, string? ArrearsWaiverPercent, string? FeeWaiverPercent, string? FirstDue);

    public sealed record DecisionForm(string? Note, string? Version);

    /// <summary>The form's fields as a request (percentages become fractions); a malformed field is a <see cref="DomainException"/> naming it.</summary>
    public static AgreementRequest ToRequest(AgreementForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        static decimal? Number(string? text, string field) =>
            string.IsNullOrWhiteSpace(text) ? null
            : decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value
            : throw new DomainException("invalid_value", "Not a number.", field);
        static DateOnly? Date(string? text, string field) =>
            string.IsNullOrWhiteSpace(text) ? null
            : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
            : throw new DomainException("invalid_date", "Not a date (yyyy-MM-dd).", field);
        var ids = (form.Obligations ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new DomainException("invalid_value", "Not an obligation id.", "obligations"))
            .ToList();
        if (ids.Count == 0)
        {
            throw new DomainException("required", "Choose at least one obligation.", "obligations");
        }

        return new AgreementRequest(
            ids,
            Date(form.Date, "date") ?? throw new DomainException("required", "The date is required.", "date"),
            (int)(Number(form.Installments, "installments") ?? throw new DomainException("required", "The number of installments is required.", "installments")),
            (Number(form.RatePercent, "rate") ?? 0m) / 100m,
            Number(form.DownPayment, "down_payment"),
            (Number(form.DiscountPercent, "principal_discount") ?? 0m) / 100m,
            (Number(form.ArrearsWaiverPercent, "arrears_waiver") ?? 0m) / 100m,
            (Number(form.FeeWaiverPercent, "fee_waiver") ?? 0m) / 100m,
            Date(form.FirstDue, "first_due"));
    }

    private static async Task<RedirectHttpResult> CreateAsync(long id, [FromForm] AgreementForm form, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, PaymentAgreements agreements, CancellationToken ct)
    {
        var page = NewPath(id);
        try
        {
            var request = ToRequest(form);
            if (PaymentAgreements.LevelOf(user.IsInRole) is not { } level || !await AgreementsApi.VisibleAsync(request.ObligationIds, user, db, actor, clock, ct))
            {
                return TypedResults.LocalRedirect($"{page}?error=not_found");
            }

            var view = await agreements.CreateAsync(request, level, ct);
            return view.Agreement.DebtorId != id
                ? TypedResults.LocalRedirect($"{page}?error=several_debtors")
                : TypedResults.LocalRedirect($"{page}?acuerdo={view.Agreement.Id.ToString(CultureInfo.InvariantCulture)}#acuerdos");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{page}?error={Uri.EscapeDataString(e.Code)}");
        }
        catch (ConflictException e)
        {
            return TypedResults.LocalRedirect($"{page}?error={Uri.EscapeDataString(e.Code)}");
        }
    }

    private static Task<RedirectHttpResult> ApproveAsync(
        long id, [FromForm] DecisionForm form, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, PaymentAgreements agreements, CancellationToken ct) =>
        DecideAsync(id, form, user, db, actor, clock, agreements, approve: true, ct);

    private static Task<RedirectHttpResult> RejectAsync(
        long id, [FromForm] DecisionForm form, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, PaymentAgreements agreements, CancellationToken ct) =>
        DecideAsync(id, form, user, db, actor, clock, agreements, approve: false, ct);

    private static async Task<RedirectHttpResult> DecideAsync(
        long id, DecisionForm form, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, PaymentAgreements agreements, bool approve, CancellationToken ct)
    {
        if (PaymentAgreements.LevelOf(user.IsInRole) is not ({ } level and >= AgreementApprover.Supervisor))
        {
            return TypedResults.LocalRedirect($"{InboxPath}?error=above_authority");
        }

        if (await AgreementsApi.VisibleAgreementAsync(id, user, db, actor, clock, agreements, ct) is null)
        {
            return TypedResults.LocalRedirect($"{InboxPath}?error=not_found");
        }

        uint? version = uint.TryParse(form.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        try
        {
            var view = approve
                ? await agreements.ApproveAsync(id, level, form.Note, version, ct)
                : await agreements.RejectAsync(id, level, form.Note, version, ct);
            return TypedResults.LocalRedirect(view is null ? $"{InboxPath}?error=not_found" : $"{InboxPath}?hecho={id.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{InboxPath}?error={Uri.EscapeDataString(e.Code)}");
        }
        catch (ConflictException e)
        {
            return TypedResults.LocalRedirect($"{InboxPath}?error={Uri.EscapeDataString(e.Code)}");
        }
    }
}
