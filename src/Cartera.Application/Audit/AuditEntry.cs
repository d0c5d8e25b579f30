namespace Cartera.Application.Audit;

/// <summary>
/// One audited change: who, when, from where, what (entity type and id), before and after (JSON of the changed
/// entity's scalar properties). Written in the same transaction as the change. Never updated or deleted.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>User id and email, or a system actor such as <c>cli</c> or <c>system:close-of-day</c>.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>create, update, delete, import, sign_in…</summary>
    public string Action { get; set; } = string.Empty;

    public string EntityType { get; set; } = string.Empty;

    public string? EntityId { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    /// <summary>Where the change came from: an IP address, <c>cli</c>, <c>job</c>.</summary>
    public string? Source { get; set; }
}
