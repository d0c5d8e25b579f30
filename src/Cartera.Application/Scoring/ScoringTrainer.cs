using System.Globalization;
using Microsoft.ML;

namespace Cartera.Application.Scoring;

/// <summary>
/// Trains a calibrated model on a <see cref="TrainingSet"/>: out-of-fold scores from <see cref="ScoringOptions.CalibrationFolds"/>
/// stratified folds fit the calibration (and, when the format has a cost matrix, the cost-minimizing threshold); then
/// the model is fitted on every row. Deterministic: same rows, same options and seed, same scores.
/// </summary>
public sealed class ScoringTrainer(TimeProvider clock)
{
    public ScoringModel Train(TrainingSet set, ScoringOptions options, string trainedBy)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        var started = clock.GetTimestamp();
        var labels = set.Rows.Select(r => r.Label).ToArray();
        var outOfFold = OutOfFoldScores(set, options);
        var calibration = ProbabilityCalibration.Fit(options.Calibration, outOfFold, labels);
        var probabilities = outOfFold.Select(calibration.Apply).ToArray();
        var costs = ScoringFormats.All.FirstOrDefault(f => f.Name == set.Format)?.Costs;
        double? threshold = costs?.BestThreshold(probabilities, labels);

        var ml = new MLContext(options.Seed);
        var model = MlNetModels.Fit(ml, MlNetModels.Load(ml, set), set.Features.Count, set.Rows.Count, options, withContributions: true);
        var trainedAt = clock.GetUtcNow();
        var manifest = new ModelManifest
        {
            ModelVersion = string.Create(CultureInfo.InvariantCulture, $"{set.Format}-{options.Kind.ToString().ToLowerInvariant()}-{trainedAt:yyyyMMddHHmmss}-{set.Sha256[..Math.Min(8, set.Sha256.Length)]}"),
            ModelKind = options.Kind,
            Algorithm = options.AlgorithmName,
            Format = set.Format,
            Features = set.Features,
            Seed = options.Seed,
            Options = options,
            Calibration = calibration,
            BaseRate = labels.Average(l => l ? 1.0 : 0.0),
            Costs = costs,
            Threshold = threshold,
            Data = new TrainingDataInfo(set.Format, set.Sha256, set.Rows.Count, set.PositiveCount),
            TrainedAt = trainedAt,
            TrainedBy = trainedBy,
            TrainingSeconds = Math.Round(clock.GetElapsedTime(started).TotalSeconds, 3),
            Metrics = BinaryMetrics.Compute(probabilities, labels),
            MlNetVersion = typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "unknown",
        };
        return new ScoringModel(ml, model, manifest);
    }

    /// <summary>Each row's raw score from a model trained on the other folds.</summary>
    private static double[] OutOfFoldScores(TrainingSet set, ScoringOptions options)
    {
        var labels = set.Rows.Select(r => r.Label).ToArray();
        var fold = Folds.Stratified(labels, options.CalibrationFolds, options.Seed);
        var scores = new double[set.Rows.Count];
        for (var k = 0; k < options.CalibrationFolds; k++)
        {
            var train = set.Subset(Enumerable.Range(0, fold.Length).Where(i => fold[i] != k));
            var heldOut = Enumerable.Range(0, fold.Length).Where(i => fold[i] == k).ToArray();
            var ml = new MLContext(options.Seed);
            var model = MlNetModels.Fit(ml, MlNetModels.Load(ml, train), set.Features.Count, train.Rows.Count, options, withContributions: false);
            var heldOutScores = MlNetModels.RawScores(model, MlNetModels.Load(ml, set.Subset(heldOut)));
            for (var j = 0; j < heldOut.Length; j++)
            {
                scores[heldOut[j]] = heldOutScores[j];
            }
        }

        return scores;
    }
}
