using Cartera.Application.Audit;
using Cartera.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cartera.Application.Data;

/// <summary>The ledger and the audit trail are append-only: EF refuses to update or delete them (the database too, by trigger).</summary>
internal static class LedgerGuard
{
    public static void RefuseChanges(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.Entity is LedgerEntry or AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException(
                    $"{entry.Entity.GetType().Name} is append-only: post a reversal instead of changing or deleting it.");
            }
        }
    }
}

/// <summary>On SQLite the concurrency token is a counter that every update increments.</summary>
internal static class ConcurrencyVersions
{
    public static void Bump(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.State != EntityState.Modified)
            {
                continue;
            }

            var version = entry.Metadata.FindProperty("Version");
            if (version is { IsConcurrencyToken: true } && version.ClrType == typeof(uint))
            {
                var property = entry.Property("Version");
                property.CurrentValue = unchecked((uint)property.OriginalValue! + 1);
            }
        }
    }
}
