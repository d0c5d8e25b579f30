using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Cartera.Application.Scoring;

/// <summary>The row ML.NET reads: a label and a feature vector whose length is set at run time from the schema.</summary>
internal sealed class ModelInput
{
    public bool Label { get; set; }

    [VectorType]
    public float[] Features { get; set; } = [];
}

/// <summary>
/// The ML.NET side of the scoring: fitting a model (trees or logistic regression, single-threaded with fixed seeds so a
/// retrain is identical), appending the feature-contribution calculator, scoring, saving and loading.
/// </summary>
internal static class MlNetModels
{
    public const string ContributionsColumn = "FeatureContributions";

    public static SchemaDefinition Schema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(ModelInput));
        schema[nameof(ModelInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    public static IDataView Load(MLContext ml, IEnumerable<(float[] Features, bool Label)> rows, int featureCount) =>
        ml.Data.LoadFromEnumerable(rows.Select(r => new ModelInput { Features = r.Features, Label = r.Label }), Schema(featureCount));

    public static IDataView Load(MLContext ml, TrainingSet set) =>
        Load(ml, set.Rows.Select(r => (r.Features, r.Label)), set.Features.Count);

    /// <summary>
    /// Fits the model. With <paramref name="withContributions"/> the chain ends with the feature-contribution calculator
    /// (the per-row explanation); the out-of-fold models used for calibration do not need it.
    /// </summary>
    public static ITransformer Fit(MLContext ml, IDataView data, int featureCount, int rows, ScoringOptions options, bool withContributions)
    {
        var transformers = new List<ITransformer>();
        if (options.Kind == ModelKind.Logistic)
        {
            // Centred and scaled (fixZero: false): a linear contribution w·z is then the feature's pull away from the
            // population's mean, and the L2 penalty treats every feature alike.
            var normalizer = ml.Transforms.NormalizeMeanVariance(nameof(ModelInput.Features), fixZero: false).Fit(data);
            var normalized = normalizer.Transform(data);
            var logistic = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                L2Regularization = (float)options.LogisticL2,
                L1Regularization = 0,
                NumberOfThreads = 1,
                OptimizationTolerance = 1e-7f,
                MaximumNumberOfIterations = 1000,
            }).Fit(normalized);
            transformers.Add(normalizer);
            transformers.Add(logistic);
            if (withContributions)
            {
                transformers.Add(ml.Transforms.CalculateFeatureContribution(logistic, featureCount, featureCount, normalize: false).Fit(logistic.Transform(normalized)));
            }
        }
        else if (options.Booster == TreeBooster.FastTree)
        {
            var trees = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = options.Trees,
                NumberOfLeaves = options.Leaves,
                LearningRate = options.LearningRate,
                MinimumExampleCountPerLeaf = options.LeafSize(rows),
                FeatureFraction = options.FeatureFraction,
                BaggingSize = options.RowSubsample < 1 ? 1 : 0,
                BaggingExampleFraction = options.RowSubsample,
                Seed = options.Seed,
                NumberOfThreads = 1,
            }).Fit(data);
            transformers.Add(trees);
            if (withContributions)
            {
                transformers.Add(ml.Transforms.CalculateFeatureContribution(trees, featureCount, featureCount, normalize: false).Fit(trees.Transform(data)));
            }
        }
        else
        {
            var trees = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = options.Trees,
                NumberOfLeaves = options.Leaves,
                LearningRate = options.LearningRate,
                MinimumExampleCountPerLeaf = options.LeafSize(rows),
                Seed = options.Seed,
                Deterministic = true,
                NumberOfThreads = 1,
                Verbose = false,
                Silent = true,
                UseCategoricalSplit = false,
                EvaluationMetric = LightGbmBinaryTrainer.Options.EvaluateMetricType.None,
                Booster = new GradientBooster.Options
                {
                    FeatureFraction = options.FeatureFraction,
                    SubsampleFraction = options.RowSubsample,
                    SubsampleFrequency = options.RowSubsample < 1 ? 1 : 0,
                    L2Regularization = options.TreeL2,
                },
            }).Fit(data);
            transformers.Add(trees);
            if (withContributions)
            {
                transformers.Add(ml.Transforms.CalculateFeatureContribution(trees, featureCount, featureCount, normalize: false).Fit(trees.Transform(data)));
            }
        }

        return new TransformerChain<ITransformer>([.. transformers]);
    }

    /// <summary>The raw (uncalibrated) score of every row: a margin, higher means more likely positive.</summary>
    public static double[] RawScores(ITransformer model, IDataView data) =>
        model.Transform(data).GetColumn<float>("Score").Select(s => (double)s).ToArray();

    /// <summary>Raw scores and, per row, each feature's contribution to it.</summary>
    public static (double[] Scores, float[][] Contributions) ScoresWithContributions(ITransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        var scores = scored.GetColumn<float>("Score").Select(s => (double)s).ToArray();
        var contributions = scored.GetColumn<VBuffer<float>>(ContributionsColumn).Select(v => v.DenseValues().ToArray()).ToArray();
        return (scores, contributions);
    }

    public static void Save(MLContext ml, ITransformer model, int featureCount, Stream stream)
    {
        var schema = ml.Data.LoadFromEnumerable(Array.Empty<ModelInput>(), Schema(featureCount)).Schema;
        ml.Model.Save(model, schema, stream);
    }
}
