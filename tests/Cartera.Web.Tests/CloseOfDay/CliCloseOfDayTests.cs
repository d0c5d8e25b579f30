using Cartera.Application.Tests.CloseOfDay;
using Cartera.Cli;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.CloseOfDay;

public sealed class CliCloseOfDayTests
{
    [Fact]
    public async Task Close_of_day_closes_in_order_refuses_a_gap_with_exit_3_and_status_shows_the_steps()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        await using (var db = cli.Context())
        {
            // `db migrate` stored the shipped Colombian caps; this test brings its own.
            await db.UsuryCaps.ExecuteDeleteAsync(TestContext.Current.CancellationToken);
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 0.2436m);
            var debtor = await ClosePortfolio.DebtorAsync(db, "D1");
            await ClosePortfolio.ObligationAsync(db, debtor, "O1", "consumo", null, (new DateOnly(2026, 3, 1), 1_000_000m));
        }

        var first = await cli.RunAsync("close-of-day", "--through", "2026-03-11", "--from", "2026-03-10");
        var gap = await cli.RunAsync("close-of-day", "--date", "2026-03-13");
        var again = await cli.RunAsync("close-of-day", "--date", "2026-03-10");
        var status = await cli.RunAsync("close-of-day", "status");
        var usage = await cli.RunAsync("close-of-day", "--date", "2026-3-1");

        first.ExitCode.ShouldBe(ExitCodes.Ok, first.Error);
        first.Out.ShouldContain("2026-03-10 closed");
        first.Out.ShouldContain("2026-03-11 closed: 1 obligations in 1 partitions");
        first.Out.ShouldContain("2 dates closed");
        gap.ExitCode.ShouldBe(ExitCodes.Rejected);
        gap.Error.ShouldContain("the next one is 2026-03-12");
        gap.Error.ShouldContain("close_gap");
        again.ExitCode.ShouldBe(ExitCodes.Ok);
        again.Out.ShouldContain("2026-03-10 is already closed; nothing changed.");
        status.ExitCode.ShouldBe(ExitCodes.Ok, status.Error);
        status.Out.ShouldContain("Last closed date: 2026-03-11");
        status.Out.ShouldContain("Open date: none");
        status.Out.ShouldContain("snapshots");
        usage.ExitCode.ShouldBe(ExitCodes.Usage);
        usage.Error.ShouldContain("yyyy-MM-dd");
    }
}
