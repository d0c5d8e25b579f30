using System.Text.Json;
using System.Text.Json.Serialization;
using Cartera.Domain.Delinquency;

namespace Cartera.Application.Delinquency;

/// <summary>
/// The regulatory classification tables per jurisdiction, as data (<c>Delinquency/Data/classification_tables.json</c>,
/// embedded): for each jurisdiction (the debtor's country) and table kind, the highest DPD of categories A–D. A
/// jurisdiction without tables of its own uses the file's <c>default</c> jurisdiction's (documented in
/// docs/user/conventions.md).
/// </summary>
public sealed class ClassificationTables
{
    private const string ResourceName = "Cartera.Application.Delinquency.Data.classification_tables.json";

    private static readonly Lazy<ClassificationTables> ShippedTables = new(Load);

    private readonly Dictionary<string, IReadOnlyDictionary<ClassificationTableKind, ClassificationTable>> _byJurisdiction;
    private readonly string _default;

    public ClassificationTables(string defaultJurisdiction, IReadOnlyDictionary<string, IReadOnlyDictionary<ClassificationTableKind, ClassificationTable>> byJurisdiction)
    {
        ArgumentNullException.ThrowIfNull(byJurisdiction);
        _byJurisdiction = new Dictionary<string, IReadOnlyDictionary<ClassificationTableKind, ClassificationTable>>(byJurisdiction, StringComparer.OrdinalIgnoreCase);
        _default = defaultJurisdiction;
        if (!_byJurisdiction.ContainsKey(defaultJurisdiction))
        {
            throw new ArgumentException($"The default jurisdiction {defaultJurisdiction} has no classification tables.", nameof(defaultJurisdiction));
        }
    }

    /// <summary>The tables Cartera ships.</summary>
    public static ClassificationTables Shipped => ShippedTables.Value;

    /// <summary>Whether the jurisdiction has tables of its own (else it uses the default jurisdiction's).</summary>
    public bool HasOwn(string jurisdiction) => _byJurisdiction.ContainsKey(jurisdiction);

    /// <summary>The table of a kind for an obligation of the jurisdiction.</summary>
    public ClassificationTable For(string jurisdiction, ClassificationTableKind kind)
    {
        var tables = _byJurisdiction.TryGetValue(jurisdiction, out var own) ? own : _byJurisdiction[_default];
        return tables.TryGetValue(kind, out var table)
            ? table
            : throw new InvalidOperationException($"Jurisdiction {jurisdiction} has no {kind} classification table.");
    }

    private static ClassificationTables Load()
    {
        using var stream = typeof(ClassificationTables).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        var file = JsonSerializer.Deserialize<FileShape>(stream, ProductCatalog.Json)
            ?? throw new InvalidOperationException($"{ResourceName} is empty.");
        var byJurisdiction = file.Jurisdictions.ToDictionary(
            j => j.Key,
            j => (IReadOnlyDictionary<ClassificationTableKind, ClassificationTable>)j.Value.Tables.ToDictionary(
                t => t.Key,
                t => t.Value is [var a, var b, var c, var d]
                    ? new ClassificationTable(t.Key, a, b, c, d)
                    : throw new InvalidOperationException($"{ResourceName}: {j.Key} {t.Key} lists {t.Value.Length} limits, not 4 (A, B, C, D).")),
            StringComparer.OrdinalIgnoreCase);
        return new ClassificationTables(file.Default, byJurisdiction);
    }

    private sealed record FileShape(
        string Default,
        Dictionary<string, JurisdictionShape> Jurisdictions,
        [property: JsonPropertyName("_comment")] string? Comment);

    private sealed record JurisdictionShape(string Source, Dictionary<ClassificationTableKind, int[]> Tables);
}
