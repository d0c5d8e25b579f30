using Cartera.Domain.Kpis;

namespace Cartera.Domain.Tests.Kpis;

/// <summary>RULES §10: roll rates and the cure rate, computed by hand.</summary>
public sealed class RollRatesTests
{
    /// <summary>
    /// Ten obligations on a. Current (4 × 100): 3 still current, 1 in 1-30. 1-30 (100, 200, 300, 400): 100 current again,
    /// 300 paid off (counts as current), 200 and 400 rolled to 31-60. 31-60 (2 × 500): one cured, one rolled to 61-90.
    /// </summary>
    private static readonly RollCell[] Cells =
    [
        new("current", 0, false, "current", 0, true, 3, 300),
        new("current", 0, false, "1-30", 1, false, 1, 100),
        new("1-30", 1, true, "current", 0, true, 1, 100),
        new("1-30", 3, true, "current", 0, true, 1, 300),
        new("1-30", 1, true, "31-60", 31, false, 2, 600),
        new("31-60", 31, true, "current", 0, true, 1, 500),
        new("31-60", 31, true, "61-90", 61, false, 1, 500),
    ];

    [Fact]
    public void Each_cell_is_its_share_of_the_from_bucket_by_count_and_by_balance_in_bucket_order()
    {
        var matrix = RollRates.Matrix(Cells.Reverse());

        matrix.ShouldBe([
            new RollRate("current", "current", 3, 300, 75.00m, 75.00m),
            new RollRate("current", "1-30", 1, 100, 25.00m, 25.00m),
            new RollRate("1-30", "current", 2, 400, 50.00m, 40.00m),
            new RollRate("1-30", "31-60", 2, 600, 50.00m, 60.00m),
            new RollRate("31-60", "current", 1, 500, 50.00m, 50.00m),
            new RollRate("31-60", "61-90", 1, 500, 50.00m, 50.00m),
        ]);
    }

    [Fact]
    public void The_cure_rate_is_past_due_on_a_and_current_on_b_over_past_due_on_a()
    {
        var cure = RollRates.Cure(Cells);

        cure.PastDue.ShouldBe(6);
        cure.Cured.ShouldBe(3);
        cure.RateCount.ShouldBe(50.00m);
        cure.PastDueBalanceMinor.ShouldBe(2_000);
        cure.CuredBalanceMinor.ShouldBe(900);
        cure.RateBalance.ShouldBe(45.00m);
    }

    [Fact]
    public void Thirds_round_to_two_places_and_nobody_past_due_gives_no_cure_rate()
    {
        var matrix = RollRates.Matrix([new("1-30", 1, true, "current", 0, true, 1, 1), new("1-30", 1, true, "31-60", 31, false, 2, 2)]);
        matrix[0].RateCount.ShouldBe(33.33m);
        matrix[1].RateCount.ShouldBe(66.67m);

        var none = RollRates.Cure([new("current", 0, false, "current", 0, true, 5, 500)]);
        none.PastDue.ShouldBe(0);
        none.RateCount.ShouldBeNull();
        none.RateBalance.ShouldBeNull();
    }
}
