namespace Cartera.Domain.Portfolio;

// Stored as snake_case text in the database and in files (see EnumCodes), so that values read the same in SQL, CSV
// and the API. Add members at the end only.

public enum ObligationKind
{
    Loan,
    Invoice,
    Card,

    /// <summary>The new obligation a payment agreement books (RULES §14): the agreed balance, down payment and installments.</summary>
    Agreement,
}
