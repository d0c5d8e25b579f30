namespace Cartera.Domain.Portfolio;

// Stored as snake_case text in the database and in files (see EnumCodes), so that values read the same in SQL, CSV
// and the API. Add members at the end only.

public enum ObligationStatus
{
    Active,
    PaidOff,
    WrittenOff,
    Cancelled,

    /// <summary>Replaced by a payment agreement's obligation (RULES §14): its balances were moved there or forgiven.</summary>
    Restructured,
}
