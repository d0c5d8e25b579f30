using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Cli;

/// <summary><c>cartera demo</c> ends with scores; <c>score portfolio-train | models | activate</c> manage the registry.</summary>
public sealed class CliPortfolioScoreTests
{
    [Fact]
    public async Task The_demo_ends_with_scores_and_the_registry_commands_train_list_and_activate()
    {
        using var cli = new CliHarness();
        var demo = await cli.RunAsync("demo", "--debtors", "150", "--as-of", "2026-03-20");
        demo.ExitCode.ShouldBe(0, demo.Error);
        demo.Out.ShouldContain("model: 1 portfolio-gbt-");
        demo.Out.ShouldContain("(active)");
        demo.Out.ShouldContain("scores: 150 debtors scored on 2026-03-20");

        var train = await cli.RunAsync("score", "portfolio-train", "--as-of", "2026-03-20", "--model", "logistic");
        train.ExitCode.ShouldBe(0, train.Error);
        train.Out.ShouldContain("model: 2 portfolio-logistic-");
        train.Out.ShouldNotContain("(active)");
        train.Out.ShouldContain("backtest:");

        (await cli.RunAsync("score", "activate", "2")).ExitCode.ShouldBe(0);
        var models = await cli.RunAsync("score", "models");
        models.Out.Split('\n').Single(l => l.StartsWith("2\t", StringComparison.Ordinal)).ShouldContain("\t*\t");
        models.Out.Split('\n').Single(l => l.StartsWith("1\t", StringComparison.Ordinal)).ShouldNotContain("\t*\t");
        (await cli.RunAsync("score", "activate", "99")).ExitCode.ShouldBe(3);

        await using var db = cli.Context();
        (await db.DebtorScores.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(150);
        (await db.ScoringModels.CountAsync(m => m.Active, TestContext.Current.CancellationToken)).ShouldBe(1);
    }
}
