using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Scoring;

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
        demo.Out.ShouldContain("scores: 150 debtors scored on 2026-03-19"); // the demo's last closed date, like its snapshots

        var train = await cli.RunAsync("score", "portfolio-train", "--as-of", "2026-03-20", "--model", "logistic");
        train.ExitCode.ShouldBe(0, train.Error);
        train.Out.ShouldContain("model: 3 portfolio-logistic-"); // 1: the demo's payment model, 2: its application model
        train.Out.ShouldNotContain("(active)");
        train.Out.ShouldContain("backtest:");

        (await cli.RunAsync("score", "activate", "3")).ExitCode.ShouldBe(0);
        var models = await cli.RunAsync("score", "models");
        models.Out.Split('\n').Single(l => l.StartsWith("3\t", StringComparison.Ordinal)).ShouldContain("\t*\t");
        models.Out.Split('\n').Single(l => l.StartsWith("2\t", StringComparison.Ordinal)).ShouldContain("\tapplication\t*\t"); // another purpose: untouched
        models.Out.Split('\n').Single(l => l.StartsWith("1\t", StringComparison.Ordinal)).ShouldNotContain("\t*\t");
        (await cli.RunAsync("score", "activate", "99")).ExitCode.ShouldBe(3);

        await using var db = cli.Context();
        (await db.DebtorScores.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(150);
        (await db.DebtorScores.Select(s => s.BusinessDate).Distinct().SingleAsync(TestContext.Current.CancellationToken))
            .ShouldBe(await db.DelinquencySnapshots.MaxAsync(s => s.BusinessDate, TestContext.Current.CancellationToken));
        (await db.ScoringModels.CountAsync(m => m.Active && m.Purpose == Application.Scoring.Portfolio.ModelPurposes.Payment, TestContext.Current.CancellationToken)).ShouldBe(1);
        (await db.ScoringModels.CountAsync(m => m.Active && m.Purpose == Application.Scoring.Portfolio.ModelPurposes.Application, TestContext.Current.CancellationToken)).ShouldBe(1);
        var applications = await db.CreditApplications.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        applications.Count.ShouldBe(4);
        applications.ShouldContain(a => a.Status == Domain.CreditEvaluation.CreditApplicationStatus.Approved);
        applications.ShouldContain(a => a.Status == Domain.CreditEvaluation.CreditApplicationStatus.Declined && a.Recommendation == Domain.CreditEvaluation.CreditRecommendation.Decline);
        applications.ShouldContain(a => a.Status == Domain.CreditEvaluation.CreditApplicationStatus.Evaluated && a.Recommendation == Domain.CreditEvaluation.CreditRecommendation.Refer);
        applications.ShouldAllBe(a => a.ModelId != null);
    }
}
