namespace Cartera.Application.Scoring;

/// <summary>The two model families: gradient-boosted trees and the logistic-regression baseline.</summary>
public enum ModelKind
{
    /// <summary>Gradient-boosted decision trees (LightGBM by default).</summary>
    Gbt,

    /// <summary>L-BFGS logistic regression on standardized features, L2-regularized.</summary>
    Logistic,
}

/// <summary>Which library grows the boosted trees.</summary>
public enum TreeBooster
{
    LightGbm,
    FastTree,
}

/// <summary>
/// How to train. The defaults are the ones documented and measured in docs/scoring.md; they are fixed before looking at
/// a held-out figure and deliberately conservative (shallow trees, a minimum leaf size that grows with the data, row and
/// column subsampling, L2) so that the model generalizes rather than fits the cross-validation figure.
/// </summary>
public sealed record ScoringOptions
{
    public ModelKind Kind { get; init; } = ModelKind.Gbt;

    public TreeBooster Booster { get; init; } = TreeBooster.LightGbm;

    /// <summary>Every random choice (folds, subsampling) derives from this seed: same data and seed, same model.</summary>
    public int Seed { get; init; } = 42;

    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.Platt;

    /// <summary>Folds used to produce the out-of-fold scores the calibration (and the cost threshold) is fitted on.</summary>
    public int CalibrationFolds { get; init; } = 5;

    public int Trees { get; init; } = 300;

    public int Leaves { get; init; } = 15;

    public double LearningRate { get; init; } = 0.03;

    /// <summary>Minimum rows per leaf: at least this, or 1 % of the training rows when that is larger.</summary>
    public int MinimumRowsPerLeaf { get; init; } = 20;

    public double FeatureFraction { get; init; } = 0.7;

    public double RowSubsample { get; init; } = 0.8;

    public double TreeL2 { get; init; } = 1.0;

    /// <summary>L2 penalty of the logistic regression (on standardized features).</summary>
    public double LogisticL2 { get; init; } = 1.0;

    internal int LeafSize(int rows) => Math.Max(MinimumRowsPerLeaf, rows / 100);

    public string AlgorithmName => Kind == ModelKind.Logistic ? "lbfgs_logistic_regression" : Booster == TreeBooster.FastTree ? "fasttree" : "lightgbm";
}
