using System.Globalization;
using System.Security.Claims;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Collection.Queue;

/// <summary>
/// Whose work queue a request may read or change: a collector, field agent or agency user only their own; admins and
/// supervisors their own or any user's they name. Asking for another user's queue without that right is denied and
/// audited (<see cref="AccessDenials"/>, entity <c>WorkQueue</c>). A debtor outside the queue's owner's assignments is
/// answered as not found, and audited when it exists.
/// </summary>
internal static class QueueAccess
{
    public const string Entity = "WorkQueue";

    public static bool MayViewOthers(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Supervisor);

    /// <summary>The queue owner's user id, or null when denied (the denial is audited).</summary>
    public static async Task<string?> OwnerAsync(ClaimsPrincipal user, string? requested, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        var self = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (self is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(requested) || requested == self)
        {
            return self;
        }

        if (MayViewOthers(user))
        {
            return requested;
        }

        await AccessDenials.RecordAsync(db, actor, clock, Entity, requested, "work queue of another user", ct);
        return null;
    }

    /// <summary>Whether the debtor is in the owner's assignments today; a denial is audited (the caller answers 404).</summary>
    public static async Task<bool> DebtorAsync(string owner, long debtorId, WorkQueueService queue, CarteraDbContext db, IActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (await Application.Collection.Assignments.AssignmentScope.DebtorIdsOf(db, owner, queue.Today).AnyAsync(d => d == debtorId, ct))
        {
            return true;
        }

        if (await db.Debtors.AnyAsync(d => d.Id == debtorId, ct))
        {
            await AccessDenials.RecordAsync(db, actor, clock, "Debtor", debtorId, "work queue: debtor not assigned to the user", ct);
        }

        return false;
    }

    /// <summary>A cursor as text: <c>tier.points.debtor_id</c>.</summary>
    public static string Format(QueueCursor cursor) =>
        string.Create(CultureInfo.InvariantCulture, $"{cursor.Tier}.{cursor.Points}.{cursor.DebtorId}");

    /// <exception cref="DomainException">invalid_cursor.</exception>
    public static QueueCursor? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split('.');
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tier)
            && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var points)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new QueueCursor(tier, points, id)
            : throw new DomainException("invalid_cursor", "El cursor de la cola no es válido.", "after");
    }
}
