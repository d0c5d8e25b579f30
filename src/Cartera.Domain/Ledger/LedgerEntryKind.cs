namespace Cartera.Domain.Ledger;

// Stored as snake_case text in the database and in files (see EnumCodes), so that values read the same in SQL, CSV
// and the API. Add members at the end only.

/// <summary>What a ledger entry records. Defined in full now; later features post the kinds they own.</summary>
public enum LedgerEntryKind
{
    Disbursement,
    Interest,
    ArrearsInterest,
    Fee,
    Insurance,
    Payment,
    Reversal,
    WriteOff,
    Adjustment,
    Refund,
}
