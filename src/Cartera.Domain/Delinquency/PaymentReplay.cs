using Cartera.Domain.Ledger;

namespace Cartera.Domain.Delinquency;

/// <summary>A payment to allocate: its key (the payment's id), value date and amount in minor units.</summary>
public readonly record struct PaymentToAllocate(long Key, DateOnly ValueDate, long AmountMinor);

/// <summary>
/// Allocates an obligation's payments one after another over its other ledger facts (RULES §5; docs/adr on
/// re-allocation): each payment meets the position <see cref="PositionCalculator.BeforeAccrual"/> of its value date,
/// with the allocations of the payments before it applied. The caller gives the payments in posting order (value date,
/// then the order they were posted in) and facts WITHOUT the lines of these payments. The result is what a fresh replay
/// of the final ledger would book; payment posting compares it with the lines already booked and re-books only the
/// payments whose allocation changed.
/// </summary>
public static class PaymentReplay
{
    public static IReadOnlyList<Allocation> Allocate(ObligationFacts facts, IReadOnlyList<PaymentToAllocate> payments, string capModality, ArrearsRateSource rates, AllocationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(payments);
        var movements = facts.Movements.ToList();
        var result = new List<Allocation>(payments.Count);
        foreach (var payment in payments)
        {
            var position = PositionCalculator.BeforeAccrual(facts with { Movements = movements }, capModality, rates, payment.ValueDate);
            var allocation = PaymentAllocator.Allocate(position, payment.AmountMinor, payment.ValueDate, policy);
            result.Add(allocation);
            movements.AddRange(Movements(allocation, payment.ValueDate, payment.Key));
        }

        return result;
    }

    /// <summary>The movements an allocation's lines make once booked (each line settles its component; the remainder
    /// raises the credit balance; an interest relief settles the interest it relieves).</summary>
    public static IEnumerable<Movement> Movements(Allocation allocation, DateOnly valueDate, long sequence)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        return allocation.Lines.Concat(allocation.InterestRelief)
            .Select(l => new Movement(sequence, valueDate, MovementType.Settlement, l.Component, l.Component == LedgerComponent.CreditBalance ? null : l.InstallmentNumber, l.AmountMinor));
    }
}
