using System.Text.Json;
using Cartera.Cli;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Scoring;

/// <summary><c>cartera score</c> on slices of the public files (tests/data/scoring).</summary>
public sealed class CliScoreTests
{
    private static string Data(string file) => Path.Combine(AppContext.BaseDirectory, "ScoringData", file);

    [Fact]
    public async Task Train_then_evaluate_on_taiwan_writes_the_artifact_and_a_report_with_the_documented_fields()
    {
        using var cli = new CliHarness();
        var model = Path.Combine(cli.Folder, "model.zip");
        var report = Path.Combine(cli.Folder, "report.json");
        var scores = Path.Combine(cli.Folder, "scores.csv");

        var train = await CliHarness.RunRawAsync("score", "train", "--data", Data("taiwan_slice.csv"), "--format", "taiwan", "--out", model, "--model", "logistic", "--seed", "7");
        train.ExitCode.ShouldBe(ExitCodes.Ok, train.Error);
        train.Out.ShouldContain("model: taiwan-logistic-20260320150000-");
        train.Out.ShouldContain("data: 800 rows, 160 positive");
        File.Exists(model).ShouldBeTrue();

        var evaluate = await CliHarness.RunRawAsync("score", "evaluate", "--model", model, "--data", Data("taiwan_slice.csv"), "--format", "taiwan", "--report", report, "--scores", scores);
        evaluate.ExitCode.ShouldBe(ExitCodes.Ok, evaluate.Error);
        evaluate.Out.ShouldContain("decile");

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken));
        var root = json.RootElement;
        root.GetProperty("auc").GetDouble().ShouldBeInRange(0.6, 1.0);
        root.GetProperty("ks").GetDouble().ShouldBeInRange(0.1, 1.0);
        root.GetProperty("brier").GetDouble().ShouldBeInRange(0.0, 0.25);
        root.GetProperty("log_loss").GetDouble().ShouldBeGreaterThan(0);
        root.GetProperty("calibration").GetArrayLength().ShouldBe(10);
        root.GetProperty("calibration")[0].GetProperty("count").GetInt32().ShouldBe(80);
        root.TryGetProperty("cost", out var cost).ShouldBeTrue();
        cost.ValueKind.ShouldBe(JsonValueKind.Null); // taiwan has no cost matrix

        var lines = await File.ReadAllLinesAsync(scores, TestContext.Current.CancellationToken);
        lines.Length.ShouldBe(801);
        lines[0].ShouldBe("id,label,probability,direction,reason_1,reason_2,reason_3");
        lines.Skip(1).Count(l => l.Split(',').Length >= 7 && l.Split(',')[4].Length > 0).ShouldBeGreaterThan(700);
        lines.Skip(1).ShouldAllBe(l => l.Contains(",sube el riesgo,", StringComparison.Ordinal) || l.Contains(",baja el riesgo,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task German_reports_the_cost_at_the_training_threshold_against_approving_everyone()
    {
        using var cli = new CliHarness();
        var model = Path.Combine(cli.Folder, "german.zip");
        var report = Path.Combine(cli.Folder, "report.json");

        (await CliHarness.RunRawAsync("score", "train", "--data", Data("german_slice.data"), "--format", "german", "--out", model)).ExitCode.ShouldBe(ExitCodes.Ok);
        var evaluate = await CliHarness.RunRawAsync("score", "evaluate", "--model", model, "--data", Data("german_slice.data"), "--format", "german", "--report", report);

        evaluate.ExitCode.ShouldBe(ExitCodes.Ok, evaluate.Error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken));
        var root = json.RootElement;
        root.GetProperty("cost_approve_all").GetDouble().ShouldBe(85 * 5);
        root.GetProperty("cost").GetDouble().ShouldBeLessThan(85 * 5);
        root.GetProperty("threshold").GetDouble().ShouldBeInRange(0.01, 0.6);
    }

    [Fact]
    public async Task Cv_prints_both_models_with_mean_and_sd_and_writes_its_report()
    {
        using var cli = new CliHarness();
        var report = Path.Combine(cli.Folder, "cv.json");

        var result = await CliHarness.RunRawAsync("score", "cv", "--data", Data("german_slice.data"), "--format", "german", "--folds", "3", "--report", report);

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        result.Out.ShouldContain("lightgbm");
        result.Out.ShouldContain("lbfgs_logistic_regression");
        result.Out.ShouldContain("train_seconds");
        result.Out.ShouldContain("±");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken));
        var models = json.RootElement.GetProperty("models");
        models.GetArrayLength().ShouldBe(2);
        models[0].GetProperty("auc").GetProperty("folds").GetArrayLength().ShouldBe(3);
        models[1].GetProperty("cost").GetProperty("mean").GetDouble().ShouldBeLessThan(models[1].GetProperty("cost_approve_all").GetProperty("mean").GetDouble());
    }

    [Fact]
    public async Task A_malformed_file_is_rejected_with_line_and_column_and_a_missing_one_is_a_usage_error()
    {
        using var cli = new CliHarness();
        var bad = Path.Combine(cli.Folder, "bad.data");
        await File.WriteAllLinesAsync(bad, ["1 A11 6 A34 A43 1169 A65 A75 4 A93 A101 4 A121 67 A143 A152 2 A173 1 A192 A201 1", "2 A12 48 A32 A43 5951 A61 A73 2 A92 A101 2 A121 22 A143 A152 1 A173 1 A191 A201 7"], TestContext.Current.CancellationToken);

        var rejected = await CliHarness.RunRawAsync("score", "train", "--data", bad, "--format", "german", "--out", Path.Combine(cli.Folder, "m.zip"));
        rejected.ExitCode.ShouldBe(ExitCodes.Rejected);
        rejected.Error.ShouldContain("line 2, column label");
        File.Exists(Path.Combine(cli.Folder, "m.zip")).ShouldBeFalse();

        var missing = await CliHarness.RunRawAsync("score", "train", "--data", Path.Combine(cli.Folder, "none.csv"), "--format", "taiwan", "--out", Path.Combine(cli.Folder, "m.zip"));
        missing.ExitCode.ShouldBe(ExitCodes.Usage);

        var wrongFormat = await CliHarness.RunRawAsync("score", "cv", "--data", bad, "--format", "excel");
        wrongFormat.ExitCode.ShouldBe(ExitCodes.Usage);
    }
}
