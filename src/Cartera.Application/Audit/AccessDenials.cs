using Cartera.Application.Data;

namespace Cartera.Application.Audit;

/// <summary>
/// Records an object-level denial (a user asked for a debtor outside their scope) in <c>audit_entries</c> with the
/// action <c>access_denied</c>, the actor, the source and what was asked for. The caller answers 404 as for a debtor
/// that does not exist, so existence is not leaked, but the attempt is on the audit trail.
/// </summary>
public static class AccessDenials
{
    public const string Action = "access_denied";

    public static async Task RecordAsync(CarteraDbContext db, IActor actor, TimeProvider clock, string entityType, long entityId, string what, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor.Name,
            Action = Action,
            EntityType = entityType,
            EntityId = entityId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            After = what,
            Source = actor.Source,
        });
        await db.SaveChangesAsync(ct);
    }
}
