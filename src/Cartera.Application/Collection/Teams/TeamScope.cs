using Cartera.Application.Data;

namespace Cartera.Application.Collection.Teams;

/// <summary>
/// Collection's public read of the teams for object-level authorization. A supervisor sees, on a lender's date, the
/// debtors with a counting assignment (active, <c>valid_from</c> on or before the date) to themselves or to a current
/// member of a team they supervise, and the debtors nobody is assigned to (so they can assign them). A debtor
/// assigned to another team only is outside their scope.
/// </summary>
public static class TeamScope
{
    public static IQueryable<long> DebtorIdsSupervisedBy(CarteraDbContext db, string supervisorUserId, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(db);
        var members = MembersSupervisedBy(db, supervisorUserId, today);
        var counting = db.DebtorAssignments.Where(a => a.EndedAt == null && a.ValidFrom <= today);
        return db.Debtors
            .Where(d => counting.Any(a => a.DebtorId == d.Id && (a.UserId == supervisorUserId || members.Contains(a.UserId)))
                || !counting.Any(a => a.DebtorId == d.Id))
            .Select(d => d.Id);
    }

    /// <summary>The users currently in a team <paramref name="supervisorUserId"/> supervises.</summary>
    public static IQueryable<string> MembersSupervisedBy(CarteraDbContext db, string supervisorUserId, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(db);
        return from t in db.Teams
               join m in db.TeamMembers on t.Id equals m.TeamId
               where t.SupervisorUserId == supervisorUserId && m.JoinedOn <= today && (m.LeftOn == null || m.LeftOn > today)
               select m.UserId;
    }
}
