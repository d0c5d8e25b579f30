using Cartera.Domain.Common;
using Cartera.Domain.Kpis;

namespace Cartera.Domain.Tests.Kpis;

/// <summary>RULES §10: the KPI formulas and their rounding (two decimals, half away from zero, null on a zero denominator).</summary>
public sealed class KpiFormulasTests
{
    private static readonly KpiPeriod April = new(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30));

    [Fact]
    public void Rules_case_DSO_36_best_possible_27_and_ADD_9()
    {
        April.Days.ShouldBe(30);
        var result = KpiFormulas.Compute(April, new KpiInputs(0m, 1_200m, 900m, 1_000m, 0, 0, []));

        result.Dso.ShouldBe(36.00m);
        result.BestPossibleDso.ShouldBe(27.00m);
        result.AverageDaysDelinquent.ShouldBe(9.00m);
        result.PctOverdueAmount.ShouldBe(25.00m, "P_b = 300 of R_b = 1,200");
    }

    [Fact]
    public void Rules_case_CEI_66_67_percent()
    {
        KpiFormulas.Cei(1_000m, 500m, 900m, 600m).ShouldBe(66.67m);
        KpiFormulas.Compute(April, new KpiInputs(1_000m, 900m, 600m, 500m, 0, 0, [])).Cei.ShouldBe(66.67m);
    }

    [Fact]
    public void A_zero_denominator_gives_no_figure_rather_than_zero()
    {
        var result = KpiFormulas.Compute(April, new KpiInputs(0m, 0m, 0m, 0m, 0, 0, []));

        result.Dso.ShouldBeNull();
        result.BestPossibleDso.ShouldBeNull();
        result.AverageDaysDelinquent.ShouldBeNull();
        result.PctOverdueAmount.ShouldBeNull();
        result.PctOverdueCount.ShouldBeNull();
        result.AverageAge.ShouldBeNull();
        result.Cei.ShouldBeNull();
    }

    [Fact]
    public void Overdue_percentages_and_the_average_age_weighted_by_the_overdue_amount()
    {
        // 3 open obligations, 2 past due: 100 at 10 DPD and 300 at 50 DPD → (1,000 + 15,000) ÷ 400 = 40 days.
        var result = KpiFormulas.Compute(April, new KpiInputs(0m, 1_000m, 600m, 0m, 3, 2, [(10, 100m), (50, 300m), (0, 0m)]));

        result.PctOverdueAmount.ShouldBe(40.00m);
        result.PctOverdueCount.ShouldBe(66.67m);
        result.AverageAge.ShouldBe(40.00m);
        KpiFormulas.AverageAge([(1, 1m), (2, 1m), (2, 1m)]).ShouldBe(1.67m, "5 ÷ 3 = 1.666… rounds half away from zero to 1.67");
    }

    [Fact]
    public void Rounding_is_half_away_from_zero_to_two_places_and_ADD_is_taken_before_rounding()
    {
        KpiFormulas.Round(0.125m).ShouldBe(0.13m);
        KpiFormulas.Round(-0.125m).ShouldBe(-0.13m);
        // DSO = 100 × 1 ÷ 3 = 33.333…, BPDSO = 50 ÷ 3 = 16.666… → ADD = 16.666… → 16.67 (33.33 − 16.67 = 16.66).
        KpiFormulas.Dso(100m, 3m, 1).ShouldBe(33.33m);
        KpiFormulas.BestPossibleDso(50m, 3m, 1).ShouldBe(16.67m);
        KpiFormulas.AverageDaysDelinquent(100m, 50m, 3m, 1).ShouldBe(16.67m);
    }

    [Fact]
    public void Count_back_DSO_walks_whole_months_then_a_share_of_the_partial_month()
    {
        // R_b = 1,000; March (31 days) sold 400, February (28 days) 400, January (31 days) 400:
        // 31 + 28 + 31 × 200 ÷ 400 = 74.5 days.
        var windows = KpiFormulas.CountBackWindows(new DateOnly(2026, 3, 31), 3);
        windows.ShouldBe([
            (new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)),
            (new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)),
            (new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)),
        ]);
        var months = windows.Select(w => new CountBackMonth(w.From, w.To, 400m)).ToList();
        KpiFormulas.CountBackWindows(new DateOnly(2026, 4, 30), 2).ShouldBe([
            (new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30)),
            (new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)),
        ], "b on a month's last day walks calendar months");

        KpiFormulas.CountBackDso(1_000m, months).ShouldBe(74.50m);
        KpiFormulas.CountBackDso(400m, months).ShouldBe(31.00m, "exhausted exactly by the first month");
        KpiFormulas.CountBackDso(100m, months).ShouldBe(7.75m, "a quarter of March's 31 days");
        KpiFormulas.CountBackDso(0m, months).ShouldBe(0m);
        KpiFormulas.CountBackDso(1_300m, months).ShouldBeNull("three months of sales do not exhaust 1,300");
    }

    [Fact]
    public void Count_back_DSO_adds_the_days_of_a_month_without_sales()
    {
        var windows = KpiFormulas.CountBackWindows(new DateOnly(2026, 3, 15), 2);
        windows[0].ShouldBe((new DateOnly(2026, 2, 16), new DateOnly(2026, 3, 15)));
        var months = new[] { new CountBackMonth(windows[0].From, windows[0].To, 0m), new CountBackMonth(windows[1].From, windows[1].To, 500m) };

        // 28 days without sales, then half of the 31 days from 16 January to 15 February.
        KpiFormulas.CountBackDso(250m, months).ShouldBe(43.50m);
    }

    [Fact]
    public void A_period_ending_before_it_starts_is_refused()
    {
        Should.Throw<DomainException>(() => new KpiPeriod(new DateOnly(2026, 4, 2), new DateOnly(2026, 4, 1))).Code.ShouldBe("invalid_period");
        new KpiPeriod(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 1)).Days.ShouldBe(1);
        April.DayBefore.ShouldBe(new DateOnly(2026, 3, 31));
    }
}
