using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Tests.Delinquency;

/// <summary>RULES §14: an agreement obligation keeps the worst category of its originals until three consecutive installments are paid on time.</summary>
public sealed class RestructuredClassificationTests
{
    private static readonly string Modality = CapModalities.ConsumerAndOrdinary;
    private static readonly ArrearsRateSource Rates = new(new CapTable([new UsuryCap("CO", Modality, new DateOnly(2025, 1, 1), new DateOnly(2028, 12, 31), 0.30m, "test", false)]));
    private static readonly DateOnly[] Dues = [new(2026, 4, 20), new(2026, 5, 20), new(2026, 6, 20), new(2026, 7, 20), new(2026, 8, 20)];

    private static ObligationFacts Agreement(params (int Number, DateOnly PaidOn)[] payments) =>
        new(9, 1, "COP", ObligationKind.Agreement, null,
            [.. Dues.Select((d, k) => new ScheduledInstallment(k + 1, d, 100_000_00, 0, 0, 0))],
            [.. payments.Select((p, k) => new Movement(k + 1, p.PaidOn, MovementType.Settlement, LedgerComponent.Principal, p.Number, 100_000_00))]);

    private static string On(ObligationFacts facts, DateOnly date) => RestructuredClassification.Apply("A", "C", facts, Modality, Rates, date);

    [Fact]
    public void The_carried_category_holds_until_the_third_installment_in_a_row_is_paid_on_time()
    {
        var facts = Agreement((1, Dues[0]), (2, Dues[1].AddDays(-3)), (3, Dues[2]));

        On(facts, Dues[0]).ShouldBe("C");
        On(facts, Dues[1]).ShouldBe("C");
        On(facts, Dues[2]).ShouldBe("A");
        On(facts, Dues[2].AddDays(-1)).ShouldBe("C"); // the third is not due yet
    }

    [Fact]
    public void A_late_installment_starts_the_count_again()
    {
        // The second is paid a day late: 1 on time, 2 late, then 3, 4 and 5 on time.
        var facts = Agreement((1, Dues[0]), (2, Dues[1].AddDays(1)), (3, Dues[2]), (4, Dues[3]), (5, Dues[4]));

        On(facts, Dues[3]).ShouldBe("C");
        On(facts, Dues[4]).ShouldBe("A");
        RestructuredClassification.FloorLifted(facts, Modality, Rates, Dues[3]).ShouldBeFalse();
    }

    [Fact]
    public void Without_a_carried_category_or_when_the_own_one_is_worse_the_own_one_stands()
    {
        var facts = Agreement();

        RestructuredClassification.Apply("B", null, facts, Modality, Rates, Dues[4]).ShouldBe("B");
        RestructuredClassification.Apply("D", "C", facts, Modality, Rates, Dues[4]).ShouldBe("D");
        RestructuredClassification.Apply("A", "C", facts, Modality, Rates, Dues[4]).ShouldBe("C");
    }
}
