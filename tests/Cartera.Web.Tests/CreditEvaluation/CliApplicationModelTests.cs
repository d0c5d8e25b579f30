using Cartera.Application.Scoring;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Cli;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.CreditEvaluation;

/// <summary><c>cartera score application-train</c> on the German slice and the purpose in the registry commands.</summary>
public sealed class CliApplicationModelTests
{
    private static string Data(string file) => Path.Combine(AppContext.BaseDirectory, "ScoringData", file);

    [Fact]
    public async Task Application_train_registers_an_active_application_model_with_its_amount_scale()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        var train = await cli.RunAsync("score", "application-train", "--data", Data("german_slice.data"), "--format", "german", "--amount-scale", "2000", "--model", "logistic");
        train.ExitCode.ShouldBe(ExitCodes.Ok, train.Error);
        train.Out.ShouldContain("purpose application (active)");
        train.Out.ShouldContain("data: 300 rows");
        train.Out.ShouldContain("amount scale 2000");
        train.Out.ShouldContain("cost-optimal threshold:");

        await using (var db = cli.Context())
        {
            var model = await db.ScoringModels.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            model.Purpose.ShouldBe(ModelPurposes.Application);
            model.Active.ShouldBeTrue();
            ApplicationModel.AmountScale(model.MetricsJson).ShouldBe(2000m);
        }

        var models = await cli.RunAsync("score", "models");
        models.ExitCode.ShouldBe(ExitCodes.Ok, models.Error);
        models.Out.ShouldContain("id\tpurpose\tactive");
        models.Out.ShouldContain("\tapplication\t*\tgerman-logistic-");

        (await cli.RunAsync("score", "application-train", "--data", Data("german_slice.data"), "--amount-scale", "0")).ExitCode.ShouldBe(ExitCodes.Usage);
        (await cli.RunAsync("score", "application-train", "--data", Data("taiwan_slice.csv"), "--format", "taiwan")).ExitCode.ShouldBe(ExitCodes.Usage);
    }
}
