using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Agreements;
using Cartera.Application.Data;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Common;
using Cartera.Web.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Collection.Agreements;

/// <summary>
/// <c>/api/v1/agreements</c> (docs/user/collection.md, Agreements): simulate, create, the approval inbox, approve,
/// reject, read. Collectors, field agents and agencies act only on their assigned debtors (a debtor outside the scope
/// is a 404 and an audited denial); supervisors and administrators on every debtor; only they see the inbox and decide.
/// Refused terms → 422 with code and field; a decision on an agreement no longer pending or changed → 409.
/// </summary>
public static class AgreementsApi
{
    public static RouteGroupBuilder MapAgreementsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/agreements").WithTags("Agreements").RequireAuthorization(Policies.ReadPortfolio);
        group.MapPost("/simulate", Simulate)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Simulates an agreement (RULES §14): position on the date, agreed balance, forgiven, down payment and schedule; nothing is stored.");
        group.MapPost("/", Create)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Creates an agreement: approved at once within the requester's limit, else pending_approval in the inbox.");
        group.MapGet("/inbox", Inbox).WithSummary("Agreements pending approval that the caller may approve (supervisor, admin), oldest first.");
        group.MapGet("/{id:long}", Get).WithSummary("One agreement with its terms, figures, obligations and schedule.");
        group.MapGet("/{id:long}/pdf", Pdf)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithSummary("The agreement as a PDF in Spanish: terms, schedule, totals and signature lines.");
        group.MapPost("/{id:long}/approve", Approve)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Approves a pending agreement within the caller's limit (above it → 422 above_authority).");
        group.MapPost("/{id:long}/reject", Reject)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Rejects a pending agreement with a note saying why.");
        return api;
    }

    /// <param name="ObligationIds">Internal ids of the obligations (one debtor, one currency).</param>
    /// <param name="Rate">Effective annual rate as a fraction (0 allowed; at most the legal cap on the date).</param>
    /// <param name="DownPayment">Amount in the obligations' currency; default the minimum (10 % of the agreed balance).</param>
    public sealed record AgreementBody(
        IReadOnlyList<long>? ObligationIds,
        DateOnly? Date,
        int? Installments,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? Rate,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? DownPayment,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? PrincipalDiscount,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? ArrearsWaiver,
        [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? FeeWaiver,
        DateOnly? FirstDueDate);

    /// <param name="Version">The version read with the agreement; a different current version → 409.</param>
    public sealed record DecisionBody(string? Note, uint? Version);

    public sealed record InstallmentDto(int Number, DateOnly DueOn, MoneyDto Principal, MoneyDto Interest, MoneyDto Amount);

    public sealed record PositionDto(MoneyDto OverduePrincipal, MoneyDto FuturePrincipal, MoneyDto OverdueInterest, MoneyDto ArrearsInterest, MoneyDto Fees, MoneyDto OtherOverdue);

    public sealed record SimulationDto(
        long DebtorId,
        IReadOnlyList<long> ObligationIds,
        DateOnly Date,
        PositionDto Position,
        MoneyDto AgreedBalance,
        MoneyDto Forgiven,
        MoneyDto MinimumDownPayment,
        MoneyDto DownPayment,
        MoneyDto Financed,
        MoneyDto TotalToPay,
        decimal? CapEa,
        string RequiredApprover,
        IReadOnlyList<InstallmentDto> Installments);

    public sealed record AgreementDto(
        long Id,
        uint Version,
        string Status,
        long DebtorId,
        IReadOnlyList<long> ObligationIds,
        DateOnly Date,
        int InstallmentCount,
        decimal Rate,
        decimal PrincipalDiscount,
        decimal ArrearsWaiver,
        decimal FeeWaiver,
        DateOnly FirstDueDate,
        PositionDto Position,
        MoneyDto AgreedBalance,
        MoneyDto Forgiven,
        MoneyDto DownPayment,
        MoneyDto Financed,
        MoneyDto TotalToPay,
        string RequiredApprover,
        string RequestedBy,
        DateTimeOffset RequestedAt,
        string? DecidedBy,
        DateTimeOffset? DecidedAt,
        string? DecisionNote,
        long? AgreementObligationId,
        IReadOnlyList<InstallmentDto> Installments);

    internal static AgreementRequest ToRequest(AgreementBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.ObligationIds is not { Count: > 0 } ids)
        {
            throw new DomainException("required", "At least one obligation id is required.", "obligation_ids");
        }

        return new AgreementRequest(
            ids,
            body.Date ?? throw new DomainException("required", "The agreement date is required.", "date"),
            body.Installments ?? throw new DomainException("required", "The number of installments is required.", "installments"),
            body.Rate ?? throw new DomainException("required", "The rate is required (0 allowed).", "rate"),
            body.DownPayment,
            body.PrincipalDiscount ?? 0m,
            body.ArrearsWaiver ?? 0m,
            body.FeeWaiver ?? 0m,
            body.FirstDueDate);
    }

    /// <summary>Whether every obligation belongs to a debtor the user sees; a refusal is audited.</summary>
    internal static async Task<bool> VisibleAsync(IReadOnlyList<long> obligationIds, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        var visible = await PortfolioAccess.VisibleObligations(db, user).CountAsync(o => obligationIds.Contains(o.Id), ct);
        if (visible == obligationIds.Distinct().Count())
        {
            return true;
        }

        await AccessDenials.RecordAsync(db, actor, clock, "Obligation", string.Join(';', obligationIds.Select(i => i.ToString(CultureInfo.InvariantCulture))), "agreement: obligation outside the user's portfolio", ct);
        return false;
    }

    internal static async Task<Results<Ok<SimulationDto>, NotFound>> Simulate(AgreementBody body, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, AgreementSimulations simulations, CancellationToken ct)
    {
        var request = ToRequest(body);
        if (!await VisibleAsync(request.ObligationIds, user, db, actor, clock, ct))
        {
            return TypedResults.NotFound();
        }

        var quote = await simulations.SimulateAsync(request, ct);
        return TypedResults.Ok(ToDto(quote, simulations.Options.Limits.RequiredApprover(quote.Simulation.Terms)));
    }

    internal static async Task<Results<Created<AgreementDto>, NotFound, ForbidHttpResult>> Create(AgreementBody body, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, PaymentAgreements agreements, CancellationToken ct)
    {
        var request = ToRequest(body);
        if (PaymentAgreements.LevelOf(user.IsInRole) is not { } level)
        {
            return TypedResults.Forbid();
        }

        if (!await VisibleAsync(request.ObligationIds, user, db, actor, clock, ct))
        {
            return TypedResults.NotFound();
        }

        var view = await agreements.CreateAsync(request, level, ct);
        return TypedResults.Created($"/api/v1/agreements/{view.Agreement.Id.ToString(CultureInfo.InvariantCulture)}", ToDto(view));
    }

    internal static async Task<Results<Ok<IReadOnlyList<AgreementDto>>, ForbidHttpResult>> Inbox(ClaimsPrincipal user, CarteraDbContext db, PaymentAgreements agreements, CancellationToken ct)
    {
        if (PaymentAgreements.LevelOf(user.IsInRole) is not ({ } level and >= AgreementApprover.Supervisor))
        {
            return TypedResults.Forbid();
        }

        var pending = await VisiblePendingAsync(await agreements.InboxAsync(level, ct), user, db, ct);
        var views = new List<AgreementDto>(pending.Count);
        foreach (var a in pending)
        {
            views.Add(ToDto((await agreements.GetAsync(a.Id, ct))!));
        }

        return TypedResults.Ok<IReadOnlyList<AgreementDto>>(views);
    }

    internal static async Task<Results<Ok<AgreementDto>, NotFound>> Get(long id, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, PaymentAgreements agreements, CancellationToken ct)
    {
        var view = await VisibleAgreementAsync(id, user, db, actor, clock, agreements, ct);
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(ToDto(view));
    }

    /// <summary>The PDF of an agreement whose debtor the user sees (the API route and the page's download link).</summary>
    internal static async Task<Results<FileContentHttpResult, NotFound>> Pdf(long id, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, PaymentAgreements agreements, CancellationToken ct)
    {
        if (await VisibleAgreementAsync(id, user, db, actor, clock, agreements, ct) is null || await AgreementPdf.ForAsync(db, agreements, id, ct) is not { } pdf)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.File(pdf.Pdf, "application/pdf", $"acuerdo-{id.ToString(CultureInfo.InvariantCulture)}.pdf");
    }

    internal static Task<Results<Ok<AgreementDto>, NotFound, ForbidHttpResult>> Approve(long id, DecisionBody body, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, PaymentAgreements agreements, CancellationToken ct) =>
        DecideAsync(id, body, user, db, actor, clock, agreements, approve: true, ct);

    internal static Task<Results<Ok<AgreementDto>, NotFound, ForbidHttpResult>> Reject(long id, DecisionBody body, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, PaymentAgreements agreements, CancellationToken ct) =>
        DecideAsync(id, body, user, db, actor, clock, agreements, approve: false, ct);

    /// <summary>The inbox's agreements whose debtor the user sees (a supervisor: their teams' and the unassigned debtors).</summary>
    internal static async Task<IReadOnlyList<PaymentAgreement>> VisiblePendingAsync(IReadOnlyList<PaymentAgreement> pending, ClaimsPrincipal user, CarteraDbContext db, CancellationToken ct)
    {
        var debtorIds = pending.Select(a => a.DebtorId).Distinct().ToList();
        var visible = (await PortfolioAccess.VisibleDebtors(db, user).Where(d => debtorIds.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        return pending.Where(a => visible.Contains(a.DebtorId)).ToList();
    }

    /// <summary>An agreement whose debtor the user sees; else null (and an audited denial when it exists).</summary>
    internal static async Task<AgreementView?> VisibleAgreementAsync(long id, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, PaymentAgreements agreements, CancellationToken ct)
    {
        var view = await agreements.GetAsync(id, ct);
        if (view is null)
        {
            return null;
        }

        if (!await PortfolioAccess.VisibleDebtors(db, user).AnyAsync(d => d.Id == view.Agreement.DebtorId, ct))
        {
            await AccessDenials.RecordAsync(db, actor, clock, nameof(PaymentAgreement), id.ToString(CultureInfo.InvariantCulture), "agreement of a debtor outside the user's portfolio", ct);
            return null;
        }

        return view;
    }

    private static async Task<Results<Ok<AgreementDto>, NotFound, ForbidHttpResult>> DecideAsync(
        long id, DecisionBody body, ClaimsPrincipal user, CarteraDbContext db, IActor actor, TimeProvider clock, PaymentAgreements agreements, bool approve, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (PaymentAgreements.LevelOf(user.IsInRole) is not ({ } level and >= AgreementApprover.Supervisor))
        {
            return TypedResults.Forbid();
        }

        // A supervisor decides only on the agreements of debtors in their teams (or unassigned); others are a 404, audited.
        if (await VisibleAgreementAsync(id, user, db, actor, clock, agreements, ct) is null)
        {
            return TypedResults.NotFound();
        }

        var view = approve
            ? await agreements.ApproveAsync(id, level, body.Note, body.Version, ct)
            : await agreements.RejectAsync(id, level, body.Note, body.Version, ct);
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(ToDto(view));
    }

    internal static SimulationDto ToDto(AgreementQuote quote, AgreementApprover required)
    {
        var s = quote.Simulation;
        var code = quote.Currency.Code;
        MoneyDto M(Domain.Common.Money m) => MoneyDto.FromMinor(m.MinorUnits, code);
        var p = s.Position;
        return new SimulationDto(
            quote.DebtorId,
            quote.ObligationIds,
            s.Terms.Date,
            new PositionDto(M(p.OverduePrincipal), M(p.FuturePrincipal), M(p.OverdueInterest), M(p.ArrearsInterest), M(p.Fees), M(p.OtherOverdue)),
            M(s.AgreedBalance),
            M(s.Forgiven),
            M(s.MinimumDownPayment),
            M(s.DownPayment),
            M(s.Financed),
            M(s.TotalToPay),
            quote.CapEa,
            EnumCodes.ToCode(required),
            s.Schedule.Select(i => new InstallmentDto(i.Number, i.DueDate, M(i.Principal), M(i.Interest), M(i.Total))).ToList());
    }

    internal static AgreementDto ToDto(AgreementView view)
    {
        var a = view.Agreement;
        MoneyDto M(long minor) => MoneyDto.FromMinor(minor, a.CurrencyCode);
        return new AgreementDto(
            a.Id,
            a.Version,
            EnumCodes.ToCode(a.Status),
            a.DebtorId,
            view.ObligationIds,
            a.AgreementDate,
            a.InstallmentCount,
            a.Rate,
            a.PrincipalDiscount,
            a.ArrearsWaiver,
            a.FeeWaiver,
            a.FirstDueDate,
            new PositionDto(M(a.OverduePrincipalMinor), M(a.FuturePrincipalMinor), M(a.OverdueInterestMinor), M(a.ArrearsInterestMinor), M(a.FeesMinor), M(a.OtherOverdueMinor)),
            M(a.AgreedBalanceMinor),
            M(a.ForgivenMinor),
            M(a.DownPaymentMinor),
            M(a.FinancedMinor),
            M(a.TotalToPayMinor),
            EnumCodes.ToCode(a.RequiredApprover),
            a.RequestedBy,
            a.RequestedAt,
            a.DecidedBy,
            a.DecidedAt,
            a.DecisionNote,
            a.AgreementObligationId,
            view.Installments.Select(i => new InstallmentDto(i.Number, i.DueDate, M(i.PrincipalMinor), M(i.InterestMinor), M(checked(i.PrincipalMinor + i.InterestMinor)))).ToList());
    }
}
