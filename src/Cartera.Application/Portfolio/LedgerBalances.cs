using Cartera.Domain.Ledger;

namespace Cartera.Application.Portfolio;

/// <summary>
/// The one definition of an obligation's balance shown today: the principal still owed, from the ledger's principal
/// lines (disbursements minus principal paid, reversals included). Regular interest is not yet charged in the ledger
/// (close-of-day accrual arrives with the delinquency engine), so a sum over every component would undercount.
/// </summary>
public static class LedgerBalances
{
    public static IQueryable<LedgerEntry> PrincipalLines(this IQueryable<LedgerEntry> entries) =>
        entries.Where(e => e.Component == LedgerComponent.Principal);

    public static long PrincipalOutstandingMinor(this IEnumerable<LedgerEntry> entries) =>
        entries.Where(e => e.Component == LedgerComponent.Principal).Sum(e => e.AmountMinor);
}
