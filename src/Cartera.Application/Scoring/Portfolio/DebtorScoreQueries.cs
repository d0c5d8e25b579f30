using System.Text.Json;
using Cartera.Application.Data;
using Cartera.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Scoring.Portfolio;

/// <summary>
/// A debtor's latest score as the debtor page, the API and the work queue read it, with the ranked actions the debtor
/// can lawfully receive now (<see cref="Actions"/>, best first) and the candidates left out with their reasons.
/// </summary>
public sealed record DebtorScoreView(
    long DebtorId,
    DateOnly BusinessDate,
    double Probability,
    string Segment,
    string RiskBand,
    string BalanceBand,
    string DpdBand,
    int Dpd,
    long BalanceMinor,
    string Currency,
    IReadOnlyList<StoredReason> Reasons,
    long ModelId,
    string ModelVersion,
    IReadOnlyList<RankedAction> Actions,
    IReadOnlyList<ExcludedAction> ExcludedActions);

/// <summary>One segment on a date: how many debtors, their balance (minor units) and mean payment probability.</summary>
public sealed record SegmentLine(string Segment, string RiskBand, string BalanceBand, string DpdBand, int Debtors, long BalanceMinor, double MeanProbability);

/// <summary>One debtor in the segment list.</summary>
public sealed record ScoredDebtorLine(long DebtorId, string FullName, string Segment, double Probability, int Dpd, long BalanceMinor, string Currency);

/// <summary>The segments of a date and one page of its debtors (riskiest first).</summary>
public sealed record SegmentReport(DateOnly? BusinessDate, IReadOnlyList<SegmentLine> Segments, IReadOnlyList<ScoredDebtorLine> Debtors, int Page, int PageSize, int Total);

/// <summary>
/// The documented read side of the scores (for the work queue and strategies to come): a debtor's latest score with the
/// best-next-action ranking (over the stored priors of <c>action_priors</c> unless the caller passes its own), and the segments of a date with their debtors. <c>visibleDebtors</c> is the set of
/// debtor ids the caller may see (the web passes <c>PortfolioAccess.VisibleDebtors</c>), applied in SQL.
/// </summary>
/// <remarks>
/// The ranking keeps only actions the debtor can lawfully receive (<see cref="ActionEligibility"/>: consent, a usable
/// contact point, no opt-out, do-not-contact or hold), judged by the compliance gate over the stored rule sets
/// (<paramref name="compliance"/>, the application's singleton; a private one when not given).
/// </remarks>
public sealed class DebtorScoreQueries(CarteraDbContext db, Compliance.ComplianceCatalogCache? compliance = null)
{
    public async Task<DebtorScoreView?> LatestAsync(long debtorId, IReadOnlyList<ActionPrior>? priors = null, CancellationToken ct = default)
    {
        var row = await db.DebtorScores.AsNoTracking().Where(s => s.DebtorId == debtorId).OrderByDescending(s => s.BusinessDate).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var version = await db.ScoringModels.AsNoTracking().Where(m => m.Id == row.ModelId).Select(m => m.ModelVersion).FirstOrDefaultAsync(ct) ?? string.Empty;
        var reasons = JsonSerializer.Deserialize<List<StoredReason>>(row.ReasonsJson, ScoringJson.Options) ?? [];
        var digits = Domain.Common.Currency.TryOf(row.CurrencyCode, out var currency) ? currency.MinorUnits : 2;
        priors ??= await new Actions.ActionPriorCatalog(db).CurrentAsync(ct);
        var ranked = BestNextAction.Rank(row.Probability, row.BalanceMinor / (decimal)Math.Pow(10, digits), row.Dpd, priors);
        var reach = await ReachabilityAsync(debtorId, ct);
        var choice = ActionEligibility.Filter(ranked, reach);
        var excluded = choice.Excluded.Select(e => new ExcludedAction(e.Code, e.Reasons.Select(ActionReachability.Label).ToList())).ToList();
        return new DebtorScoreView(row.DebtorId, row.BusinessDate, row.Probability, row.Segment, row.RiskBand, row.BalanceBand, row.DpdBand, row.Dpd, row.BalanceMinor, row.CurrencyCode, reasons, row.ModelId, version, choice.Allowed, excluded);
    }

    private async Task<DebtorReachability> ReachabilityAsync(long debtorId, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        if (compliance is not null)
        {
            return await ActionReachability.LoadAsync(db, await compliance.GateAsync(db, ct), debtorId, now, ct);
        }

        using var own = new Compliance.ComplianceCatalogCache();
        return await ActionReachability.LoadAsync(db, await own.GateAsync(db, ct), debtorId, now, ct);
    }

    /// <summary>The segments on <paramref name="date"/> (default: the latest scored date) and a page of debtors, optionally of one segment.</summary>
    public async Task<SegmentReport> SegmentsAsync(IQueryable<long> visibleDebtors, DateOnly? date, string? segment, int page, int pageSize, CancellationToken ct = default)
    {
        var day = date ?? await db.DebtorScores.AsNoTracking().MaxAsync(s => (DateOnly?)s.BusinessDate, ct);
        if (day is not { } d)
        {
            return new SegmentReport(null, [], [], page, pageSize, 0);
        }

        var scores = db.DebtorScores.AsNoTracking().Where(s => s.BusinessDate == d && visibleDebtors.Contains(s.DebtorId));
        var segments = (await scores
                .GroupBy(s => new { s.Segment, s.RiskBand, s.BalanceBand, s.DpdBand })
                .Select(g => new { g.Key, Count = g.Count(), Balance = g.Sum(s => s.BalanceMinor), Mean = g.Average(s => s.Probability) })
                .ToListAsync(ct))
            .Select(g => new SegmentLine(g.Key.Segment, g.Key.RiskBand, g.Key.BalanceBand, g.Key.DpdBand, g.Count, g.Balance, g.Mean))
            .OrderBy(s => SegmentPolicy.RiskBands.ToList().IndexOf(s.RiskBand))
            .ThenByDescending(s => s.BalanceMinor)
            .ToList();
        var listed = string.IsNullOrWhiteSpace(segment) ? scores : scores.Where(s => s.Segment == segment);
        var total = await listed.CountAsync(ct);
        var debtors = await listed
            .Join(db.Debtors, s => s.DebtorId, x => x.Id, (s, x) => new { s, x.FullName })
            .OrderBy(r => r.s.Probability).ThenBy(r => r.s.DebtorId)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new ScoredDebtorLine(r.s.DebtorId, r.FullName, r.s.Segment, r.s.Probability, r.s.Dpd, r.s.BalanceMinor, r.s.CurrencyCode))
            .ToListAsync(ct);
        return new SegmentReport(d, segments, debtors, page, pageSize, total);
    }
}
