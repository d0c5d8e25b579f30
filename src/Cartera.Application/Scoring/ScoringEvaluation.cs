namespace Cartera.Application.Scoring;

/// <summary>
/// A model measured on labelled rows. <see cref="Cost"/>, <see cref="CostApproveAll"/> and <see cref="Threshold"/> are
/// present when the model's format has a cost matrix (German): the cost of deciding with the threshold stored in the
/// model (chosen on training data only) against approving everyone.
/// </summary>
public sealed record EvaluationReport
{
    public required string ModelVersion { get; init; }

    public required string Algorithm { get; init; }

    public required string Format { get; init; }

    public required string DataSha256 { get; init; }

    public required int Rows { get; init; }

    public required int Positives { get; init; }

    public required double Auc { get; init; }

    public required double Ks { get; init; }

    public required double Brier { get; init; }

    public required double LogLoss { get; init; }

    /// <summary>Expected calibration error over the deciles: Σ (n_b ÷ n)·|predicted_b − observed_b|.</summary>
    public required double CalibrationError { get; init; }

    public required double MaxDecileGap { get; init; }

    public required IReadOnlyList<CalibrationBin> Calibration { get; init; }

    public double? Cost { get; init; }

    public double? CostApproveAll { get; init; }

    public double? Threshold { get; init; }
}

public static class ScoringEvaluation
{
    public static EvaluationReport Evaluate(ScoringModel model, TrainingSet set)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        var probabilities = model.Probabilities(set);
        var labels = set.Rows.Select(r => r.Label).ToArray();
        var metrics = BinaryMetrics.Compute(probabilities, labels);
        var manifest = model.Manifest;
        var withCost = manifest.Costs is not null && manifest.Threshold is not null;
        return new EvaluationReport
        {
            ModelVersion = manifest.ModelVersion,
            Algorithm = manifest.Algorithm,
            Format = set.Format,
            DataSha256 = set.Sha256,
            Rows = metrics.Count,
            Positives = metrics.Positives,
            Auc = metrics.Auc,
            Ks = metrics.Ks,
            Brier = metrics.Brier,
            LogLoss = metrics.LogLoss,
            CalibrationError = metrics.CalibrationError,
            MaxDecileGap = metrics.MaxDecileGap,
            Calibration = metrics.Calibration,
            Cost = withCost ? manifest.Costs!.Cost(probabilities, labels, manifest.Threshold!.Value) : null,
            CostApproveAll = withCost ? manifest.Costs!.CostApproveAll(labels) : null,
            Threshold = withCost ? manifest.Threshold : null,
        };
    }
}
