using System.Reflection;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Delinquency;

/// <summary>RULES §5, the test case as written, with the arrears of 10.00 per installment built from facts.</summary>
public sealed class AllocationRuleTests
{
    private static readonly DateOnly Due1 = new(2026, 1, 15);
    private static readonly DateOnly Due2 = new(2026, 2, 15);
    private static readonly DateOnly PaidOn = new(2026, 2, 26);

    /// <summary>
    /// Contract arrears rate 50 % EA (daily 0.0011114…, so 900.00 accrues 1.00 a day, rounded half-even). A legal cap of
    /// 0.0001 % EA bounds it until 2026-02-15 (900.00 × its daily rate rounds to 0.00), and 60 % from 2026-02-16: so both
    /// installments accrue exactly 10 days × 1.00 = 10.00 by the eve of the payment (2026-02-16 … 2026-02-25).
    /// </summary>
    internal static readonly ArrearsRateSource Rates = new(new CapTable(
    [
        new UsuryCap("CO", CapModalities.ConsumerAndOrdinary, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 15), 0.000001m, "test", false),
        new UsuryCap("CO", CapModalities.ConsumerAndOrdinary, new DateOnly(2026, 2, 16), new DateOnly(2026, 12, 31), 0.60m, "test", false),
    ]));

    internal static ObligationFacts Facts(IReadOnlyList<Movement> movements) => new(
        1,
        1,
        "COP",
        ObligationKind.Loan,
        0.50m,
        [new ScheduledInstallment(1, Due1, 90_000, 10_000, 0, 0), new ScheduledInstallment(2, Due2, 90_000, 10_000, 0, 0)],
        movements);

    [Fact]
    public void Each_overdue_installment_carries_10_00_of_arrears_on_the_payment_date()
    {
        var position = PositionCalculator.BeforeAccrual(Facts([]), CapModalities.ConsumerAndOrdinary, Rates, PaidOn);

        foreach (var installment in position.Installments)
        {
            installment.Outstanding(LedgerComponent.Fee).ShouldBe(0);
            installment.Outstanding(LedgerComponent.ArrearsInterest).ShouldBe(1_000);
            installment.Outstanding(LedgerComponent.Interest).ShouldBe(10_000);
            installment.Outstanding(LedgerComponent.Insurance).ShouldBe(0);
            installment.Outstanding(LedgerComponent.Principal).ShouldBe(90_000);
        }
    }

    [Fact]
    public void A_payment_of_1050_pays_installment_1_and_arrears_and_interest_of_installment_2_and_its_reversal_restores_both()
    {
        var before = PositionCalculator.BeforeAccrual(Facts([]), CapModalities.ConsumerAndOrdinary, Rates, PaidOn);
        var allocation = PaymentAllocator.Allocate(before, 105_000, PaidOn, AllocationPolicy.Default);

        allocation.Lines.ShouldBe(
        [
            new AllocationLine(1, LedgerComponent.ArrearsInterest, 1_000),
            new AllocationLine(1, LedgerComponent.Interest, 10_000),
            new AllocationLine(1, LedgerComponent.Principal, 90_000),
            new AllocationLine(2, LedgerComponent.ArrearsInterest, 1_000),
            new AllocationLine(2, LedgerComponent.Interest, 3_000),
        ]);
        allocation.Lines.Where(l => l.InstallmentNumber == 1).Sum(l => l.AmountMinor).ShouldBe(101_000);

        // Book it as ledger lines, then reverse them line by line, and replay the ledger each time.
        var payment = allocation.Lines.Select((l, k) => Entry(k + 1, LedgerEntryKind.Payment, l.Component, -l.AmountMinor, l.InstallmentNumber)).ToList();
        var reversals = payment.Select(e => e.Reverse(PaidOn.AddDays(2), "cheque devuelto", "user:1", DateTimeOffset.UnixEpoch)).ToList();
        var settings = ProductSettings.DefaultFor("consumo");
        var end = PaidOn.AddDays(2);

        var paid = PositionCalculator.EndOfDay(Facts(Movements(payment)), CapModalities.ConsumerAndOrdinary, Rates, end);
        paid.Installment(1).TotalOutstanding.ShouldBe(0);
        paid.Installment(2).Outstanding(LedgerComponent.Interest).ShouldBe(7_000);
        DelinquencyFigures.From(paid, end, settings).OldestUnpaidDueDate.ShouldBe(Due2);

        var reversed = PositionCalculator.EndOfDay(Facts(Movements([.. payment, .. reversals])), CapModalities.ConsumerAndOrdinary, Rates, end);
        var untouched = PositionCalculator.EndOfDay(Facts([]), CapModalities.ConsumerAndOrdinary, Rates, end);
        PositionShape.Of(reversed).ShouldBe(PositionShape.Of(untouched));
        var figures = DelinquencyFigures.From(reversed, end, settings);
        figures.OldestUnpaidDueDate.ShouldBe(Due1);
        figures.DaysPastDue.ShouldBe(end.DayNumber - Due1.DayNumber);
    }

    private static List<Movement> Movements(IEnumerable<LedgerEntry> entries) => entries.Select(LedgerMovements.From).OfType<Movement>().ToList();

    internal static LedgerEntry Entry(long id, LedgerEntryKind kind, LedgerComponent component, long amountMinor, int? installment, DateOnly? valueDate = null)
    {
        var entry = LedgerEntry.Create(1, kind, component, Money.FromMinorUnits(amountMinor, Currency.COP), valueDate ?? PaidOn, valueDate ?? PaidOn, "user:1", DateTimeOffset.UnixEpoch, installment);
        typeof(LedgerEntry).GetProperty(nameof(LedgerEntry.Id), BindingFlags.Public | BindingFlags.Instance)!.SetValue(entry, id);
        return entry;
    }
}

/// <summary>Every figure of a position, for comparing two positions whole.</summary>
internal static class PositionShape
{
    public static IReadOnlyList<(int, long, long, long, long, long, long, long, long, long, long)> Of(ObligationPosition p) =>
        [.. p.Installments.Select(i => (i.Number, i.PrincipalSettled, i.InterestSettled, i.InsuranceSettled, i.OtherSettled, i.FeesSettled, i.ArrearsSettled, i.FeesCharged, i.ArrearsAccrued, p.CreditBalance, i.PrincipalDue))];
}
