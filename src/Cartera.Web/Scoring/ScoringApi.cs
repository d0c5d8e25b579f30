using System.Globalization;
using System.Security.Claims;
using Cartera.Application.Data;
using Cartera.Application.Scoring.Actions;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Domain.Common;
using Cartera.Domain.Scoring;
using Cartera.Web.Portfolio;
using Cartera.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Scoring;

/// <summary>
/// Risk scores: <c>GET /api/v1/debtors/{id}/score</c> (the latest score, segment, three reasons and the ranked next
/// actions) and <c>GET /api/v1/scoring/segments?date=D&amp;segment=S&amp;page=&amp;pageSize=</c> (segments with counts and
/// balances, debtors by score). Both follow <see cref="PortfolioAccess"/>: assigned-only roles see their debtors only
/// (another debtor's score is a 404, and they are not counted in the segments). Best next action (docs/scoring.md): the
/// stored priors (<c>GET</c> admin, supervisor, analyst, auditor; <c>PUT</c> admin), learning from the champion/challenger
/// outcomes (<c>POST /scoring/action-priors/learn</c>, admin), recording an outcome (<c>POST /scoring/action-outcomes</c>,
/// admin and supervisor, only for a debtor they see) and the experiments' report (<c>GET /scoring/experiments</c>).
/// </summary>
public static class ScoringApi
{
    public static RouteGroupBuilder MapScoringApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/debtors/{id:long}/score", Score).WithTags("Scoring").RequireAuthorization(Policies.ReadPortfolio)
            .WithSummary("The debtor's latest payment-probability score with its segment, three reasons and ranked next actions.");
        api.MapGet("/scoring/segments", Segments).WithTags("Scoring").RequireAuthorization(Policies.ReadPortfolio)
            .WithSummary("Segments (risk × balance × days past due) of a scored date with counts and balances, and a page of debtors by score.");
        api.MapGet("/scoring/action-priors", Priors).WithTags("Scoring").RequireAuthorization(Policies.ReadAging)
            .WithSummary("The stored best-next-action priors: lift, recovery share, cost, minimum DPD, enabled, source (configured or learned).");
        api.MapPut("/scoring/action-priors", SavePrior).WithTags("Scoring").RequireAuthorization(Policies.Admin)
            .WithSummary("Create or edit one prior by code (admin; audited; version = the row's version as read, 409 when stale).");
        api.MapPost("/scoring/action-priors/learn", Learn).WithTags("Scoring").RequireAuthorization(Policies.Admin)
            .WithSummary("Learn the lifts from the observed champion/challenger outcomes; apply=true stores them (admin; audited).");
        api.MapPost("/scoring/action-outcomes", RecordOutcome).WithTags("Scoring").RequireAuthorization(Policies.WritePortfolio)
            .WithSummary("Record the action decided for a debtor in a champion/challenger experiment; observed by close-of-day once its window ends.");
        api.MapGet("/scoring/experiments", Experiments).WithTags("Scoring").RequireAuthorization(Policies.ReadAging)
            .WithSummary("Champion against challenger per experiment: outcomes, payers, observed and expected rates, lift, z-test p-value.");
        return api;
    }

    // The score's ranked actions are those the debtor can lawfully receive now; excluded_actions lists the others, each
    // with its reason codes and their Spanish and English labels (docs/scoring.md, "Best next action").

    /// <summary>A stored prior as the API shows it.</summary>
    public sealed record ActionPriorDto(
        string Code,
        double Lift,
        double RecoveryShare,
        MoneyDto Cost,
        int MinDpd,
        bool Enabled,
        string Source,
        int? LearnedFromOutcomes,
        int? LearnedFromPayers,
        DateOnly? LearnedAsOf,
        string UpdatedBy,
        DateTimeOffset UpdatedAt,
        uint Version)
    {
        public static ActionPriorDto From(StoredActionPrior p) =>
            new(p.Code, p.Lift, p.RecoveryShare, MoneyDto.FromMinor(p.CostMinor, p.CurrencyCode.Trim()), p.MinDpd, p.Enabled, p.Source, p.LearnedFromOutcomes, p.LearnedFromPayers, p.LearnedAsOf, p.UpdatedBy, p.UpdatedAt, p.Version);
    }

    /// <summary>The body of <c>PUT /scoring/action-priors</c>.</summary>
    public sealed record ActionPriorRequest(string? Code, double? Lift, double? RecoveryShare, MoneyInput? Cost, int? MinDpd, bool? Enabled, uint? Version);

    /// <summary>The body of <c>POST /scoring/action-outcomes</c>.</summary>
    public sealed record ActionOutcomeRequest(long? DebtorId, DateOnly? DecidedOn, string? ActionCode, string? Arm, string? Experiment, double? PredictedProbability, MoneyInput? AmountDue, int? WindowDays);

    /// <summary>The body of <c>POST /scoring/action-priors/learn</c> (all optional).</summary>
    public sealed record LearnRequest(DateOnly? AsOf, bool? Apply, int? PseudoCount, int? MinOutcomes);

    internal static async Task<Ok<IReadOnlyList<ActionPriorDto>>> Priors(CarteraDbContext db, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ActionPriorDto>>((await new ActionPriorCatalog(db).ListAsync(ct)).Select(ActionPriorDto.From).ToList());

    internal static async Task<Ok<ActionPriorDto>> SavePrior(ActionPriorRequest body, CarteraDbContext db, CancellationToken ct)
    {
        var cost = body.Cost ?? throw new DomainException("required", "cost is required.", "cost");
        var currency = Domain.Common.Currency.TryOf(cost.Currency?.Trim().ToUpperInvariant(), out var c) ? c : throw new DomainException("invalid_currency", "The currency is an ISO 4217 code Cartera knows.", "cost.currency");
        var input = new ActionPriorInput(
            body.Code ?? string.Empty,
            body.Lift ?? throw new DomainException("required", "lift is required.", "lift"),
            body.RecoveryShare ?? 1.0,
            Domain.Common.Money.Of(cost.Amount, currency).MinorUnits,
            currency.Code,
            body.MinDpd ?? 0,
            body.Enabled ?? true,
            body.Version);
        return TypedResults.Ok(ActionPriorDto.From(await new ActionPriorCatalog(db).SaveAsync(input, ct)));
    }

    internal static async Task<Ok<ActionLearningReport>> Learn(LearnRequest? body, CarteraDbContext db, CancellationToken ct)
    {
        var defaults = ActionLearningSettings.Default;
        var settings = new ActionLearningSettings(body?.PseudoCount ?? defaults.PseudoCount, body?.MinOutcomes ?? defaults.MinimumOutcomes);
        return TypedResults.Ok(await new ActionLearning(db).LearnAsync(body?.AsOf, body?.Apply ?? false, settings, ct));
    }

    internal static async Task<Created<ActionOutcome>> RecordOutcome(ActionOutcomeRequest body, ClaimsPrincipal user, CarteraDbContext db, CancellationToken ct)
    {
        var debtorId = body.DebtorId ?? throw new DomainException("required", "debtor_id is required.", "debtor_id");
        if (!await PortfolioAccess.VisibleDebtors(db, user).AnyAsync(d => d.Id == debtorId, ct))
        {
            throw new DomainException("unknown_debtor", "No debtor has this id.", "debtor_id");
        }

        var due = body.AmountDue ?? throw new DomainException("required", "amount_due is required.", "amount_due");
        var currency = Domain.Common.Currency.TryOf(due.Currency?.Trim().ToUpperInvariant(), out var c) ? c : throw new DomainException("invalid_currency", "The currency is an ISO 4217 code Cartera knows.", "amount_due.currency");
        var input = new ActionOutcomeInput(
            debtorId,
            body.DecidedOn ?? throw new DomainException("required", "decided_on is required.", "decided_on"),
            body.ActionCode ?? string.Empty,
            body.Arm ?? string.Empty,
            body.Experiment ?? string.Empty,
            body.PredictedProbability ?? throw new DomainException("required", "predicted_probability is required.", "predicted_probability"),
            Domain.Common.Money.Of(due.Amount, currency).MinorUnits,
            currency.Code,
            body.WindowDays);
        var row = await new ActionOutcomes(db).RecordAsync(input, ct);
        return TypedResults.Created($"/api/v1/scoring/action-outcomes/{row.Id.ToString(CultureInfo.InvariantCulture)}", row);
    }

    internal static async Task<Ok<IReadOnlyList<ExperimentReport>>> Experiments(CarteraDbContext db, string? asOf, CancellationToken ct) =>
        TypedResults.Ok(await new ActionLearning(db).ExperimentsAsync(ParseDate(asOf, "as_of"), ct));

    private static DateOnly? ParseDate(string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? null
            : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw new DomainException("invalid_value", field + " is yyyy-MM-dd.", field);

    internal static async Task<Results<Ok<DebtorScoreView>, NotFound>> Score(long id, ClaimsPrincipal user, CarteraDbContext db, Application.Compliance.ComplianceCatalogCache compliance, CancellationToken ct)
    {
        if (!await PortfolioAccess.VisibleDebtors(db, user).AnyAsync(d => d.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var score = await new DebtorScoreQueries(db, compliance).LatestAsync(id, ct: ct);
        return score is null ? TypedResults.NotFound() : TypedResults.Ok(score);
    }

    internal static async Task<Ok<SegmentReport>> Segments(ClaimsPrincipal user, CarteraDbContext db, string? date, string? segment, int? page, int? pageSize, CancellationToken ct)
    {
        var day = ParseDate(date, "date");
        var (p, size) = PortfolioSearch.Paging(page, pageSize);
        var visible = PortfolioAccess.VisibleDebtors(db, user).Select(d => d.Id);
        return TypedResults.Ok(await new DebtorScoreQueries(db).SegmentsAsync(visible, day, segment, p, size, ct));
    }
}
