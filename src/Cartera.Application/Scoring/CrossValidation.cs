using Cartera.Application.Audit;

namespace Cartera.Application.Scoring;

/// <summary>A metric over the folds: mean, sample standard deviation and each fold's value.</summary>
public sealed record FoldStatistic(double Mean, double Sd, IReadOnlyList<double> Folds)
{
    public static FoldStatistic Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var mean = values.Average();
        var sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return new FoldStatistic(mean, sd, values);
    }
}

/// <summary>One model family's cross-validated figures.</summary>
public sealed record CrossValidatedModel
{
    public required ModelKind Model { get; init; }

    public required string Algorithm { get; init; }

    public required FoldStatistic Auc { get; init; }

    public required FoldStatistic Ks { get; init; }

    public required FoldStatistic Brier { get; init; }

    public required FoldStatistic LogLoss { get; init; }

    public required FoldStatistic CalibrationError { get; init; }

    public required FoldStatistic MaxDecileGap { get; init; }

    /// <summary>Wall time of one training (calibration folds included) on the training folds.</summary>
    public required FoldStatistic TrainSeconds { get; init; }

    public FoldStatistic? Cost { get; init; }

    public FoldStatistic? CostApproveAll { get; init; }

    public FoldStatistic? Threshold { get; init; }

    /// <summary>The decile table of every test-fold prediction pooled (each row predicted once, by a model that did not see it).</summary>
    public required IReadOnlyList<CalibrationBin> PooledCalibration { get; init; }
}

public sealed record CrossValidationReport
{
    public required string Format { get; init; }

    public required string DataSha256 { get; init; }

    public required int Rows { get; init; }

    public required int Positives { get; init; }

    public required int Folds { get; init; }

    public required int Seed { get; init; }

    public required IReadOnlyList<CrossValidatedModel> Models { get; init; }

    public required double TotalSeconds { get; init; }
}

/// <summary>
/// Stratified k-fold cross-validation of each model family with exactly the product's training path
/// (<see cref="ScoringTrainer"/>, calibration fitted inside the training folds, the cost threshold chosen there too),
/// measured on the held-out fold.
/// </summary>
public sealed class ScoringCrossValidation(TimeProvider clock)
{
    public CrossValidationReport Run(TrainingSet set, int folds, IReadOnlyList<ScoringOptions> models, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(models);
        var started = clock.GetTimestamp();
        var seed = models.Count > 0 ? models[0].Seed : 42;
        var labels = set.Rows.Select(r => r.Label).ToArray();
        var fold = Scoring.Folds.Stratified(labels, folds, seed);
        var results = new List<CrossValidatedModel>();
        foreach (var options in models)
        {
            var perFold = new List<(EvaluationReport Report, double Seconds)>();
            var pooled = new double[labels.Length];
            for (var k = 0; k < folds; k++)
            {
                var train = set.Subset(Enumerable.Range(0, labels.Length).Where(i => fold[i] != k));
                var testIndex = Enumerable.Range(0, labels.Length).Where(i => fold[i] == k).ToArray();
                var test = set.Subset(testIndex);
                var model = new ScoringTrainer(clock).Train(train, options, FixedActor.System.Name);
                var report = ScoringEvaluation.Evaluate(model, test);
                var probabilities = model.Probabilities(test);
                for (var j = 0; j < testIndex.Length; j++)
                {
                    pooled[testIndex[j]] = probabilities[j];
                }

                perFold.Add((report, model.Manifest.TrainingSeconds));
                progress?.Report($"{options.AlgorithmName} fold {k + 1}/{folds}: AUC {report.Auc:0.0000}");
            }

            FoldStatistic Stat(Func<EvaluationReport, double> metric) => FoldStatistic.Of(perFold.Select(f => metric(f.Report)).ToArray());
            var withCost = perFold[0].Report.Cost is not null;
            results.Add(new CrossValidatedModel
            {
                Model = options.Kind,
                Algorithm = options.AlgorithmName,
                Auc = Stat(r => r.Auc),
                Ks = Stat(r => r.Ks),
                Brier = Stat(r => r.Brier),
                LogLoss = Stat(r => r.LogLoss),
                CalibrationError = Stat(r => r.CalibrationError),
                MaxDecileGap = Stat(r => r.MaxDecileGap),
                TrainSeconds = FoldStatistic.Of(perFold.Select(f => f.Seconds).ToArray()),
                Cost = withCost ? Stat(r => r.Cost!.Value) : null,
                CostApproveAll = withCost ? Stat(r => r.CostApproveAll!.Value) : null,
                Threshold = withCost ? Stat(r => r.Threshold!.Value) : null,
                PooledCalibration = BinaryMetrics.Deciles(pooled, labels),
            });
        }

        return new CrossValidationReport
        {
            Format = set.Format,
            DataSha256 = set.Sha256,
            Rows = set.Rows.Count,
            Positives = set.PositiveCount,
            Folds = folds,
            Seed = seed,
            Models = results,
            TotalSeconds = Math.Round(clock.GetElapsedTime(started).TotalSeconds, 3),
        };
    }
}
