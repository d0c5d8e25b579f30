using System.Text.Json;
using System.Text.Json.Serialization;
using Cartera.Domain.Delinquency;

namespace Cartera.Application.Delinquency;

/// <summary>
/// Per jurisdiction, as data (<c>Delinquency/Data/usury_rules.json</c>, embedded): how its usury rate follows from the
/// certified banking current rate (<see cref="UsuryRate"/>) and which cap table Cartera ships for it. A jurisdiction
/// not listed has neither: its caps are imported, or it has none and the contract arrears rate applies alone.
/// </summary>
public sealed class UsuryRules
{
    private const string ResourceName = "Cartera.Application.Delinquency.Data.usury_rules.json";

    private static readonly Lazy<UsuryRules> ShippedRules = new(Load);

    private readonly Dictionary<string, Rule> _rules;

    private UsuryRules(Dictionary<string, Rule> rules) => _rules = rules;

    public static UsuryRules Shipped => ShippedRules.Value;

    /// <summary>The derived-usury rule of a jurisdiction, or null when it has none.</summary>
    public UsuryRate? RateFor(string jurisdiction) =>
        _rules.TryGetValue(jurisdiction, out var rule) && rule.Multiple is { } m ? new UsuryRate(m, rule.Tolerance) : null;

    /// <summary>The jurisdictions with a shipped cap table and the embedded resource name of each.</summary>
    public IEnumerable<(string Jurisdiction, string File)> ShippedTables =>
        _rules.Where(r => r.Value.ShippedTable is not null).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value.ShippedTable!));

    private static UsuryRules Load()
    {
        using var stream = typeof(UsuryRules).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        var file = JsonSerializer.Deserialize<FileShape>(stream, ProductCatalog.Json)
            ?? throw new InvalidOperationException($"{ResourceName} is empty.");
        return new UsuryRules(new Dictionary<string, Rule>(file.Jurisdictions, StringComparer.OrdinalIgnoreCase));
    }

    private sealed record FileShape([property: JsonPropertyName("jurisdictions")] Dictionary<string, Rule> Jurisdictions);

    private sealed record Rule(
        [property: JsonPropertyName("usury_multiple_of_banking_current")] decimal? Multiple,
        [property: JsonPropertyName("tolerance")] decimal Tolerance,
        [property: JsonPropertyName("shipped_table")] string? ShippedTable);
}
