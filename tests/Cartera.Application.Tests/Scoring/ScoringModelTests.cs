using Cartera.Application.Scoring;
using Cartera.Domain.Common;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Scoring;

/// <summary>Training, determinism, the artifact and the explanations, on slices of the public files (tests/data/scoring).</summary>
public sealed class ScoringModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    internal static TrainingSet Taiwan { get; } = ScoringFormats.Load(Path.Combine(AppContext.BaseDirectory, "ScoringData", "taiwan_slice.csv"), new TaiwanFormat());

    internal static TrainingSet German { get; } = ScoringFormats.Load(Path.Combine(AppContext.BaseDirectory, "ScoringData", "german_slice.data"), new GermanFormat());

    /// <summary>Fewer trees than the product's default: the tests check behaviour, not accuracy.</summary>
    private static readonly ScoringOptions Fast = new() { Trees = 60, LearningRate = 0.1, CalibrationFolds = 3 };

    private static ScoringModel Train(TrainingSet set, ScoringOptions options) => new ScoringTrainer(new FakeTimeProvider(Now)).Train(set, options, "test");

    [Theory]
    [InlineData(ModelKind.Gbt, TreeBooster.LightGbm)]
    [InlineData(ModelKind.Gbt, TreeBooster.FastTree)]
    [InlineData(ModelKind.Logistic, TreeBooster.LightGbm)]
    public void Same_data_and_seed_give_identical_scores_and_another_seed_does_not(ModelKind kind, TreeBooster booster)
    {
        var options = Fast with { Kind = kind, Booster = booster, Seed = 11 };
        var first = Train(Taiwan, options).Probabilities(Taiwan);
        var second = Train(Taiwan, options).Probabilities(Taiwan);

        second.ShouldBe(first); // exactly, not within a tolerance
        var other = Train(Taiwan, options with { Seed = 12 }).Probabilities(Taiwan);
        other.ShouldNotBe(first); // the seed changes the folds the calibration is fitted on, and the trees' sampling
    }

    [Fact]
    public void The_artifact_round_trips_with_its_manifest_and_scores_the_same()
    {
        var model = Train(German, Fast);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = ScoringModel.Load(stream);

        loaded.Probabilities(German).ShouldBe(model.Probabilities(German));
        var m = loaded.Manifest;
        m.ModelVersion.ShouldBe($"german-gbt-20261123120000-{German.Sha256[..8]}");
        m.Algorithm.ShouldBe("lightgbm");
        m.Format.ShouldBe("german");
        m.Data.Sha256.ShouldBe(German.Sha256);
        m.Data.Rows.ShouldBe(300);
        m.Data.Positives.ShouldBe(85);
        m.TrainedAt.ShouldBe(Now);
        m.TrainedBy.ShouldBe("test");
        m.Seed.ShouldBe(42);
        m.Features.Select(f => f.Name).ShouldBe(German.Features.Select(f => f.Name));
        m.Calibration.Method.ShouldBe(CalibrationMethod.Platt);
        m.Calibration.FittedOn.ShouldBe(300); // every training row, each scored out of fold
        m.Costs.ShouldBe(new CostMatrix(5, 1));
        m.Threshold.ShouldNotBeNull();
        m.Metrics.Auc.ShouldBeInRange(0.6, 0.95); // out of fold: a slice of 300 rows, not the training figure
    }

    [Fact]
    public void An_isotonic_calibration_round_trips_through_the_manifest()
    {
        var model = Train(German, Fast with { Calibration = CalibrationMethod.Isotonic });
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = ScoringModel.Load(stream);

        loaded.Manifest.Calibration.Method.ShouldBe(CalibrationMethod.Isotonic);
        loaded.Manifest.Calibration.Values.ShouldBe(model.Manifest.Calibration.Values);
        loaded.Manifest.Calibration.Values.ShouldBeInOrder(SortDirection.Ascending);
        loaded.Probabilities(German).ShouldBe(model.Probabilities(German));
    }

    [Fact]
    public void Calibrated_probabilities_average_close_to_the_observed_rate_out_of_fold()
    {
        var model = Train(Taiwan, Fast);
        var m = model.Manifest.Metrics;

        m.Calibration.Sum(b => b.Count * b.PredictedMean).ShouldBe(m.Positives, m.Count * 0.02);
        m.Calibration.Select(b => b.PredictedMean).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public void A_model_refuses_data_of_another_format_and_a_file_that_is_not_an_artifact()
    {
        var model = Train(German, Fast with { Kind = ModelKind.Logistic });
        Should.Throw<DomainException>(() => model.Probabilities(Taiwan)).Code.ShouldBe("scoring_format_mismatch");
        Should.Throw<DomainException>(() => ScoringModel.Load(new MemoryStream([1, 2, 3]))).Code.ShouldBe("scoring_model_invalid");
        Should.Throw<DomainException>(() => model.Score([("x", new float[3])])).Code.ShouldBe("scoring_format_mismatch");
    }

    [Fact]
    public void Unlabelled_feature_vectors_score_like_the_labelled_rows_they_come_from()
    {
        var model = Train(German, Fast);
        var unlabelled = German.Rows.Select(r => (r.Id, r.Features)).ToList();

        var scored = model.Score(unlabelled);

        scored.Select(s => s.Probability).ShouldBe(model.Probabilities(German), tolerance: 1e-12);
        scored.Select(s => s.Id).ShouldBe(German.Rows.Select(r => r.Id));
    }

    [Theory]
    [InlineData(ModelKind.Gbt)]
    [InlineData(ModelKind.Logistic)]
    public void Every_score_comes_with_up_to_three_reasons_that_push_it_the_way_it_went(ModelKind kind)
    {
        var model = Train(Taiwan, Fast with { Kind = kind });
        var scored = model.Score(Taiwan);

        scored.Count.ShouldBe(Taiwan.Rows.Count);
        scored.Select(s => s.Probability).ShouldBe(model.Probabilities(Taiwan), tolerance: 1e-12);
        scored.Count(s => s.Reasons.Count == 3).ShouldBeGreaterThan(scored.Count * 9 / 10);
        foreach (var row in scored)
        {
            row.Reasons.Count.ShouldBeLessThanOrEqualTo(3);
            row.Reasons.ShouldAllBe(r => r.RaisesRisk == (row.Probability >= model.Manifest.BaseRate));
            row.Reasons.ShouldAllBe(r => r.RaisesRisk ? r.Contribution > 0 : r.Contribution < 0);
            row.Reasons.Select(r => Math.Abs(r.Contribution)).ShouldBeInOrder(SortDirection.Descending);
            row.Reasons.ShouldAllBe(r => !r.Es.Contains('{') && !r.En.Contains('{') && r.Es != r.En);
        }

        // The riskiest row is explained by what raises its risk: late payments or low payments dominate this data.
        var riskiest = scored.MaxBy(s => s.Probability)!;
        riskiest.Reasons.ShouldNotBeEmpty();
        riskiest.Reasons[0].RaisesRisk.ShouldBeTrue();
    }

    [Fact]
    public void Reason_texts_are_written_with_the_rows_own_values()
    {
        var catalog = ReasonCatalog.Default;
        var payRatio = new FeatureDefinition("pay_ratio_3m", "pay_ratio_3m");
        catalog.Render("pay_ratio_3m", payRatio, 0.07f, "es").ShouldBe("Pagó el 7 % de lo facturado en los últimos 3 meses");
        catalog.Render("pay_ratio_3m", payRatio, 0.07f, "en").ShouldBe("Paid 7% of the amount billed in the last 3 months");
        catalog.Render("status_m1", new FeatureDefinition("status_m1", "status_m1"), 2, "es").ShouldBe("En el último corte: 2 mes(es) de atraso");
        catalog.Render("status_m1", new FeatureDefinition("status_m1", "status_m1"), -1, "es").ShouldBe("En el último corte: pagó el total");
        catalog.Render("credit_limit", new FeatureDefinition("credit_limit_log", "credit_limit", FeatureScale.Log1p), (float)Math.Log(50001), "es").ShouldBe("Cupo de crédito de 50.000");
        catalog.Render("checking_account", new FeatureDefinition("checking_account_A11", "checking_account", Category: "A11"), 1, "es").ShouldBe("Cuenta corriente: saldo negativo (menos de 0 DM)");
    }

    [Fact]
    public void Every_feature_of_every_format_has_a_reason_text_in_Spanish_and_English()
    {
        var catalog = ReasonCatalog.Default;
        foreach (var feature in ScoringFormats.All.SelectMany(f => f.Features))
        {
            catalog.Reasons.ContainsKey(feature.Reason).ShouldBeTrue($"no reason text for {feature.Name}");
            catalog.Reasons[feature.Reason].Es.ShouldContain("{value}");
            catalog.Reasons[feature.Reason].En.ShouldContain("{value}");
            if (feature.Category is { } code)
            {
                catalog.Categories.ContainsKey(code).ShouldBeTrue($"no text for category {code} of {feature.Name}");
            }
        }
    }
}
