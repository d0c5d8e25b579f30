using Cartera.Domain.Common;

namespace Cartera.Domain.Kpis;

/// <summary>A KPI period [a, b] of business dates, both inclusive (RULES §10): d = b − a + 1 days.</summary>
public sealed record KpiPeriod
{
    public KpiPeriod(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new DomainException("invalid_period", "El periodo debe terminar en la fecha de inicio o después.", "to");
        }

        From = from;
        To = to;
    }

    public DateOnly From { get; }

    public DateOnly To { get; }

    /// <summary>d = b − a + 1.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The day before the period (a − 1): the receivables at its close are the beginning receivables.</summary>
    public DateOnly DayBefore => From.AddDays(-1);
}

/// <summary>One month of the count-back walk: its length in days and the credit sales issued in it.</summary>
public sealed record CountBackMonth(DateOnly From, DateOnly To, decimal Sales)
{
    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>What the period's KPIs are computed from, for one group and one currency (any consistent unit: minor units).</summary>
/// <param name="ReceivablesBegin">R_{a−1}.</param>
/// <param name="ReceivablesEnd">R_b.</param>
/// <param name="CurrentEnd">C_b (principal not yet due on b).</param>
/// <param name="CreditSales">S: principal disbursed with issue date in [a, b].</param>
/// <param name="OpenCount">Open obligations on b (receivables above zero).</param>
/// <param name="PastDueCount">Open obligations on b with DPD &gt; 0.</param>
/// <param name="OverdueByDpd">Past-due amount per DPD (DPD &gt; 0) on b: the weights of the average age.</param>
public sealed record KpiInputs(
    decimal ReceivablesBegin,
    decimal ReceivablesEnd,
    decimal CurrentEnd,
    decimal CreditSales,
    long OpenCount,
    long PastDueCount,
    IReadOnlyList<(int Dpd, decimal Overdue)> OverdueByDpd)
{
    /// <summary>P_b = R_b − C_b.</summary>
    public decimal PastDueEnd => ReceivablesEnd - CurrentEnd;
}

/// <summary>The KPIs of a period, rounded as <see cref="KpiFormulas.Round"/> says; null where a denominator is zero.</summary>
public sealed record KpiResult(
    decimal? Dso,
    decimal? BestPossibleDso,
    decimal? AverageDaysDelinquent,
    decimal? PctOverdueAmount,
    decimal? PctOverdueCount,
    decimal? AverageAge,
    decimal? Cei);

/// <summary>
/// The KPI formulas of RULES §10, pure (docs/user/kpis.md). Decimal arithmetic throughout; every figure is computed
/// unrounded and rounded once at the end to <see cref="Decimals"/> places, half away from zero (so ADD is DSO − BPDSO
/// before rounding, and may differ by 0.01 from the difference of the two rounded figures). Percentages are × 100.
/// A figure whose denominator is zero (no credit sales, no receivables…) is null: unknown, never 0.
/// </summary>
public static class KpiFormulas
{
    /// <summary>Decimal places of every figure (days and percentages).</summary>
    public const int Decimals = 2;

    /// <summary>Months the count-back DSO walks at most.</summary>
    public const int CountBackMonths = 120;

    /// <summary>Rounds to <see cref="Decimals"/> places, half away from zero, and always shows them (36 → 36.00).</summary>
    public static decimal Round(decimal value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero) + 0.00m;

    /// <summary>DSO = R_b ÷ S × d.</summary>
    public static decimal? Dso(decimal receivablesEnd, decimal creditSales, int days) => RawDso(receivablesEnd, creditSales, days) is { } v ? Round(v) : null;

    /// <summary>Best possible DSO = C_b ÷ S × d.</summary>
    public static decimal? BestPossibleDso(decimal currentEnd, decimal creditSales, int days) => RawDso(currentEnd, creditSales, days) is { } v ? Round(v) : null;

    /// <summary>ADD = DSO − BPDSO = P_b ÷ S × d (unrounded difference, then rounded).</summary>
    public static decimal? AverageDaysDelinquent(decimal receivablesEnd, decimal currentEnd, decimal creditSales, int days) =>
        RawDso(receivablesEnd, creditSales, days) is { } dso && RawDso(currentEnd, creditSales, days) is { } best ? Round(dso - best) : null;

    /// <summary>CEI = (R_{a−1} + S − R_b) ÷ (R_{a−1} + S − C_b) × 100.</summary>
    public static decimal? Cei(decimal receivablesBegin, decimal creditSales, decimal receivablesEnd, decimal currentEnd) =>
        Percent(receivablesBegin + creditSales - receivablesEnd, receivablesBegin + creditSales - currentEnd);

    /// <summary>part ÷ whole × 100, rounded; null when whole is zero.</summary>
    public static decimal? Percent(decimal part, decimal whole) => whole == 0 ? null : Round(part * 100m / whole);

    /// <summary>Average age of past-due receivables = Σ(overdue × DPD) ÷ Σ overdue, over obligations with DPD &gt; 0.</summary>
    public static decimal? AverageAge(IEnumerable<(int Dpd, decimal Overdue)> overdueByDpd)
    {
        ArgumentNullException.ThrowIfNull(overdueByDpd);
        decimal weighted = 0, total = 0;
        foreach (var (dpd, overdue) in overdueByDpd)
        {
            if (dpd <= 0)
            {
                continue;
            }

            weighted += overdue * dpd;
            total += overdue;
        }

        return total == 0 ? null : Round(weighted / total);
    }

    /// <summary>
    /// The months of the count-back walk from <paramref name="to"/> backwards: month k runs from the day after
    /// <c>end(k+1)</c> through <c>end(k)</c>, where <c>end(k)</c> = b − k months (15 March, 15 February, …), or the last
    /// day of that month when b is the last day of its month (30 April, 31 March, 28 February, …: calendar months).
    /// </summary>
    public static IReadOnlyList<(DateOnly From, DateOnly To)> CountBackWindows(DateOnly to, int months = CountBackMonths)
    {
        var monthEnd = to.Day == DateTime.DaysInMonth(to.Year, to.Month);
        DateOnly End(int k)
        {
            var d = to.AddMonths(-k);
            return monthEnd ? new DateOnly(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month)) : d;
        }

        var windows = new List<(DateOnly, DateOnly)>(months);
        for (var k = 0; k < months; k++)
        {
            windows.Add((End(k + 1).AddDays(1), End(k)));
        }

        return windows;
    }

    /// <summary>
    /// Count-back DSO: from b backwards, month by month, each month's credit sales are subtracted from R_b and its days
    /// added, until R_b is exhausted. The month that exhausts it (the partial month) adds its days × the share of its
    /// sales still needed (remaining ÷ that month's sales): sales are taken as spread evenly over its days. Null when the
    /// months given (at most <see cref="CountBackMonths"/>) do not exhaust R_b; 0 when R_b ≤ 0.
    /// </summary>
    public static decimal? CountBackDso(decimal receivablesEnd, IEnumerable<CountBackMonth> monthsBackwards)
    {
        ArgumentNullException.ThrowIfNull(monthsBackwards);
        var remaining = receivablesEnd;
        decimal days = 0;
        if (remaining <= 0)
        {
            return 0m;
        }

        foreach (var month in monthsBackwards)
        {
            if (month.Sales <= 0)
            {
                days += month.Days;
                continue;
            }

            if (month.Sales >= remaining)
            {
                return Round(days + month.Days * remaining / month.Sales);
            }

            days += month.Days;
            remaining -= month.Sales;
        }

        return null;
    }

    /// <summary>Every period KPI of one group and currency.</summary>
    public static KpiResult Compute(KpiPeriod period, KpiInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(inputs);
        var d = period.Days;
        return new KpiResult(
            Dso(inputs.ReceivablesEnd, inputs.CreditSales, d),
            BestPossibleDso(inputs.CurrentEnd, inputs.CreditSales, d),
            AverageDaysDelinquent(inputs.ReceivablesEnd, inputs.CurrentEnd, inputs.CreditSales, d),
            Percent(inputs.PastDueEnd, inputs.ReceivablesEnd),
            Percent(inputs.PastDueCount, inputs.OpenCount),
            AverageAge(inputs.OverdueByDpd),
            Cei(inputs.ReceivablesBegin, inputs.CreditSales, inputs.ReceivablesEnd, inputs.CurrentEnd));
    }

    private static decimal? RawDso(decimal amount, decimal creditSales, int days) => creditSales == 0 ? null : amount * days / creditSales;
}
