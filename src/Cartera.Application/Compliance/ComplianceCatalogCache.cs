using Cartera.Application.Data;
using Cartera.Domain.Compliance;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Compliance;

/// <summary>
/// The gate over the stored rule sets, built once and reused (a singleton). Rule-set rows are insert-only, so the
/// greatest row id is a complete version stamp: each use reads it (one indexed aggregate) and rebuilds the catalog only
/// when it changed. An edit in this process also calls <see cref="Invalidate"/>; another process (a second web node,
/// the CLI) sees the new stamp on its next check. An empty table is seeded with <see cref="DefaultRuleSets"/> first.
/// </summary>
public sealed class ComplianceCatalogCache : IDisposable
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile Snapshot? _current;

    /// <summary>The gate for the rule sets stored now.</summary>
    public async Task<ComplianceGate> GateAsync(CarteraDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stamp = await Stamp(db, cancellationToken);
        var current = _current;
        if (current is not null && current.Stamp == stamp && stamp != 0)
        {
            return current.Gate;
        }

        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is not null && current.Stamp == stamp && stamp != 0)
            {
                return current.Gate;
            }

            if (stamp == 0)
            {
                await ComplianceRuleSets.SeedDefaultsAsync(db, cancellationToken);
                stamp = await Stamp(db, cancellationToken);
            }

            var rows = await db.StoredRuleSets.AsNoTracking().ToListAsync(cancellationToken);
            var gate = new ComplianceGate(new ComplianceRuleSetCatalog(rows.Select(r => r.ToRuleSet())));
            _current = new Snapshot(stamp, gate);
            return gate;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    /// <summary>Drops the cached catalog (after an edit in this process).</summary>
    public void Invalidate() => _current = null;

    public void Dispose() => _rebuild.Dispose();

    private static async Task<long> Stamp(CarteraDbContext db, CancellationToken cancellationToken) =>
        await db.StoredRuleSets.MaxAsync(r => (long?)r.Id, cancellationToken) ?? 0;

    private sealed record Snapshot(long Stamp, ComplianceGate Gate);
}
