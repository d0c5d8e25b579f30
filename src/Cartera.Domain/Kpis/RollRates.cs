namespace Cartera.Domain.Kpis;

/// <summary>
/// Obligations that were in bucket <see cref="FromBucket"/> on a and are in <see cref="ToBucket"/> on b, with their
/// principal balance on a. <see cref="FromOrder"/>/<see cref="ToOrder"/> order the buckets (the lowest DPD seen in
/// each); <see cref="FromPastDue"/> is DPD &gt; 0 on a, <see cref="ToCurrent"/> DPD = 0 on b (paid off counts as current).
/// </summary>
public sealed record RollCell(string FromBucket, int FromOrder, bool FromPastDue, string ToBucket, int ToOrder, bool ToCurrent, long Count, long BalanceMinor);

/// <summary>One cell of the roll-rate matrix: its count and balance and their share of the from-bucket (percent, or null for an empty bucket).</summary>
public sealed record RollRate(string FromBucket, string ToBucket, long Count, long BalanceMinor, decimal? RateCount, decimal? RateBalance);

/// <summary>The cure rate: of the obligations past due on a, those current on b (count and principal balance on a).</summary>
public sealed record CureRate(long PastDue, long Cured, long PastDueBalanceMinor, long CuredBalanceMinor)
{
    public decimal? RateCount => KpiFormulas.Percent(Cured, PastDue);

    public decimal? RateBalance => KpiFormulas.Percent(CuredBalanceMinor, PastDueBalanceMinor);
}

/// <summary>
/// Roll rates and cure rate (RULES §10): roll rate from bucket i on a to bucket j on b = obligations (count, and
/// principal balance on a) in i on a that are in j on b ÷ all in i on a, × 100, rounded as <see cref="KpiFormulas.Round"/>.
/// </summary>
public static class RollRates
{
    /// <summary>The matrix, cells of the same (from, to) merged, ordered by from bucket then to bucket.</summary>
    public static IReadOnlyList<RollRate> Matrix(IEnumerable<RollCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var merged = cells
            .GroupBy(c => (c.FromBucket, c.ToBucket))
            .Select(g => (g.Key.FromBucket, FromOrder: g.Min(c => c.FromOrder), g.Key.ToBucket, ToOrder: g.Min(c => c.ToOrder),
                Count: g.Sum(c => c.Count), Balance: g.Aggregate(0L, (sum, c) => checked(sum + c.BalanceMinor))))
            .ToList();
        var totals = merged.GroupBy(c => c.FromBucket, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Count: g.Sum(c => c.Count), Balance: g.Aggregate(0L, (sum, c) => checked(sum + c.Balance))), StringComparer.Ordinal);
        var fromOrder = merged.GroupBy(c => c.FromBucket, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(c => c.FromOrder), StringComparer.Ordinal);
        return merged
            .OrderBy(c => fromOrder[c.FromBucket]).ThenBy(c => c.FromBucket, StringComparer.Ordinal)
            .ThenBy(c => c.ToOrder).ThenBy(c => c.ToBucket, StringComparer.Ordinal)
            .Select(c => new RollRate(c.FromBucket, c.ToBucket, c.Count, c.Balance,
                KpiFormulas.Percent(c.Count, totals[c.FromBucket].Count), KpiFormulas.Percent(c.Balance, totals[c.FromBucket].Balance)))
            .ToList();
    }

    /// <summary>Cure rate = past due on a and current on b ÷ past due on a.</summary>
    public static CureRate Cure(IEnumerable<RollCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        long pastDue = 0, cured = 0, pastDueBalance = 0, curedBalance = 0;
        foreach (var c in cells.Where(c => c.FromPastDue))
        {
            pastDue += c.Count;
            pastDueBalance = checked(pastDueBalance + c.BalanceMinor);
            if (c.ToCurrent)
            {
                cured += c.Count;
                curedBalance = checked(curedBalance + c.BalanceMinor);
            }
        }

        return new CureRate(pastDue, cured, pastDueBalance, curedBalance);
    }
}
