using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cartera.Domain.Common;
using Microsoft.ML;

namespace Cartera.Application.Scoring;

/// <summary>The JSON of manifests and reports: snake_case names and enum values.</summary>
public static class ScoringJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}

/// <summary>Where the training rows came from.</summary>
public sealed record TrainingDataInfo(string Format, string Sha256, int Rows, int Positives);

/// <summary>
/// Everything needed to know what a model is, stored as <c>manifest.json</c> next to the ML.NET model in the artifact.
/// <see cref="Metrics"/> are out-of-fold figures on the training data (each row scored by a model that did not see it).
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Version of this artifact layout; a reader refuses a newer one.</summary>
    public int ArtifactVersion { get; init; } = ScoringModel.ArtifactVersion;

    /// <summary><c>{format}-{kind}-{yyyyMMddHHmmss}-{first 8 hex of the data hash}</c>: names a trained model.</summary>
    public required string ModelVersion { get; init; }

    public required ModelKind ModelKind { get; init; }

    public required string Algorithm { get; init; }

    public required string Format { get; init; }

    public required IReadOnlyList<FeatureDefinition> Features { get; init; }

    public required int Seed { get; init; }

    public required ScoringOptions Options { get; init; }

    public required ProbabilityCalibration Calibration { get; init; }

    /// <summary>Share of positives in the training rows: a score above it is explained by what raises risk.</summary>
    public required double BaseRate { get; init; }

    /// <summary>The cost matrix of the format (German), when it has one.</summary>
    public CostMatrix? Costs { get; init; }

    /// <summary>Refuse when p ≥ threshold; chosen to minimize the cost on the out-of-fold training scores.</summary>
    public double? Threshold { get; init; }

    public required TrainingDataInfo Data { get; init; }

    public required DateTimeOffset TrainedAt { get; init; }

    public required string TrainedBy { get; init; }

    public required double TrainingSeconds { get; init; }

    public required BinaryMetrics Metrics { get; init; }

    public required string MlNetVersion { get; init; }
}

/// <summary>One reason behind a score, in Spanish and English.</summary>
public sealed record ScoreReason(string Key, double Contribution, bool RaisesRisk, string Es, string En)
{
    public string Text(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Es;
}

/// <summary>A scored row: the calibrated probability of the positive outcome and up to three reasons.</summary>
public sealed record ScoredRow(string Id, double Probability, double RawScore, IReadOnlyList<ScoreReason> Reasons);

/// <summary>
/// A trained, calibrated model and its manifest. The artifact is a zip holding <c>manifest.json</c> and
/// <c>model.mlnet</c> (the ML.NET model, whose last step computes feature contributions).
/// </summary>
public sealed class ScoringModel
{
    public const int ArtifactVersion = 1;
    private const string ManifestEntry = "manifest.json";
    private const string ModelEntry = "model.mlnet";

    private static JsonSerializerOptions Json => ScoringJson.Options;

    private readonly MLContext _ml;
    private readonly ITransformer _model;

    internal ScoringModel(MLContext ml, ITransformer model, ModelManifest manifest)
    {
        _ml = ml;
        _model = model;
        Manifest = manifest;
    }

    public ModelManifest Manifest { get; }

    /// <summary>Calibrated probabilities of the rows, in order (no explanations: the fast path for evaluation).</summary>
    public double[] Probabilities(TrainingSet set)
    {
        CheckSchema(set);
        return MlNetModels.RawScores(_model, MlNetModels.Load(_ml, set)).Select(Manifest.Calibration.Apply).ToArray();
    }

    /// <summary>Probabilities of labelled rows with their three main reasons (see <see cref="ReasonCatalog"/>).</summary>
    public IReadOnlyList<ScoredRow> Score(TrainingSet set, int reasons = 3)
    {
        CheckSchema(set);
        return Score(set.Rows.Select(r => (r.Id, r.Features)).ToList(), reasons);
    }

    /// <summary>
    /// Scores unlabelled rows (the close-of-day use: one feature vector per debtor, in the order of
    /// <see cref="ModelManifest.Features"/>) with their three main reasons.
    /// </summary>
    public IReadOnlyList<ScoredRow> Score(IReadOnlyList<(string Id, float[] Features)> rows, int reasons = 3)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var width = Manifest.Features.Count;
        var wrong = rows.FirstOrDefault(r => r.Features.Length != width);
        if (wrong.Features is not null)
        {
            throw new DomainException("scoring_format_mismatch", $"Row {wrong.Id} has {wrong.Features.Length} features; the model expects {width}.", "features");
        }

        var (scores, contributions) = MlNetModels.ScoresWithContributions(_model, MlNetModels.Load(_ml, rows.Select(r => (r.Features, false)), width));
        var result = new List<ScoredRow>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var probability = Manifest.Calibration.Apply(scores[i]);
            var explained = ReasonCatalog.Default.Explain(Manifest.Features, rows[i].Features, contributions[i], probability >= Manifest.BaseRate, reasons);
            result.Add(new ScoredRow(rows[i].Id, probability, scores[i], explained));
        }

        return result;
    }

    private void CheckSchema(TrainingSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!string.Equals(set.Format, Manifest.Format, StringComparison.Ordinal)
            || !set.Features.Select(f => f.Name).SequenceEqual(Manifest.Features.Select(f => f.Name), StringComparer.Ordinal))
        {
            throw new DomainException("scoring_format_mismatch", $"The model was trained on '{Manifest.Format}' data with {Manifest.Features.Count} features; this data is '{set.Format}' with {set.Features.Count}.", "format");
        }
    }

    public void Save(string path)
    {
        using var file = File.Create(path);
        Save(file);
    }

    public void Save(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var manifest = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
        {
            JsonSerializer.Serialize(manifest, Manifest, Json);
        }

        using var model = zip.CreateEntry(ModelEntry, CompressionLevel.NoCompression).Open();
        using var buffer = new MemoryStream();
        MlNetModels.Save(_ml, _model, Manifest.Features.Count, buffer);
        buffer.Position = 0;
        buffer.CopyTo(model);
    }

    public static ScoringModel Load(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file);
    }

    public static ScoringModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new DomainException("scoring_model_invalid", $"Not a Cartera model artifact (zip): {e.Message}", "model");
        }

        using (zip)
        {
            var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw new DomainException("scoring_model_invalid", $"The artifact has no {ManifestEntry}.", "model");
            var modelEntry = zip.GetEntry(ModelEntry) ?? throw new DomainException("scoring_model_invalid", $"The artifact has no {ModelEntry}.", "model");
            ModelManifest manifest;
            using (var json = manifestEntry.Open())
            {
                manifest = JsonSerializer.Deserialize<ModelManifest>(json, Json) ?? throw new DomainException("scoring_model_invalid", "The manifest is empty.", "model");
            }

            if (manifest.ArtifactVersion > ArtifactVersion)
            {
                throw new DomainException("scoring_model_invalid", $"The artifact has layout version {manifest.ArtifactVersion}; this Cartera reads up to {ArtifactVersion}.", "model");
            }

            var buffer = new MemoryStream();
            using (var model = modelEntry.Open())
            {
                model.CopyTo(buffer);
            }

            buffer.Position = 0;
            var ml = new MLContext(manifest.Seed);
            var transformer = ml.Model.Load(buffer, out _);
            return new ScoringModel(ml, transformer, manifest);
        }
    }
}
