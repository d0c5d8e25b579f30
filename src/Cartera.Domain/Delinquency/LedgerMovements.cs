using Cartera.Domain.Ledger;

namespace Cartera.Domain.Delinquency;

/// <summary>
/// How a ledger line reads for the delinquency engine — the one place that decides it:
/// <list type="bullet">
/// <item>a <see cref="LedgerEntryKind.Fee"/> line charges a fee to its installment; a reversal with a negative amount on
/// the fee component undoes such a charge;</item>
/// <item>disbursement, regular interest, insurance and arrears-interest lines (what the schedule or the engine itself
/// computes) and write-offs (a written-off obligation stays collectible) are ignored;</item>
/// <item>every other line — payments, their reversals, adjustments (waivers), credit-balance movements, refunds —
/// settles its component by the opposite of its signed amount (a payment of −100 settles 100; its reversal of +100
/// settles −100).</item>
/// </list>
/// </summary>
public static class LedgerMovements
{
    /// <summary>Kinds the engine never reads, whatever their component or sign (bulk readers can leave them out).</summary>
    public static readonly IReadOnlyList<LedgerEntryKind> IgnoredKinds =
        [LedgerEntryKind.Disbursement, LedgerEntryKind.Interest, LedgerEntryKind.Insurance, LedgerEntryKind.ArrearsInterest, LedgerEntryKind.WriteOff];

    public static Movement? From(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return From(entry.Id, entry.Kind, entry.Component, entry.AmountMinor, entry.InstallmentNumber, entry.ValueDate);
    }

    public static Movement? From(long id, LedgerEntryKind kind, LedgerComponent component, long amountMinor, int? installmentNumber, DateOnly valueDate)
    {
        switch (kind)
        {
            case LedgerEntryKind.Fee:
                return new Movement(id, valueDate, MovementType.Charge, LedgerComponent.Fee, installmentNumber, amountMinor);
            case LedgerEntryKind.Reversal when component == LedgerComponent.Fee && amountMinor < 0:
                return new Movement(id, valueDate, MovementType.Charge, LedgerComponent.Fee, installmentNumber, amountMinor);
            case var ignored when IgnoredKinds.Contains(ignored):
                return null;
            case LedgerEntryKind.Reversal when component == LedgerComponent.Principal && installmentNumber is null:
                return null; // the reversal of a disbursement
            default:
                return new Movement(id, valueDate, MovementType.Settlement, component, installmentNumber, -amountMinor);
        }
    }
}
