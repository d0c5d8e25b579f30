using System.Security.Claims;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Cartera.Domain.Portfolio;

namespace Cartera.Web.Portfolio;

/// <summary>
/// Object-level authorization for reading the portfolio, shared by the API and the pages. Admin, supervisor, analyst
/// and auditor see every debtor; collector, field agent and agency users see only debtors with an active assignment
/// to them, and those debtors' obligations. Anything else sees nothing. Callers answer 404 for a debtor outside the
/// scope, so existence is not leaked.
/// </summary>
internal static class PortfolioAccess
{
    private static readonly string[] SeeAll = [Roles.Admin, Roles.Supervisor, Roles.Analyst, Roles.Auditor];

    public static IQueryable<Debtor> VisibleDebtors(CarteraDbContext db, ClaimsPrincipal user)
    {
        if (Array.Exists(SeeAll, user.IsInRole))
        {
            return db.Debtors;
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || !Roles.AssignedOnly.Any(user.IsInRole))
        {
            return db.Debtors.Where(_ => false);
        }

        return db.Debtors.Where(d => db.DebtorAssignments.Any(a => a.DebtorId == d.Id && a.UserId == userId && a.EndedAt == null));
    }

    public static IQueryable<Obligation> VisibleObligations(CarteraDbContext db, ClaimsPrincipal user)
    {
        if (Array.Exists(SeeAll, user.IsInRole))
        {
            return db.Obligations;
        }

        var debtors = VisibleDebtors(db, user).Select(d => d.Id);
        return db.Obligations.Where(o => debtors.Contains(o.DebtorId));
    }

    /// <summary>Whether the user may create or change portfolio data.</summary>
    public static bool CanWrite(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Supervisor);
}
