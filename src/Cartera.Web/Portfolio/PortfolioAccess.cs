using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Assignments;
using Cartera.Application.Collection.Teams;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Identity;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Portfolio;

/// <summary>
/// Object-level authorization for reading the portfolio, shared by the API and the pages. Admin, analyst and auditor
/// see every debtor; a supervisor sees the debtors of their teams and the unassigned ones (<see cref="TeamScope"/>);
/// collector, field agent and agency users see only debtors with an active assignment of their own whose
/// <c>valid_from</c> is on or before the lender's date today (<see cref="AssignmentScope"/>), and those debtors'
/// obligations. Anything else sees nothing. Callers answer 404 for a debtor outside the
/// scope, so existence is not leaked.
/// </summary>
internal static class PortfolioAccess
{
    private static readonly string[] SeeAll = [Roles.Admin, Roles.Analyst, Roles.Auditor];

    public static IQueryable<Debtor> VisibleDebtors(CarteraDbContext db, ClaimsPrincipal user)
    {
        if (Array.Exists(SeeAll, user.IsInRole))
        {
            return db.Debtors;
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is not null && user.IsInRole(Roles.Supervisor))
        {
            var supervised = TeamScope.DebtorIdsSupervisedBy(db, userId, BusinessCalendar.LenderToday(db.Clock));
            return db.Debtors.Where(d => supervised.Contains(d.Id));
        }

        if (userId is null || !Roles.AssignedOnly.Any(user.IsInRole))
        {
            return db.Debtors.Where(_ => false);
        }

        var assigned = AssignmentScope.DebtorIdsOf(db, userId, BusinessCalendar.LenderToday(db.Clock));
        return db.Debtors.Where(d => assigned.Contains(d.Id));
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

    /// <summary>
    /// Records a denied read (audit action <c>access_denied</c>, entity <c>Debtor</c> or <c>Obligation</c>) when the
    /// user asked for a debtor or obligation that exists but is outside their scope; an id that does not exist is a
    /// plain 404 and is not recorded. The caller still answers 404.
    /// </summary>
    public static async Task AuditDeniedAsync(CarteraDbContext db, string entityType, long id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var exists = entityType == nameof(Obligation)
            ? await db.Obligations.AnyAsync(o => o.Id == id, ct)
            : await db.Debtors.AnyAsync(d => d.Id == id, ct);
        if (!exists)
        {
            return;
        }

        AuditTrail.Record(db, db.Actor, db.Clock.GetUtcNow(), "access_denied", entityType, id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Whether the user may create or change portfolio data.</summary>
    public static bool CanWrite(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Supervisor);

    /// <summary>Whether the user may contact debtors and log activities (the roles of <see cref="Policies.ContactDebtors"/>).</summary>
    public static bool CanContact(ClaimsPrincipal user) =>
        new[] { Roles.Admin, Roles.Supervisor, Roles.Collector, Roles.FieldAgent, Roles.Agency }.Any(user.IsInRole);
}
