using Cartera.Application.Data;
using Cartera.Domain.Delinquency;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>
/// The jurisdiction-dependent tables of the delinquency rules, looked up by an obligation's jurisdiction — its holder's
/// country (<c>debtors.country</c>): the stored legal-cap rows of that jurisdiction (none: the contract arrears rate
/// applies alone, RULES §3 and docs/user/conventions.md) and its classification tables (<see cref="ClassificationTables"/>).
/// </summary>
public sealed class JurisdictionTables
{
    private readonly Dictionary<string, ArrearsRateSource> _rates;

    public JurisdictionTables(IReadOnlyDictionary<string, CapTable> caps, ClassificationTables classification)
    {
        ArgumentNullException.ThrowIfNull(caps);
        Classification = classification ?? throw new ArgumentNullException(nameof(classification));
        _rates = caps.ToDictionary(c => c.Key, c => new ArrearsRateSource(c.Value), StringComparer.OrdinalIgnoreCase);
    }

    public ClassificationTables Classification { get; }

    /// <summary>Every stored cap row, grouped by jurisdiction, and the shipped classification tables.</summary>
    public static async Task<JurisdictionTables> LoadAsync(CarteraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.UsuryCaps.AsNoTracking().ToListAsync(ct);
        var caps = rows.GroupBy(r => r.Jurisdiction, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => new CapTable(g.Select(r => r.ToDomain())), StringComparer.OrdinalIgnoreCase);
        return new JurisdictionTables(caps, ClassificationTables.Shipped);
    }

    /// <summary>The arrears rates of a jurisdiction (an empty cap table when it has no row).</summary>
    public ArrearsRateSource Rates(string jurisdiction)
    {
        if (!_rates.TryGetValue(jurisdiction, out var rates))
        {
            rates = new ArrearsRateSource(CapTable.Empty);
            _rates[jurisdiction] = rates;
        }

        return rates;
    }

    public ClassificationTable ClassificationFor(string jurisdiction, ClassificationTableKind kind) => Classification.For(jurisdiction, kind);
}
