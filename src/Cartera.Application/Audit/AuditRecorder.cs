using System.Globalization;
using System.Text.Json;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cartera.Application.Audit;

/// <summary>
/// Turns tracked changes into audit entries: before and after as JSON of scalar properties (secrets redacted).
/// Not duplicated here: ledger entries (the ledger is itself an append-only record with author and time) and
/// installments (their amounts derive from the obligation's audited terms or an audited import, their paid amounts from
/// the ledger), which would otherwise add one audit row per installment for no extra information; and entities that
/// are their own audit record (<see cref="ISelfAudited"/>, for example contact attempts); and debtor assignments, whose
/// service records one entry per changed debtor through <see cref="AuditTrail"/> (an end and a new row of one
/// reassignment are one change).
/// </summary>
internal static class AuditRecorder
{
    private static readonly HashSet<string> Redacted = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp",
    };

    // Audit text is stored, never rendered as raw HTML; keep accents readable (Bogotá, not Bogot\u00E1).
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal sealed record Pending(EntityEntry Entry, string Action, string? Before);

    public static List<Pending> Capture(ChangeTracker tracker)
    {
        tracker.DetectChanges();
        var pending = new List<Pending>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.Entity is AuditEntry or LedgerEntry or Installment or Delinquency.DelinquencySnapshot or Scoring.Portfolio.DebtorScore or Domain.Collection.Assignments.DebtorAssignment or ISelfAudited || entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (entry.State == EntityState.Modified && !entry.Properties.Any(p => p.IsModified && p.Metadata.Name != "Version"))
            {
                continue;
            }

            var action = entry.State switch
            {
                EntityState.Added => "create",
                EntityState.Deleted => "delete",
                _ => "update",
            };
            var before = entry.State == EntityState.Added ? null : Serialize(entry, original: true);
            pending.Add(new Pending(entry, action, before));
        }

        return pending;
    }

    public static IEnumerable<AuditEntry> Complete(List<Pending> pending, IActor actor, DateTimeOffset at)
    {
        foreach (var p in pending)
        {
            yield return new AuditEntry
            {
                At = at,
                Actor = actor.Name,
                Source = actor.Source,
                Action = p.Action,
                EntityType = p.Entry.Metadata.ClrType.Name,
                EntityId = KeyOf(p.Entry),
                Before = p.Before,
                After = p.Action == "delete" ? null : Serialize(p.Entry, original: false),
            };
        }
    }

    private static string? KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null)
        {
            return null;
        }

        return string.Join("/", key.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));
    }

    private static string Serialize(EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            var value = original ? property.OriginalValue : property.CurrentValue;
            values[name] = Redacted.Contains(name) ? "***" : value is Enum e ? e.ToString() : value is byte[] bytes ? $"({bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes)" : value;
        }

        return JsonSerializer.Serialize(values, Json);
    }
}
