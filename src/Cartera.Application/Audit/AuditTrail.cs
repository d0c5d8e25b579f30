using Cartera.Application.Data;

namespace Cartera.Application.Audit;

/// <summary>
/// Audit's public recorder for entries that are not one tracked entity change: a feature that records its own
/// business-level entry (one per changed debtor of a bulk assignment, a denied access) adds it here. The entry is
/// saved with the caller's next <c>SaveChanges</c>, in the same transaction as the change it describes.
/// </summary>
public static class AuditTrail
{
    public static void Record(CarteraDbContext db, IActor actor, DateTimeOffset at, string action, string entityType, string? entityId, string? before, string? after)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        db.AuditEntries.Add(new AuditEntry
        {
            At = at,
            Actor = actor.Name,
            Source = actor.Source,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before,
            After = after,
        });
    }
}
