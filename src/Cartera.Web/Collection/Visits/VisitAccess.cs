using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Visits;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Cartera.Domain.Collection.Visits;

namespace Cartera.Web.Collection.Visits;

/// <summary>
/// Object-level security of visits, shared by the API, the form posts and the page: admin, supervisor, analyst and
/// auditor see every visit; a field agent only the visits they are the agent of, on debtors assigned to them; a
/// collector or agency user the visits of the debtors assigned to them; anyone else none. Only admins and supervisors
/// plan and cancel; a result is recorded by the visit's agent or an admin or supervisor. A visit outside the scope is
/// 404 and the denial is audited (<see cref="AccessDenials"/>, entity <c>FieldVisit</c>).
/// </summary>
internal static class VisitAccess
{
    public static VisitScope Scope(ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Analyst) || user.IsInRole(Roles.Auditor))
        {
            return VisitScope.All;
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return VisitScope.Nobody;
        }

        if (user.IsInRole(Roles.FieldAgent))
        {
            return new VisitScope(userId, true);
        }

        return user.IsInRole(Roles.Collector) || user.IsInRole(Roles.Agency) ? new VisitScope(userId, false) : VisitScope.Nobody;
    }

    public static bool CanPlan(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Supervisor);

    public static bool CanRecord(ClaimsPrincipal user, VisitView visit) =>
        CanPlan(user) || (user.IsInRole(Roles.FieldAgent) && visit.AgentUserId == user.FindFirstValue(ClaimTypes.NameIdentifier));

    /// <summary>The visit if the user may see it (and, with <paramref name="toRecord"/>, record its result); else null after auditing the denial of an existing one.</summary>
    public static async Task<VisitView?> FindAsync(long visitId, bool toRecord, ClaimsPrincipal user, FieldVisits visits, CarteraDbContext db, IActor actor, TimeProvider clock, string what, CancellationToken ct)
    {
        var visit = await visits.FindAsync(visitId, Scope(user), ct);
        if (visit is not null && (!toRecord || CanRecord(user, visit)))
        {
            return visit;
        }

        if (await visits.ExistsAsync(visitId, ct))
        {
            await AccessDenials.RecordAsync(db, actor, clock, nameof(FieldVisit), visitId, what, ct);
        }

        return null;
    }
}
