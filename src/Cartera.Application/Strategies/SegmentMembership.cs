using System.Runtime.CompilerServices;
using Cartera.Application.Collection.Agreements;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Data;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Strategies;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Strategies;

/// <summary>
/// Segment membership for the close of day (docs/user/strategies.md, "Segmentos"). The debtor facts are built set-based:
/// one SQL query over the latest delinquency snapshots on or before the date (CloseOfDay's read model), the debtors
/// (region, core segment as a tag) and each debtor's latest score on or before the date (Scoring's
/// <c>debtor_scores</c>), streamed in debtor order; promise and agreement states come per batch from Collection's
/// <see cref="PromiseQueries"/> and <see cref="AgreementQueries"/>. The rule is then evaluated per debtor, batch by batch.
/// </summary>
public sealed class SegmentMembership(CarteraDbContext db, PromiseQueries promises, AgreementQueries agreements)
{
    public const int DefaultBatchSize = 2_000;

    /// <summary>The debtors that meet <paramref name="rule"/> on <paramref name="date"/>, by id.</summary>
    public async Task<IReadOnlyList<long>> MembersAsync(SegmentRule rule, DateOnly date, int batchSize = DefaultBatchSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var members = new List<long>();
        await foreach (var batch in FactsAsync(date, batchSize, ct))
        {
            members.AddRange(batch.Where(rule.Matches).Select(f => f.DebtorId));
        }

        return members;
    }

    /// <summary>
    /// The facts of every debtor with a snapshot on the latest closed date on or before <paramref name="date"/>, in
    /// batches of at most <paramref name="batchSize"/> debtors, in debtor order. Nothing when no date is closed.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<DebtorFacts>> FactsAsync(DateOnly date, int batchSize = DefaultBatchSize, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var latest = await db.DelinquencySnapshots.AsNoTracking().Where(s => s.BusinessDate <= date).MaxAsync(s => (DateOnly?)s.BusinessDate, ct);
        if (latest is null)
        {
            yield break;
        }

        // Keyset batches: the next debtor ids, then their rows in one query (a streamed reader would hold the
        // connection while the batch's promise and agreement queries run on the same context).
        var snapshots = db.DelinquencySnapshots.AsNoTracking().Where(s => s.BusinessDate == latest.Value);
        var after = long.MinValue;
        while (true)
        {
            var last = after;
            var ids = await snapshots.Where(s => s.DebtorId > last).Select(s => s.DebtorId).Distinct().OrderBy(id => id).Take(batchSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                yield break;
            }

            var (low, high) = (ids[0], ids[^1]);
            var rows = await (
                from s in snapshots
                where s.DebtorId >= low && s.DebtorId <= high
                join d in db.Debtors.AsNoTracking() on s.DebtorId equals d.Id
                orderby s.DebtorId
                select new Row(
                    s.DebtorId,
                    s.Dpd,
                    s.TotalDueMinor,
                    s.OutstandingPrincipalMinor,
                    s.Product,
                    d.Region,
                    d.Segment,
                    db.DebtorScores.Where(x => x.DebtorId == s.DebtorId && x.BusinessDate <= date)
                        .OrderByDescending(x => x.BusinessDate).Select(x => (double?)x.Probability).FirstOrDefault())).ToListAsync(ct);
            yield return await BuildAsync(rows, date, ct);
            after = high;
        }
    }

    private async Task<IReadOnlyList<DebtorFacts>> BuildAsync(List<Row> rows, DateOnly date, CancellationToken ct)
    {
        var ids = rows.Select(r => r.DebtorId).Distinct().ToList();
        var promiseStatus = await promises.StatusByDebtorAsync(ids, ct);
        var agreementStatus = await agreements.StatusByDebtorAsync(ids, date, ct);
        return rows.GroupBy(r => r.DebtorId).Select(g =>
        {
            var first = g.First();
            var dpd = g.Max(r => r.Dpd);
            return new DebtorFacts
            {
                DebtorId = g.Key,
                Dpd = dpd,
                OverdueMinor = checked(g.Sum(r => r.OverdueMinor)),
                BalanceMinor = checked(g.Sum(r => r.BalanceMinor)),
                Products = g.Select(r => r.Product).ToHashSet(StringComparer.Ordinal),
                Stage = CollectionStages.ForDpd(dpd),
                Region = first.Region,
                Tags = first.Segment is { Length: > 0 } tag ? new HashSet<string>([tag], StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal),
                PaymentProbability = first.Probability,
                PromiseState = promiseStatus.TryGetValue(g.Key, out var p) ? PromiseStateOf(p) : PromiseState.None,
                AgreementState = agreementStatus.TryGetValue(g.Key, out var a) ? AgreementStateOf(a) : AgreementState.None,
            };
        }).ToList();
    }

    /// <summary>A pending promise first; else a broken one; else a kept one; else none.</summary>
    internal static PromiseState PromiseStateOf(DebtorPromiseStatus status) => status switch
    {
        { Pending: > 0 } => PromiseState.Pending,
        { Broken: > 0 } => PromiseState.Broken,
        { Kept: > 0 } => PromiseState.Kept,
        _ => PromiseState.None,
    };

    /// <summary>Simulated and rejected agreements count as none; pending approval and approved (not yet booked) as pending.</summary>
    internal static AgreementState AgreementStateOf(AgreementStatus status) => status switch
    {
        AgreementStatus.PendingApproval or AgreementStatus.Approved => AgreementState.Pending,
        AgreementStatus.Active => AgreementState.Active,
        AgreementStatus.Broken => AgreementState.Broken,
        AgreementStatus.Completed => AgreementState.Completed,
        _ => AgreementState.None,
    };

    private sealed record Row(long DebtorId, int Dpd, long OverdueMinor, long BalanceMinor, string Product, string? Region, string? Segment, double? Probability);
}
