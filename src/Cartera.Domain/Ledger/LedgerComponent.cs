namespace Cartera.Domain.Ledger;

// Stored as snake_case text in the database and in files (see EnumCodes), so that values read the same in SQL, CSV
// and the API. Add members at the end only.

/// <summary>The balance component a ledger line moves.</summary>
public enum LedgerComponent
{
    Principal,
    Interest,
    ArrearsInterest,
    Insurance,
    Fee,
    Other,
    CreditBalance,
}
