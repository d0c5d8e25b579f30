using System.Security.Cryptography;
using Cartera.Domain.Common;

namespace Cartera.Application.Scoring;

/// <summary>How a feature's stored value relates to what a person reads in a reason.</summary>
public enum FeatureScale
{
    /// <summary>The value is shown as stored.</summary>
    Identity,

    /// <summary>The value is stored as ln(1 + x) (amounts); a reason shows x.</summary>
    Log1p,
}

/// <summary>
/// One model input column. <see cref="Reason"/> names the reason (in <c>reasons.json</c>) the feature's contribution is
/// added to; one-hot columns of one attribute share a reason and each carries its <see cref="Category"/> code.
/// </summary>
public sealed record FeatureDefinition(string Name, string Reason, FeatureScale Scale = FeatureScale.Identity, string? Category = null);

/// <summary>
/// One labelled example, independent of where it came from (a public file, later the portfolio's snapshots).
/// <see cref="Label"/> is true for the outcome the model predicts (default, bad client). <see cref="Time"/> (a sortable
/// key such as a business date's day number) and <see cref="Group"/> (a debtor id) are optional: a time-based backtest
/// splits on the first, grouped folds on the second.
/// </summary>
public sealed record TrainingRow(string Id, float[] Features, bool Label, long? Time = null, string? Group = null);

/// <summary>A format-neutral labelled data set: the feature schema, the rows and the SHA-256 of the source bytes.</summary>
public sealed class TrainingSet
{
    public TrainingSet(string format, IReadOnlyList<FeatureDefinition> features, IReadOnlyList<TrainingRow> rows, string sha256)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(rows);
        Format = format;
        Features = features;
        Rows = rows;
        Sha256 = sha256;
        foreach (var row in rows)
        {
            if (row.Features.Length != features.Count)
            {
                throw new ArgumentException($"Row {row.Id} has {row.Features.Length} features; the schema has {features.Count}.", nameof(rows));
            }
        }
    }

    public string Format { get; }

    public IReadOnlyList<FeatureDefinition> Features { get; }

    public IReadOnlyList<TrainingRow> Rows { get; }

    /// <summary>Lower-case hex SHA-256 of the bytes the rows were read from.</summary>
    public string Sha256 { get; }

    public int PositiveCount => Rows.Count(r => r.Label);

    /// <summary>
    /// The time-based backtest split: rows whose <see cref="TrainingRow.Time"/> is before <paramref name="cutoff"/> to train
    /// on, the others to evaluate on. Every row needs a time key (the public files have none; the portfolio's snapshots will).
    /// </summary>
    public (TrainingSet Before, TrainingSet From) SplitByTime(long cutoff)
    {
        var missing = Rows.FirstOrDefault(r => r.Time is null);
        if (missing is not null)
        {
            throw new DomainException("scoring_time_missing", $"Row {missing.Id} has no time key; a time-based split needs one on every row.", "time");
        }

        var before = Enumerable.Range(0, Rows.Count).Where(i => Rows[i].Time < cutoff);
        var from = Enumerable.Range(0, Rows.Count).Where(i => Rows[i].Time >= cutoff);
        return (Subset(before), Subset(from));
    }

    /// <summary>The rows at the given positions, same schema and hash (a fold of a cross-validation).</summary>
    public TrainingSet Subset(IEnumerable<int> indices) => new(Format, Features, indices.Select(i => Rows[i]).ToList(), Sha256);
}

/// <summary>A public labelled file format: reads a file into a <see cref="TrainingSet"/> with its engineered features.</summary>
public interface IScoringFormat
{
    /// <summary>The name used on the command line (<c>--format</c>) and in the model manifest.</summary>
    string Name { get; }

    IReadOnlyList<FeatureDefinition> Features { get; }

    /// <summary>The costs of wrong decisions when the format defines them (German: 5 for a bad client approved, 1 for a good one refused).</summary>
    CostMatrix? Costs { get; }

    /// <summary>Reads every row; a malformed one throws <see cref="DomainException"/> with code <c>scoring_data_invalid</c>, the line and the column.</summary>
    IReadOnlyList<TrainingRow> Read(TextReader reader);
}

/// <summary>The formats the CLI knows and reading a file of one of them.</summary>
public static class ScoringFormats
{
    public static IReadOnlyList<IScoringFormat> All { get; } = [new TaiwanFormat(), new GermanFormat()];

    public static IScoringFormat Get(string name)
    {
        return All.FirstOrDefault(f => string.Equals(f.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new DomainException("scoring_format_unknown", $"Unknown data format '{name}'; use {string.Join(" or ", All.Select(f => f.Name))}.", "format");
    }

    /// <summary>Reads a whole file (its SHA-256 is computed on the same bytes).</summary>
    public static TrainingSet Load(string path, IScoringFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var bytes = File.ReadAllBytes(path);
        return Load(bytes, format);
    }

    public static TrainingSet Load(byte[] bytes, IScoringFormat format)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(format);
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false));
        var rows = format.Read(reader);
        if (rows.Count == 0)
        {
            throw new DomainException("scoring_data_invalid", "The file holds no data rows.", "file");
        }

        return new TrainingSet(format.Name, format.Features, rows, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    internal static DomainException Invalid(int line, string column, string message) =>
        new("scoring_data_invalid", $"line {line.ToString(System.Globalization.CultureInfo.InvariantCulture)}, column {column}: {message}", column);
}
