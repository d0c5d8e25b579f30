using Cartera.Application.Scoring;

namespace Cartera.Application.Tests.Scoring;

/// <summary>The metrics on examples small enough to compute by hand.</summary>
public sealed class MetricsTests
{
    // Sorted by score: 0.10 (good), 0.35 (bad), 0.40 (good), 0.80 (bad).
    private static readonly double[] P = [0.1, 0.4, 0.35, 0.8];
    private static readonly bool[] Y = [false, false, true, true];

    [Fact]
    public void AUC_is_the_share_of_bad_good_pairs_ranked_right()
    {
        // Pairs (bad, good): (0.35, 0.1) right, (0.35, 0.4) wrong, (0.8, 0.1) right, (0.8, 0.4) right → 3 of 4.
        BinaryMetrics.ComputeAuc(P, Y).ShouldBe(0.75, 1e-12);
    }

    [Fact]
    public void AUC_counts_a_tie_as_one_half_and_is_NaN_with_one_class()
    {
        BinaryMetrics.ComputeAuc([0.5, 0.5, 0.2], [true, false, false]).ShouldBe(0.75, 1e-12); // (tie ½ + right 1) ÷ 2
        BinaryMetrics.ComputeAuc([0.1, 0.9, 0.5], [true, true, true]).ShouldBe(double.NaN);
        BinaryMetrics.ComputeAuc([0.9, 0.8, 0.1], [true, true, false]).ShouldBe(1.0);
    }

    [Fact]
    public void KS_is_the_largest_gap_between_the_cumulative_shares_of_goods_and_bads()
    {
        // After 0.10: goods 1/2, bads 0 → 0.5; after 0.35: 1/2 vs 1/2 → 0; after 0.40: 1 vs 1/2 → 0.5.
        BinaryMetrics.ComputeKs(P, Y).ShouldBe(0.5, 1e-12);
        BinaryMetrics.ComputeKs([0.1, 0.2, 0.8, 0.9], [false, false, true, true]).ShouldBe(1.0, 1e-12);

        // Tied scores move together: a single threshold cannot split them.
        BinaryMetrics.ComputeKs([0.5, 0.5], [true, false]).ShouldBe(0.0, 1e-12);
    }

    [Fact]
    public void Brier_and_log_loss_match_the_hand_computation()
    {
        var metrics = BinaryMetrics.Compute(P, Y, bins: 2);
        metrics.Brier.ShouldBe((0.01 + 0.16 + 0.4225 + 0.04) / 4, 1e-12);
        metrics.LogLoss.ShouldBe(-(Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.35) + Math.Log(0.8)) / 4, 1e-12);
    }

    [Fact]
    public void Log_loss_clips_certain_wrong_predictions_instead_of_returning_infinity()
    {
        var metrics = BinaryMetrics.Compute([0.0, 1.0], [true, false], bins: 1);
        double.IsFinite(metrics.LogLoss).ShouldBeTrue();
        metrics.LogLoss.ShouldBe(-Math.Log(BinaryMetrics.Epsilon), 1e-3);
    }

    [Fact]
    public void The_calibration_table_cuts_ranked_rows_into_equal_bins_and_the_error_weighs_each_bin_by_its_size()
    {
        var metrics = BinaryMetrics.Compute(P, Y, bins: 2);
        metrics.Calibration.Count.ShouldBe(2);
        var first = metrics.Calibration[0];
        (first.Bin, first.Count, first.MinProbability, first.MaxProbability).ShouldBe((1, 2, 0.1, 0.35));
        first.PredictedMean.ShouldBe(0.225, 1e-12);
        first.ObservedRate.ShouldBe(0.5, 1e-12);
        metrics.Calibration[1].Count.ShouldBe(2);
        metrics.Calibration[1].PredictedMean.ShouldBe(0.6, 1e-12);
        metrics.Calibration[1].ObservedRate.ShouldBe(0.5, 1e-12);
        metrics.CalibrationError.ShouldBe((0.5 * 0.275) + (0.5 * 0.1), 1e-12);
        metrics.MaxDecileGap.ShouldBe(0.275, 1e-12);
    }

    [Fact]
    public void Deciles_of_23_rows_give_the_remainder_to_the_first_bins()
    {
        var p = Enumerable.Range(0, 23).Select(i => (22 - i) / 22.0).ToArray(); // descending input
        var y = p.Select(v => v > 0.5).ToArray();
        var table = BinaryMetrics.Deciles(p, y);
        table.Select(b => b.Count).ShouldBe([3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
        table[0].MaxProbability.ShouldBe(2 / 22.0, 1e-12);
        table[^1].ObservedRate.ShouldBe(1.0);
        table.Sum(b => b.Count).ShouldBe(23);
    }

    [Fact]
    public void Cost_counts_five_per_bad_approved_and_one_per_good_refused()
    {
        var costs = new CostMatrix(FalseNegative: 5, FalsePositive: 1);
        costs.Cost(P, Y, threshold: 0.5).ShouldBe(5); // 0.35 (bad) approved
        costs.Cost(P, Y, threshold: 0.3).ShouldBe(1); // 0.40 (good) refused
        costs.CostApproveAll(Y).ShouldBe(10);
        var best = costs.BestThreshold(P, Y);
        costs.Cost(P, Y, best).ShouldBe(1);
        best.ShouldBeGreaterThan(0.1);
        best.ShouldBeLessThanOrEqualTo(0.35);
    }

    [Fact]
    public void Fold_statistics_use_the_sample_standard_deviation()
    {
        var stat = FoldStatistic.Of([1.0, 2.0, 3.0]);
        stat.Mean.ShouldBe(2.0);
        stat.Sd.ShouldBe(1.0, 1e-12);
    }
}
