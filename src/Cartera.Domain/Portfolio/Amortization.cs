namespace Cartera.Domain.Portfolio;

// Stored as snake_case text in the database and in files (see EnumCodes), so that values read the same in SQL, CSV
// and the API. Add members at the end only.

public enum Amortization
{
    /// <summary>Constant installment (sistema francés).</summary>
    French,

    /// <summary>Constant principal, decreasing installment (sistema alemán).</summary>
    ConstantPrincipal,

    /// <summary>Periodic interest, all principal in the last installment.</summary>
    Bullet,

    /// <summary>One installment of the principal, no interest: an invoice on credit.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "'single' is the amortization's name in the interchange format (DESIGN §6).")]
    Single,
}
