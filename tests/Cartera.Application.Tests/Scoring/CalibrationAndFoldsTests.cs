using Cartera.Application.Scoring;

namespace Cartera.Application.Tests.Scoring;

public sealed class CalibrationAndFoldsTests
{
    [Fact]
    public void Platt_scaling_recovers_the_slope_and_intercept_that_generated_the_labels()
    {
        // p = 1 ÷ (1 + exp(−2s + 1)), i.e. A = −2, B = 1.
        var random = new Random(7);
        var scores = Enumerable.Range(0, 20_000).Select(_ => (random.NextDouble() * 6) - 3).ToArray();
        var labels = scores.Select(s => random.NextDouble() < 1 / (1 + Math.Exp((-2 * s) + 1))).ToArray();

        var platt = ProbabilityCalibration.FitPlatt(scores, labels);

        platt.A.ShouldBe(-2, 0.1);
        platt.B.ShouldBe(1, 0.1);
        platt.Apply(0.5).ShouldBe(0.5, 0.03);
    }

    [Fact]
    public void Isotonic_calibration_is_non_decreasing_and_matches_the_rate_of_each_pooled_step()
    {
        double[] scores = [1, 2, 3, 4, 5, 6];
        bool[] labels = [false, true, false, false, true, true];
        var isotonic = ProbabilityCalibration.FitIsotonic(scores, labels);

        isotonic.Values.ShouldBe([0.0, 1 / 3.0, 1.0], tolerance: 1e-12);
        isotonic.Thresholds.ShouldBe([1.0, 4.0, 6.0]);
        isotonic.Apply(3).ShouldBe(1 / 3.0, 1e-12);
        isotonic.Apply(0).ShouldBeGreaterThan(0); // never certain
        isotonic.Apply(99).ShouldBeLessThan(1);
    }

    [Fact]
    public void Stratified_folds_spread_positives_evenly_and_depend_only_on_the_seed()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => i % 5 == 0).ToArray(); // 200 positives
        var folds = Folds.Stratified(labels, 5, seed: 3);

        for (var k = 0; k < 5; k++)
        {
            Enumerable.Range(0, 1000).Count(i => folds[i] == k).ShouldBe(200);
            Enumerable.Range(0, 1000).Count(i => folds[i] == k && labels[i]).ShouldBe(40);
        }

        Folds.Stratified(labels, 5, seed: 3).ShouldBe(folds);
        Folds.Stratified(labels, 5, seed: 4).ShouldNotBe(folds);
    }

    [Fact]
    public void A_time_split_trains_before_the_cutoff_and_evaluates_from_it_and_needs_a_time_on_every_row()
    {
        FeatureDefinition[] schema = [new("x", "x")];
        var set = new TrainingSet("snapshots", schema, [new("a", [1f], true, Time: 10), new("b", [2f], false, Time: 20), new("c", [3f], false, Time: 30)], "hash");

        var (before, from) = set.SplitByTime(20);

        before.Rows.Select(r => r.Id).ShouldBe(["a"]);
        from.Rows.Select(r => r.Id).ShouldBe(["b", "c"]);
        var untimed = new TrainingSet("snapshots", schema, [new("a", [1f], true)], "hash");
        Should.Throw<Cartera.Domain.Common.DomainException>(() => untimed.SplitByTime(20)).Code.ShouldBe("scoring_time_missing");
    }
}
