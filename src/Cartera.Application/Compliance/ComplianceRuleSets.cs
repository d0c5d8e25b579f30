using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Compliance;

/// <summary>One stored version of a rule set, for lists, the API and the admin page.</summary>
public sealed record RuleSetVersionView(
    long Id,
    string RuleSetId,
    int Version,
    string Jurisdiction,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    RulesData Rules,
    string? ChangeNote,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    bool Current)
{
    public string Label => $"{RuleSetId}@{Version}";
}

/// <summary>An administrator's edit: the whole rule set as it should read from now on.</summary>
public sealed record RuleSetEdit(string Jurisdiction, DateOnly ValidFrom, DateOnly? ValidTo, RulesData Rules, string? ChangeNote);

/// <summary>
/// Rule sets as editable data. <see cref="SaveAsync"/> never changes a stored version: it validates the edit with the
/// domain and inserts the next version (audited), then drops the cached catalog so the gate uses it at once. The
/// shipped <see cref="DefaultRuleSets"/> are seeded on first use (the gate, the list), not by the migration, so
/// the lead's regenerated migrations and an empty database stay free of data.
/// </summary>
public sealed class ComplianceRuleSets(CarteraDbContext db, ComplianceCatalogCache cache)
{
    /// <summary>Every stored version, by jurisdiction, rule set and version (newest first); <c>Current</c> marks the highest version of each rule set.</summary>
    public async Task<IReadOnlyList<RuleSetVersionView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSeededAsync(cancellationToken);
        var rows = await db.StoredRuleSets.AsNoTracking().ToListAsync(cancellationToken);
        var latest = rows.GroupBy(r => r.RuleSetId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(r => r.Version), StringComparer.Ordinal);
        return rows
            .OrderBy(r => r.Jurisdiction, StringComparer.Ordinal)
            .ThenBy(r => r.RuleSetId, StringComparer.Ordinal)
            .ThenByDescending(r => r.Version)
            .Select(r => View(r, latest[r.RuleSetId] == r.Version))
            .ToList();
    }

    /// <summary>The versions of one rule set, newest first (empty when unknown).</summary>
    public async Task<IReadOnlyList<RuleSetVersionView>> VersionsAsync(string ruleSetId, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).Where(v => v.RuleSetId == ruleSetId).ToList();

    /// <summary>Saves <paramref name="edit"/> as the next version of <paramref name="ruleSetId"/> (version 1 for a new id).</summary>
    /// <exception cref="DomainException"><c>invalid_rule_set</c>, <c>invalid_window</c>, <c>invalid_code</c>, <c>unknown_calendar</c>; <c>jurisdiction_mismatch</c> when an existing id changes country.</exception>
    public async Task<RuleSetVersionView> SaveAsync(string ruleSetId, RuleSetEdit edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(edit.Rules);
        var id = (ruleSetId ?? string.Empty).Trim().ToLowerInvariant();
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new DomainException("invalid_rule_set", "A rule-set id is 1–64 letters, digits, '-' or '_'.", "id");
        }

        await EnsureSeededAsync(cancellationToken);
        var previous = await db.StoredRuleSets.AsNoTracking().Where(r => r.RuleSetId == id).OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken);
        var jurisdiction = (edit.Jurisdiction ?? string.Empty).Trim().ToUpperInvariant();
        if (previous is not null && previous.Jurisdiction != jurisdiction)
        {
            throw new DomainException("jurisdiction_mismatch", $"Rule set '{id}' belongs to {previous.Jurisdiction}; create a new rule set for {jurisdiction}.", "jurisdiction");
        }

        var version = (previous?.Version ?? 0) + 1;
        var set = edit.Rules.ToRuleSet(id, version, jurisdiction, edit.ValidFrom, edit.ValidTo);
        var row = new StoredRuleSet
        {
            RuleSetId = id,
            Version = version,
            Jurisdiction = set.Jurisdiction,
            ValidFrom = set.ValidFrom,
            ValidTo = set.ValidTo,
            Rules = RulesData.From(set).ToJson(),
            ChangeNote = string.IsNullOrWhiteSpace(edit.ChangeNote) ? null : edit.ChangeNote.Trim(),
            CreatedAt = db.Clock.GetUtcNow(),
            CreatedBy = db.Actor.Name,
        };
        db.StoredRuleSets.Add(row);
        await db.SaveChangesAsync(cancellationToken); // two admins saving at once: the unique (rule_set_id, version) index refuses one
        cache.Invalidate();
        return View(row, current: true);
    }

    /// <summary>The audit trail of rule-set versions and debtor overrides (newest first): who, when, before and after.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditTrailAsync(string entityType, string? entityId = null, int take = 200, CancellationToken cancellationToken = default)
    {
        var query = db.AuditEntries.AsNoTracking().Where(a => a.EntityType == entityType);
        if (entityId is not null)
        {
            query = query.Where(a => a.EntityId == entityId);
        }

        return await query.OrderByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
    }

    internal Task EnsureSeededAsync(CancellationToken cancellationToken) => SeedDefaultsAsync(db, cancellationToken);

    /// <summary>
    /// Inserts each shipped default whose id is not stored yet (as its version 1), created by and audited as the system
    /// (<see cref="FixedActor.Seed"/>), not as whoever's check or listing came first. Two
    /// processes seeding at once: the unique index refuses the second, which then finds the rows there.
    /// </summary>
    public static async Task SeedDefaultsAsync(CarteraDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.StoredRuleSets.Select(r => r.RuleSetId).Distinct().ToListAsync(cancellationToken);
        var missing = DefaultRuleSets.All.Where(d => !stored.Contains(d.Id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        using var system = db.ActAs(FixedActor.Seed);
        var now = db.Clock.GetUtcNow();
        var rows = missing.Select(d => new StoredRuleSet
        {
            RuleSetId = d.Id,
            Version = d.Version,
            Jurisdiction = d.Jurisdiction,
            ValidFrom = d.ValidFrom,
            ValidTo = d.ValidTo,
            Rules = RulesData.From(d).ToJson(),
            ChangeNote = "Shipped default (RULES §7)",
            CreatedAt = now,
            CreatedBy = db.Actor.Name,
        }).ToList();
        db.StoredRuleSets.AddRange(rows);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is StoredRuleSet or AuditEntry && e.State == EntityState.Added).ToList())
            {
                entry.State = EntityState.Detached;
            }

            if (!await db.StoredRuleSets.AsNoTracking().AnyAsync(cancellationToken))
            {
                throw;
            }
        }
    }

    private static RuleSetVersionView View(StoredRuleSet r, bool current) =>
        new(r.Id, r.RuleSetId, r.Version, r.Jurisdiction, r.ValidFrom, r.ValidTo, RulesData.FromJson(r.Rules), r.ChangeNote, r.CreatedAt, r.CreatedBy, current);
}
