using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Cartera.Application.Data;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Domain.Common;
using Cartera.Domain.CreditEvaluation;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Scoring;

/// <summary>What <c>score application-train</c> reports: the registry row and the out-of-fold figures.</summary>
public sealed record ApplicationTrainingReport(long ModelId, string ModelVersion, bool Active, int Rows, int Positives, string DataSha256, decimal AmountScale, double? Threshold, BinaryMetrics OutOfFold, double TrainingSeconds);

/// <summary>
/// The application model of the credit evaluation of new clients (docs/scoring.md, "Credit evaluation of new clients"):
/// trained on German-format data (the public file or the lender's own in that layout) with the same
/// <see cref="ScoringTrainer"/>, registered with purpose <c>application</c> and its <c>amount_scale</c> (the lender's
/// currency units per unit of the data's amounts; 1 for the lender's own data) in the registry row's metrics JSON.
/// Scoring an application builds the feature vector through <see cref="GermanFormat"/>'s own encoding.
/// </summary>
public static class ApplicationModel
{
    public static async Task<ApplicationTrainingReport> TrainAsync(CarteraDbContext db, TimeProvider clock, TrainingSet set, decimal amountScale, ScoringOptions options, bool activate, string trainedBy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(set);
        if (set.Format != new GermanFormat().Name)
        {
            throw new DomainException("scoring_format_unsupported", $"An application model is trained on German-format data; this file is '{set.Format}'.", "format");
        }

        if (amountScale <= 0m)
        {
            throw new DomainException("invalid_value", "The amount scale must be greater than zero.", "amount_scale");
        }

        var model = new ScoringTrainer(clock).Train(set, options, trainedBy);
        var m = model.Manifest;
        var metrics = JsonSerializer.Serialize(new { out_of_fold = m.Metrics, amount_scale = amountScale, threshold = m.Threshold, format = m.Format }, ScoringJson.Options);
        var stored = await new ScoringRegistry(db, clock).AddAsync(model, ModelPurposes.Application, DateOnly.FromDateTime(m.TrainedAt.UtcDateTime), metrics, activate, ct);
        return new ApplicationTrainingReport(stored.Id, m.ModelVersion, stored.Active, m.Data.Rows, m.Data.Positives, m.Data.Sha256, amountScale, m.Threshold, m.Metrics, m.TrainingSeconds);
    }

    private static readonly ConcurrentDictionary<string, ActiveModel> Loaded = new(StringComparer.Ordinal);

    /// <summary>
    /// The active application model, or null. Artifacts never change once registered, so a loaded model is kept in memory by
    /// its version and registry id (a few at most) and only the small registry row is read per evaluation.
    /// </summary>
    public static async Task<ActiveModel?> LoadActiveAsync(CarteraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var head = await db.ScoringModels.AsNoTracking().Where(m => m.Active && m.Purpose == ModelPurposes.Application)
            .Select(m => new { m.Id, m.ModelVersion, m.DataSha256 }).FirstOrDefaultAsync(ct);
        if (head is null)
        {
            return null;
        }

        var key = string.Join('|', head.Id.ToString(CultureInfo.InvariantCulture), head.ModelVersion, head.DataSha256);
        if (Loaded.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var active = await new ScoringRegistry(db, db.Clock).LoadActiveModelAsync(ModelPurposes.Application, ct);
        if (active is not null && active.Id == head.Id)
        {
            if (Loaded.Count >= 8)
            {
                Loaded.Clear();
            }

            Loaded[key] = active;
        }

        return active;
    }

    /// <summary>The amount scale stored with a model (1 when absent).</summary>
    public static decimal AmountScale(string metricsJson)
    {
        using var json = JsonDocument.Parse(string.IsNullOrWhiteSpace(metricsJson) ? "{}" : metricsJson);
        return json.RootElement.TryGetProperty("amount_scale", out var scale) && scale.TryGetDecimal(out var value) && value > 0m ? value : 1m;
    }

    /// <summary>Scores one application with the active application model: probability of a bad client and three reasons.</summary>
    public static ModelAssessment Assess(ActiveModel active, CreditApplicationInput input, CreditFigures figures)
    {
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(figures);
        var format = new GermanFormat();
        if (active.Model.Manifest.Format != format.Name)
        {
            throw new DomainException("scoring_format_mismatch", $"The active application model was trained on '{active.Model.Manifest.Format}' data; applications are scored in the German format.", "model");
        }

        var attributes = GermanFormat.ApplicationAttributes(input.Profile, input.TermMonths, input.RequestedAmount.Amount, figures.InstallmentRateBand, figures.Age, AmountScale(active.MetricsJson));
        ScoredRow scored;
        lock (active) // a cached model is shared between requests; one scoring at a time per model
        {
            scored = active.Model.Score([(active.Id.ToString(CultureInfo.InvariantCulture), format.ApplicationVector(attributes))])[0];
        }

        return new ModelAssessment(
            active.Id,
            active.Model.Manifest.ModelVersion,
            Math.Round(scored.Probability, 6),
            active.Model.Manifest.Threshold,
            scored.Reasons.Select(r => new ModelReason(r.Key, r.RaisesRisk, r.Es, r.En)).ToList());
    }
}
