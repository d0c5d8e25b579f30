namespace Cartera.Application.Audit;

/// <summary>
/// Records a refused access (object-level security: a debtor outside the user's scope) as an audit entry with action
/// <c>denied</c>, the entity asked for and the reason; the caller answers 404 so existence is not leaked.
/// </summary>
public static class AccessDenials
{
    public static async Task RecordAsync(Data.CarteraDbContext db, IActor actor, TimeProvider clock, string entityType, string? entityId, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor.Name,
            Source = actor.Source,
            Action = "denied",
            EntityType = entityType,
            EntityId = entityId,
            After = reason,
        });
        await db.SaveChangesAsync(ct);
    }
}
