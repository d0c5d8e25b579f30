using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using static Cartera.Tests.Domain.Delinquency.DelinquencyTestData;

namespace Cartera.Tests.Domain.Delinquency;

/// <summary>RULES §2: days past due, overdue amounts and aging buckets.</summary>
public sealed class DaysPastDueTests
{
    private static readonly ProductSettings Consumer = ProductSettings.DefaultFor("consumo");

    /// <summary>Installments of 1,000.00 principal + 100.00 interest due 2026-01-15, 02-15 and 03-15.</summary>
    private static ObligationFacts RulesExample(IReadOnlyList<Movement> movements) => Facts(
        0.2436m,
        [
            Installment(1, Day(2026, 1, 15), 100_000, 10_000),
            Installment(2, Day(2026, 2, 15), 100_000, 10_000),
            Installment(3, Day(2026, 3, 15), 100_000, 10_000),
        ],
        movements);

    private static readonly Movement[] FirstPaidSecondHalfPaid =
    [
        Paid(1, Day(2026, 1, 15), 1, LedgerComponent.Interest, 10_000),
        Paid(2, Day(2026, 1, 15), 1, LedgerComponent.Principal, 100_000),
        Paid(3, Day(2026, 2, 15), 2, LedgerComponent.Interest, 5_000),
        Paid(4, Day(2026, 2, 15), 2, LedgerComponent.Principal, 50_000),
    ];

    private static DelinquencyFigures FiguresOn(ObligationFacts facts, DateOnly date, ProductSettings? settings = null) =>
        DelinquencyFigures.From(PositionCalculator.EndOfDay(facts, Modality, Rates(), date), date, settings ?? Consumer);

    [Fact]
    public void Rules_example_paid_half_paid_unpaid_on_2026_03_20_is_33_days_in_bucket_31_60()
    {
        var figures = FiguresOn(RulesExample(FirstPaidSecondHalfPaid), Day(2026, 3, 20));

        figures.DaysPastDue.ShouldBe(33);
        figures.Bucket.ShouldBe("31-60");
        figures.OldestUnpaidDueDate.ShouldBe(Day(2026, 2, 15));
        figures.OverduePrincipal.ShouldBe(150_000);
        figures.OverdueInterest.ShouldBe(15_000);
        figures.ArrearsInterest.ShouldBeGreaterThan(0);
        figures.TotalDue.ShouldBe(150_000 + 15_000 + figures.ArrearsInterest);
        figures.OutstandingPrincipal.ShouldBe(150_000);
    }

    [Fact]
    public void An_installment_due_on_X_is_overdue_from_X_plus_1()
    {
        var facts = RulesExample([]);

        FiguresOn(facts, Day(2026, 1, 14)).DaysPastDue.ShouldBe(0);
        var onDueDate = FiguresOn(facts, Day(2026, 1, 15));
        onDueDate.DaysPastDue.ShouldBe(0);
        onDueDate.OverduePrincipal.ShouldBe(0, "overdue amounts count installments due before D");
        onDueDate.ArrearsInterest.ShouldBe(0, "arrears start on X+1");
        var dayAfter = FiguresOn(facts, Day(2026, 1, 16));
        dayAfter.DaysPastDue.ShouldBe(1);
        dayAfter.Bucket.ShouldBe("1-30");
        dayAfter.OverduePrincipal.ShouldBe(100_000);
        dayAfter.ArrearsInterest.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Dpd_counts_an_unpaid_arrears_residue_and_tolerance_ignores_tiny_ones()
    {
        // Installment 1's schedule paid in full on 2026-01-20: four days of arrears (01-16..01-19; the payment goes before
        // the 20th's accrual) stay unpaid.
        var facts = RulesExample(
        [
            Paid(1, Day(2026, 1, 20), 1, LedgerComponent.Interest, 10_000),
            Paid(2, Day(2026, 1, 20), 1, LedgerComponent.Principal, 100_000),
        ]);
        var position = PositionCalculator.EndOfDay(facts, Modality, Rates(), Day(2026, 2, 1));
        var arrears = position.Installment(1).ArrearsAccrued;
        arrears.ShouldBe(4 * (long)decimal.Round(100_000 * Cartera.Domain.Common.Rates.DailyFromEffectiveAnnual(0.2436m), 0, MidpointRounding.ToEven));

        DelinquencyFigures.From(position, Day(2026, 2, 1), Consumer).DaysPastDue.ShouldBe(17);
        var tolerant = Consumer with { ToleranceMinor = arrears };
        DelinquencyFigures.From(position, Day(2026, 2, 1), tolerant).DaysPastDue.ShouldBe(0);
        DelinquencyFigures.From(position, Day(2026, 2, 1), Consumer with { ToleranceMinor = arrears - 1 }).DaysPastDue.ShouldBe(17);
    }

    [Fact]
    public void A_paid_off_obligation_has_zero_dpd_and_zero_amounts()
    {
        var facts = Facts(null, [Installment(1, Day(2026, 1, 15), 100_000, 10_000)], [Paid(1, Day(2026, 1, 15), 1, LedgerComponent.Principal, 100_000), Paid(2, Day(2026, 1, 15), 1, LedgerComponent.Interest, 10_000)]);
        var figures = DelinquencyFigures.From(PositionCalculator.EndOfDay(facts, Modality, Rates(), Day(2026, 6, 1)), Day(2026, 6, 1), Consumer);

        figures.DaysPastDue.ShouldBe(0);
        figures.Bucket.ShouldBe(AgingBuckets.Current);
        figures.TotalDue.ShouldBe(0);
        figures.Exposure.ShouldBe(0);
    }

    [Theory]
    [InlineData(0, "current")]
    [InlineData(1, "1-30")]
    [InlineData(30, "1-30")]
    [InlineData(31, "31-60")]
    [InlineData(60, "31-60")]
    [InlineData(61, "61-90")]
    [InlineData(90, "61-90")]
    [InlineData(91, "91-120")]
    [InlineData(120, "91-120")]
    [InlineData(121, "121-180")]
    [InlineData(180, "121-180")]
    [InlineData(181, "181-360")]
    [InlineData(360, "181-360")]
    [InlineData(361, "360+")]
    [InlineData(100_000, "360+")]
    public void Default_buckets_at_every_edge(int dpd, string label) =>
        AgingBuckets.LabelFor(AgingBuckets.Default, dpd).ShouldBe(label);

    [Fact]
    public void Product_buckets_must_start_at_zero_be_contiguous_and_end_open()
    {
        AgingBuckets.Validate([new("al-dia", 0, 0), new("mora", 1, null)]);
        AgingBuckets.LabelFor([new("al-dia", 0, 0), new("mora", 1, null)], 500).ShouldBe("mora");

        Should.Throw<DomainException>(() => AgingBuckets.Validate([new("a", 1, 5), new("b", 6, null)])).Code.ShouldBe("invalid_buckets");
        Should.Throw<DomainException>(() => AgingBuckets.Validate([new("a", 0, 5), new("b", 7, null)])).Code.ShouldBe("invalid_buckets");
        Should.Throw<DomainException>(() => AgingBuckets.Validate([new("a", 0, 5), new("b", 6, 10)])).Code.ShouldBe("invalid_buckets");
        Should.Throw<DomainException>(() => AgingBuckets.Validate([new("a", 0, 5), new("a", 6, null)])).Code.ShouldBe("invalid_buckets");
        Should.Throw<DomainException>(() => AgingBuckets.Validate([])).Code.ShouldBe("invalid_buckets");
        Should.Throw<DomainException>(() => AgingBuckets.Validate([new("a", 0, null), new("b", 1, null)])).Code.ShouldBe("invalid_buckets");
    }
}
