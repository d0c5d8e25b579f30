using Cartera.Application.Collection.Promises;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Payments;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Kpis;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Kpis;

/// <summary>
/// The KPIs of one group and one currency over a period (docs/user/kpis.md). Amounts in minor units of
/// <see cref="Currency"/>; figures as <see cref="KpiFormulas"/> computes them.
/// </summary>
public sealed record KpiRow(
    string Group,
    string Currency,
    KpiPeriod Period,
    long ReceivablesBeginMinor,
    long ReceivablesEndMinor,
    long CurrentEndMinor,
    long CreditSalesMinor,
    long OpenCount,
    long PastDueCount,
    KpiResult Figures,
    decimal? DsoCountBack,
    long PromisesDue,
    long PromisesKept,
    long PromisesDueMinor,
    long PromisesKeptMinor,
    long RecoveredMinor,
    CureRate Cure)
{
    public long PastDueEndMinor => ReceivablesEndMinor - CurrentEndMinor;

    public decimal? PromisesKeptRate => KpiFormulas.Percent(PromisesKept, PromisesDue);

    public decimal? PromisesKeptAmountRate => KpiFormulas.Percent(PromisesKeptMinor, PromisesDueMinor);
}

/// <summary>One cell of the roll-rate matrix of one currency (balances: principal on a, minor units).</summary>
public sealed record RollRateRow(string Currency, RollRate Rate);

/// <summary>
/// Computes the KPIs of RULES §10 set-based from the close-of-day snapshots (<c>delinquency_snapshots</c>, read through
/// the <see cref="DelinquencySnapshot"/> read model), the obligations (credit sales: disbursed principal by issue date),
/// Payments' <see cref="PaymentFacts.PostedBetween"/> (recovered) and Collection's
/// <see cref="PromiseQueries.InstallmentsDue"/> (promises): each figure is one SQL aggregate grouped by (group, currency,
/// and at most DPD, bucket or issue date); only those few aggregate rows are combined in memory. Amounts of different
/// currencies are never added: every row is one group and one currency.
/// </summary>
public sealed class KpiReport(CarteraDbContext db)
{
    /// <exception cref="DomainException"><c>invalid_period</c>, or <c>not_closed</c> when b (or a − 1, once the portfolio has closed dates before a) is not a closed business date.</exception>
    public async Task<IReadOnlyList<KpiRow>> RunAsync(DateOnly from, DateOnly to, KpiGrouping by, CancellationToken ct = default)
    {
        var period = new KpiPeriod(from, to);
        await RequireClosedAsync(to, "to", ct);
        var beginClosed = await IsClosedAsync(period.DayBefore, ct);
        if (!beginClosed && await db.BusinessDays.AnyAsync(d => d.Status == BusinessDayStatus.Closed && d.Date < from, ct))
        {
            throw NotClosed(period.DayBefore, "from");
        }

        return await ComputeAsync(period, by, beginClosed, ct);
    }

    /// <summary>
    /// The figures of <paramref name="period"/> without checking that its dates are closed (close-of-day step 12 computes
    /// its own date while it is still open); R_{a−1} is read only when <paramref name="beginClosed"/>.
    /// </summary>
    internal async Task<IReadOnlyList<KpiRow>> ComputeAsync(KpiPeriod period, KpiGrouping by, bool beginClosed, CancellationToken ct)
    {
        var (from, to) = (period.From, period.To);
        var keys = KpiGroups.Of(db, by, from, to);
        var end = await (
            from s in Snapshots(to)
            join k in keys on s.ObligationId equals k.ObligationId
            group s by new { k.Group, s.CurrencyCode, s.Dpd } into g
            select new
            {
                g.Key.Group,
                g.Key.CurrencyCode,
                g.Key.Dpd,
                Receivables = g.Sum(s => s.OutstandingPrincipalMinor - s.OverduePrincipalMinor + s.TotalDueMinor),
                Current = g.Sum(s => s.OutstandingPrincipalMinor - s.OverduePrincipalMinor),
                PastDue = g.Sum(s => s.TotalDueMinor),
                Open = g.Count(s => s.OutstandingPrincipalMinor - s.OverduePrincipalMinor + s.TotalDueMinor > 0),
            }).ToListAsync(ct);
        var begin = beginClosed
            ? await (
                from s in Snapshots(period.DayBefore)
                join k in keys on s.ObligationId equals k.ObligationId
                group s by new { k.Group, s.CurrencyCode } into g
                select new { g.Key.Group, g.Key.CurrencyCode, Receivables = g.Sum(s => s.OutstandingPrincipalMinor - s.OverduePrincipalMinor + s.TotalDueMinor) })
                .ToDictionaryAsync(x => (x.Group, x.CurrencyCode), x => x.Receivables, ct)
            : [];

        var windows = KpiFormulas.CountBackWindows(to);
        var salesFrom = windows[^1].From < from ? windows[^1].From : from;
        var sales = await (
            from o in db.Obligations.AsNoTracking()
            where o.IssueDate >= salesFrom && o.IssueDate <= to && o.Kind != ObligationKind.Agreement && o.Status != ObligationStatus.Cancelled
            join k in keys on o.Id equals k.ObligationId
            group o by new { k.Group, o.CurrencyCode, o.IssueDate } into g
            select new { g.Key.Group, g.Key.CurrencyCode, g.Key.IssueDate, Principal = g.Sum(o => o.PrincipalMinor) }).ToListAsync(ct);

        var recovered = await RecoveredAsync(keys, by, from, to, ct);

        var promises = await (
            from i in new PromiseQueries(db).InstallmentsDue(@from, to)
            join k in keys on i.ObligationId equals k.ObligationId
            group i by new { k.Group, i.CurrencyCode } into g
            select new
            {
                g.Key.Group,
                g.Key.CurrencyCode,
                Due = g.Count(),
                Kept = g.Count(i => i.Kept),
                DueAmount = g.Sum(i => i.AmountMinor),
                KeptAmount = g.Sum(i => i.Kept ? i.AmountMinor : 0),
            }).ToDictionaryAsync(x => (x.Group, x.CurrencyCode), ct);

        var cures = (await RollCellsAsync(keys, from, to, ct))
            .GroupBy(c => (c.Group, c.Currency))
            .ToDictionary(g => g.Key, g => RollRates.Cure(g.Select(c => c.Cell)));

        var endByKey = end.GroupBy(e => (e.Group, e.CurrencyCode)).ToDictionary(g => g.Key, g => g.ToList());
        var salesByKey = sales.GroupBy(s => (s.Group, s.CurrencyCode)).ToDictionary(g => g.Key, g => g.ToList());
        var groups = endByKey.Keys.Concat(begin.Keys).Concat(salesByKey.Keys.Where(k => salesByKey[k].Any(s => s.IssueDate >= from)))
            .Concat(recovered.Keys).Concat(promises.Keys).Distinct()
            .OrderBy(k => k.Group, StringComparer.Ordinal).ThenBy(k => k.CurrencyCode, StringComparer.Ordinal);

        var rows = new List<KpiRow>();
        foreach (var key in groups)
        {
            var atEnd = endByKey.GetValueOrDefault(key) ?? [];
            var daily = salesByKey.GetValueOrDefault(key) ?? [];
            long receivablesEnd = 0, currentEnd = 0, open = 0, pastDueCount = 0;
            foreach (var e in atEnd)
            {
                receivablesEnd = checked(receivablesEnd + e.Receivables);
                currentEnd = checked(currentEnd + e.Current);
                open += e.Open;
                pastDueCount += e.Dpd > 0 ? e.Open : 0;
            }

            var creditSales = daily.Where(s => s.IssueDate >= from).Aggregate(0L, (sum, s) => checked(sum + s.Principal));
            var inputs = new KpiInputs(begin.GetValueOrDefault(key), receivablesEnd, currentEnd, creditSales, open, pastDueCount,
                atEnd.Select(e => (e.Dpd, (decimal)e.PastDue)).ToList());
            var months = windows.Select(w => new CountBackMonth(w.From, w.To, daily.Where(s => s.IssueDate >= w.From && s.IssueDate <= w.To).Sum(s => (decimal)s.Principal)));
            var promised = promises.GetValueOrDefault(key);
            rows.Add(new KpiRow(
                key.Group, key.CurrencyCode, period, begin.GetValueOrDefault(key), receivablesEnd, currentEnd, creditSales, open, pastDueCount,
                KpiFormulas.Compute(period, inputs), KpiFormulas.CountBackDso(receivablesEnd, months),
                promised?.Due ?? 0, promised?.Kept ?? 0, promised?.DueAmount ?? 0, promised?.KeptAmount ?? 0,
                recovered.GetValueOrDefault(key), cures.GetValueOrDefault(key) ?? new CureRate(0, 0, 0, 0)));
        }

        return rows;
    }

    /// <summary>
    /// Recovered (RULES §10): posted payments with value date in [from, to] on obligations past due the day before, by
    /// group and currency. Per collector, team or agency the group is the assignment in force on the payment's value
    /// date: one aggregate per value date that has payments, each with that day's groups.
    /// </summary>
    private async Task<Dictionary<(string Group, string CurrencyCode), long>> RecoveredAsync(IQueryable<ObligationGroup> keys, KpiGrouping by, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var payments = new PaymentFacts(db);
        if (by is not (KpiGrouping.Collector or KpiGrouping.Team or KpiGrouping.Agency))
        {
            return await Recovered(payments.PostedBetween(from, to), keys).ToDictionaryAsync(x => (x.Group, x.CurrencyCode), x => x.Amount, ct);
        }

        var result = new Dictionary<(string, string), long>();
        var days = await payments.PostedBetween(from, to).Select(p => p.ValueDate).Distinct().OrderBy(d => d).ToListAsync(ct);
        foreach (var day in days)
        {
            foreach (var x in await Recovered(payments.PostedBetween(day, day), KpiGroups.Of(db, by, from, day)).ToListAsync(ct))
            {
                result[(x.Group, x.CurrencyCode)] = checked(result.GetValueOrDefault((x.Group, x.CurrencyCode)) + x.Amount);
            }
        }

        return result;
    }

    private IQueryable<GroupAmount> Recovered(IQueryable<PostedPaymentRow> posted, IQueryable<ObligationGroup> keys) =>
        from p in posted
        where db.DelinquencySnapshots.Any(s => s.ObligationId == p.ObligationId && s.BusinessDate == p.ValueDate.AddDays(-1) && s.Dpd > 0)
        join k in keys on p.ObligationId equals k.ObligationId
        group p by new { k.Group, p.CurrencyCode } into g
        select new GroupAmount { Group = g.Key.Group, CurrencyCode = g.Key.CurrencyCode, Amount = g.Sum(p => p.AmountMinor) };

    private sealed record GroupAmount
    {
        public string Group { get; init; } = string.Empty;

        public string CurrencyCode { get; init; } = string.Empty;

        public long Amount { get; init; }
    }

    /// <summary>The roll-rate matrix from a to b per currency (obligations open on a; paid off or gone on b counts as current).</summary>
    /// <exception cref="DomainException"><c>invalid_period</c>, or <c>not_closed</c> when a or b is not a closed business date.</exception>
    public async Task<IReadOnlyList<RollRateRow>> RollRatesAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        _ = new KpiPeriod(from, to);
        await RequireClosedAsync(from, "from", ct);
        await RequireClosedAsync(to, "to", ct);
        var cells = await RollCellsAsync(KpiGroups.Of(db, KpiGrouping.None, from, to), from, to, ct);
        return cells.GroupBy(c => c.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => RollRates.Matrix(g.Select(c => c.Cell)).Select(r => new RollRateRow(g.Key, r)))
            .ToList();
    }

    private async Task<List<(string Group, string Currency, RollCell Cell)>> RollCellsAsync(IQueryable<ObligationGroup> keys, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await (
            from a in Snapshots(@from)
            where a.OutstandingPrincipalMinor - a.OverduePrincipalMinor + a.TotalDueMinor > 0
            join k in keys on a.ObligationId equals k.ObligationId
            from b in db.DelinquencySnapshots.Where(s => s.BusinessDate == to && s.ObligationId == a.ObligationId).DefaultIfEmpty()
            group new { a, b } by new
            {
                k.Group,
                a.CurrencyCode,
                From = a.Bucket,
                FromPastDue = a.Dpd > 0,
                To = b == null ? AgingBuckets.Current : b.Bucket,
                ToCurrent = b == null || b.Dpd == 0,
            } into g
            select new
            {
                g.Key.Group,
                g.Key.CurrencyCode,
                g.Key.From,
                g.Key.FromPastDue,
                g.Key.To,
                g.Key.ToCurrent,
                FromOrder = g.Min(x => x.a.Dpd),
                ToOrder = g.Min(x => x.b == null ? 0 : x.b.Dpd),
                Count = g.Count(),
                Balance = g.Sum(x => x.a.OutstandingPrincipalMinor),
            }).ToListAsync(ct);
        return rows.Select(r => (r.Group, r.CurrencyCode, new RollCell(r.From, r.FromOrder, r.FromPastDue, r.To, r.ToOrder, r.ToCurrent, r.Count, r.Balance))).ToList();
    }

    private IQueryable<DelinquencySnapshot> Snapshots(DateOnly date) => db.DelinquencySnapshots.AsNoTracking().Where(s => s.BusinessDate == date);

    internal Task<bool> IsClosedAsync(DateOnly date, CancellationToken ct) =>
        db.BusinessDays.AnyAsync(d => d.Date == date && d.Status == BusinessDayStatus.Closed, ct);

    private async Task RequireClosedAsync(DateOnly date, string field, CancellationToken ct)
    {
        if (!await IsClosedAsync(date, ct))
        {
            throw NotClosed(date, field);
        }
    }

    private static DomainException NotClosed(DateOnly date, string field) =>
        new("not_closed", $"El día {date:yyyy-MM-dd} no está cerrado: no hay fotos de cierre para calcular los indicadores.", field);
}
