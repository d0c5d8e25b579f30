using System.Globalization;
using Cartera.Application.Data;

namespace Cartera.Application.Audit;

/// <summary>
/// Records an object-level denial (a user asked for a debtor, obligation or agreement outside their scope) in
/// <c>audit_entries</c> with the action <c>access_denied</c>, the actor, the source and what was asked for. The caller
/// answers 404 as for one that does not exist, so existence is not leaked, but the attempt is on the audit trail.
/// </summary>
public static class AccessDenials
{
    public const string Action = "access_denied";

    public static Task RecordAsync(CarteraDbContext db, IActor actor, TimeProvider clock, string entityType, long entityId, string what, CancellationToken ct = default) =>
        RecordAsync(db, actor, clock, entityType, entityId.ToString(CultureInfo.InvariantCulture), what, ct);

    public static async Task RecordAsync(CarteraDbContext db, IActor actor, TimeProvider clock, string entityType, string? entityId, string what, CancellationToken ct = default)
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
            EntityId = entityId,
            After = what,
            Source = actor.Source,
        });
        await db.SaveChangesAsync(ct);
    }
}
