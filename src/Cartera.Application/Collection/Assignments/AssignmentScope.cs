using Cartera.Application.Data;

namespace Cartera.Application.Collection.Assignments;

/// <summary>
/// Collection's public read of the assignments for object-level authorization: the debtors a user works on a
/// lender's date are those with an active assignment of theirs whose <c>valid_from</c> is on or before that date.
/// </summary>
public static class AssignmentScope
{
    public static IQueryable<long> DebtorIdsOf(CarteraDbContext db, string userId, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.DebtorAssignments.Where(a => a.UserId == userId && a.EndedAt == null && a.ValidFrom <= today).Select(a => a.DebtorId);
    }
}
