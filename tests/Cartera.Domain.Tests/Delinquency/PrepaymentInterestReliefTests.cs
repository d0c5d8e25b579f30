using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;

namespace Cartera.Tests.Domain.Delinquency;

/// <summary>
/// A prepayment (reduce term / reduce installment) also relieves the scheduled interest that the prepaid principal would
/// have carried: installment k's outstanding interest is scaled by the principal outstanding from k on after the
/// prepayment ÷ before it; the period the prepayment falls in keeps its interest.
/// </summary>
public sealed class PrepaymentInterestReliefTests
{
    private static readonly DateOnly Issue = new(2026, 1, 1);

    // A 4-installment loan of 4,000.00 at 1 % a month, constant principal: interest = 1 % of the balance before each.
    private static ObligationFacts Loan(params Movement[] movements) => new(
        1,
        1,
        "COP",
        ObligationKind.Loan,
        0.30m,
        [
            new ScheduledInstallment(1, Issue.AddMonths(1), 100_000, 4_000, 0, 0),
            new ScheduledInstallment(2, Issue.AddMonths(2), 100_000, 3_000, 0, 0),
            new ScheduledInstallment(3, Issue.AddMonths(3), 100_000, 2_000, 0, 0),
            new ScheduledInstallment(4, Issue.AddMonths(4), 100_000, 1_000, 0, 0),
        ],
        movements);

    private static readonly DateOnly PaidOn = Issue.AddDays(10); // nothing due yet: the whole payment is a prepayment

    private static Allocation Allocate(PrepaymentPolicy prepayment, long amount, ObligationFacts? facts = null)
    {
        var position = PositionCalculator.BeforeAccrual(facts ?? Loan(), CapModalities.ConsumerAndOrdinary, AllocationRuleTests.Rates, PaidOn);
        return PaymentAllocator.Allocate(position, amount, PaidOn, AllocationPolicy.Default with { Prepayment = prepayment });
    }

    [Fact]
    public void Reduce_term_relieves_all_interest_of_the_installments_it_pays_off_and_scales_the_ones_before()
    {
        // 150,000 prepaid: installment 4 entirely (100,000) and 50,000 of installment 3.
        var allocation = Allocate(PrepaymentPolicy.ReduceTerm, 150_000);

        allocation.Lines.ShouldBe([new AllocationLine(4, LedgerComponent.Principal, 100_000, true), new AllocationLine(3, LedgerComponent.Principal, 50_000, true)]);
        allocation.Lines.Sum(l => l.AmountMinor).ShouldBe(150_000); // the relief is not part of the money allocated
        allocation.InterestRelief.ShouldBe(
        [
            // installment 2: balance from it on 300,000 → 150,000: 3,000 × 150/300 = 1,500 kept, 1,500 relieved
            new AllocationLine(2, LedgerComponent.Interest, 1_500),
            // installment 3: 200,000 → 50,000: 2,000 × 50/200 = 500 kept
            new AllocationLine(3, LedgerComponent.Interest, 1_500),
            // installment 4: principal all prepaid: all of its interest
            new AllocationLine(4, LedgerComponent.Interest, 1_000),
        ]);
        // Installment 1 is the period the prepayment falls in: its interest ran on the balance at its start.
        allocation.InterestRelief.ShouldNotContain(l => l.InstallmentNumber == 1);
    }

    [Fact]
    public void Reduce_installment_scales_every_later_installment_by_what_is_left_of_the_balance()
    {
        // 100,000 pro rata over the four installments (25,000 each): balances from 2, 3, 4 on drop by 75,000, 50,000, 25,000.
        var allocation = Allocate(PrepaymentPolicy.ReduceInstallment, 100_000);

        allocation.Lines.Where(l => l.Prepayment).Sum(l => l.AmountMinor).ShouldBe(100_000);
        allocation.InterestRelief.ShouldBe(
        [
            new AllocationLine(2, LedgerComponent.Interest, 750), // 3,000 × 225/300 = 2,250 kept
            new AllocationLine(3, LedgerComponent.Interest, 500), // 2,000 × 150/200 = 1,500 kept
            new AllocationLine(4, LedgerComponent.Interest, 250), // 1,000 × 75/100 = 750 kept
        ]);
    }

    [Fact]
    public void Keeping_a_credit_balance_or_paying_only_what_is_due_relieves_nothing()
    {
        Allocate(PrepaymentPolicy.CreditBalance, 150_000).InterestRelief.ShouldBeEmpty();
        Allocate(PrepaymentPolicy.ReduceTerm, 150_000).InterestRelief.ShouldNotBeEmpty();
    }

    [Fact]
    public void A_second_prepayment_scales_what_the_first_left_and_the_replay_books_both()
    {
        var payments = new List<PaymentToAllocate> { new(1, PaidOn, 100_000), new(2, PaidOn, 100_000) };
        var allocations = PaymentReplay.Allocate(Loan(), payments, CapModalities.ConsumerAndOrdinary, AllocationRuleTests.Rates, AllocationPolicy.Default);

        // First: installment 4 paid off → its 1,000 relieved; 3 and 2 scaled by 100/200 and 200/300.
        allocations[0].InterestRelief.ShouldBe(
        [
            new AllocationLine(2, LedgerComponent.Interest, 1_000),
            new AllocationLine(3, LedgerComponent.Interest, 1_000),
            new AllocationLine(4, LedgerComponent.Interest, 1_000),
        ]);

        // Second: installment 3 paid off → its remaining 1,000 relieved; 2: 2,000 left × 100/200 → 1,000 relieved.
        allocations[1].InterestRelief.ShouldBe(
        [
            new AllocationLine(2, LedgerComponent.Interest, 1_000),
            new AllocationLine(3, LedgerComponent.Interest, 1_000),
        ]);

        // What remains is what a schedule of 200,000 over two installments carries: 4,000 and 1,000.
        var movements = allocations.SelectMany((a, k) => PaymentReplay.Movements(a, PaidOn, k + 1)).ToArray();
        var after = PositionCalculator.EndOfDay(Loan(movements), CapModalities.ConsumerAndOrdinary, AllocationRuleTests.Rates, PaidOn);
        after.Installments.Select(i => i.Outstanding(LedgerComponent.Interest)).ShouldBe([4_000, 1_000, 0, 0]);
        after.Installments.Select(i => i.Outstanding(LedgerComponent.Principal)).ShouldBe([100_000, 100_000, 0, 0]);
    }
}
