using System.Globalization;
using System.Text.Json;

namespace Cartera.Application.Scoring;

/// <summary>A text in Spanish (the default) and English.</summary>
public sealed record LocalizedText(string Es, string En)
{
    public string In(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Es;
}

/// <summary>How a reason shows its value: a reason text has the placeholder <c>{value}</c>.</summary>
public sealed record ReasonTemplate(string Format, string Es, string En);

/// <summary>
/// The reason texts (embedded <c>Scoring/reasons.json</c>, Spanish and English) and the explanation of one score:
/// feature contributions are summed per reason (the one-hot columns of an attribute make one reason); when the
/// probability is at or above the training base rate the reasons are the three that raise the risk most, otherwise the
/// three that lower it most, each written with the row's own value.
/// </summary>
public sealed class ReasonCatalog
{
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-CO");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private ReasonCatalog(
        IReadOnlyDictionary<string, ReasonTemplate> reasons,
        IReadOnlyDictionary<string, LocalizedText> categories,
        IReadOnlyDictionary<string, LocalizedText> statuses,
        IReadOnlyDictionary<string, LocalizedText> directions)
    {
        Reasons = reasons;
        Categories = categories;
        Statuses = statuses;
        Directions = directions;
    }

    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    public static ReasonCatalog Default { get; } = LoadEmbedded();

    public IReadOnlyDictionary<string, ReasonTemplate> Reasons { get; }

    public IReadOnlyDictionary<string, LocalizedText> Categories { get; }

    public IReadOnlyDictionary<string, LocalizedText> Statuses { get; }

    /// <summary><c>up</c> ("sube el riesgo") and <c>down</c> ("baja el riesgo").</summary>
    public IReadOnlyDictionary<string, LocalizedText> Directions { get; }

    private sealed record CatalogFile(
        Dictionary<string, LocalizedText> Directions,
        Dictionary<string, ReasonTemplate> Reasons,
        Dictionary<string, LocalizedText> Statuses,
        Dictionary<string, LocalizedText> Categories);

    private static ReasonCatalog LoadEmbedded()
    {
        using var stream = typeof(ReasonCatalog).Assembly.GetManifestResourceStream("Cartera.Application.Scoring.reasons.json")
            ?? throw new InvalidOperationException("The embedded reason catalog Cartera.Application.Scoring.reasons.json is missing.");
        var file = JsonSerializer.Deserialize<CatalogFile>(stream, ReadOptions)
            ?? throw new InvalidOperationException("The reason catalog is empty.");
        return new ReasonCatalog(file.Reasons, file.Categories, file.Statuses, file.Directions);
    }

    public IReadOnlyList<ScoreReason> Explain(IReadOnlyList<FeatureDefinition> features, float[] values, float[] contributions, bool raisesRisk, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(contributions);
        var groups = Enumerable.Range(0, features.Count)
            .GroupBy(i => features[i].Reason, StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Members: g.ToArray(), Total: g.Sum(i => (double)contributions[i])))
            .Where(g => raisesRisk ? g.Total > 0 : g.Total < 0)
            .OrderByDescending(g => Math.Abs(g.Total))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(count);
        var result = new List<ScoreReason>();
        foreach (var (key, members, total) in groups)
        {
            // The value shown: the row's category for a categorical reason; otherwise the plain (non one-hot) member that
            // moved the score most, so a reason that also has indicator columns still shows the row's own number.
            var categorical = Reasons.TryGetValue(key, out var template) && template.Format == "category";
            var shown = categorical
                ? members.FirstOrDefault(i => features[i].Category is not null && values[i] > 0.5f, members[0])
                : members.OrderBy(i => features[i].Category is null ? 0 : 1).ThenByDescending(i => Math.Abs(contributions[i])).First();

            result.Add(new ScoreReason(key, total, raisesRisk, Render(key, features[shown], values[shown], "es"), Render(key, features[shown], values[shown], "en")));
        }

        return result;
    }

    /// <summary>The reason text of one feature value, in <paramref name="language"/> (<c>es</c> or <c>en</c>).</summary>
    public string Render(string key, FeatureDefinition feature, float stored, string language)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (!Reasons.TryGetValue(key, out var template))
        {
            return key;
        }

        var culture = language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Spanish;
        var value = feature.Scale == FeatureScale.Log1p ? Math.Exp(stored) - 1 : stored;
        var text = template.Format switch
        {
            "category" => feature.Category is { } code && Categories.TryGetValue(code, out var category) ? category.In(language) : "?",
            "percent" => Percent(value, culture, signed: false),
            "signed_percent" => Percent(value, culture, signed: true),
            "amount" => Math.Round(value).ToString("N0", culture),
            "status" => Status((int)Math.Round(value), language, culture),
            _ => Math.Round(value).ToString("0", culture),
        };
        return (culture == English ? template.En : template.Es).Replace("{value}", text, StringComparison.Ordinal);
    }

    private static string Percent(double value, CultureInfo culture, bool signed)
    {
        var number = Math.Round(value * 100).ToString(signed ? "+0;-0;0" : "0", culture);
        return culture == English ? number + "%" : number + " %";
    }

    private string Status(int status, string language, CultureInfo culture) =>
        status >= 1 && Statuses.TryGetValue("late", out var late)
            ? late.In(language).Replace("{value}", status.ToString(culture), StringComparison.Ordinal)
            : Statuses.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var text) ? text.In(language) : status.ToString(culture);
}
