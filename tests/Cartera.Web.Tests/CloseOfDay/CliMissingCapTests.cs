using Cartera.Application.Tests.CloseOfDay;
using Cartera.Cli;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.CloseOfDay;

/// <summary>
/// Issue 11 item 3, acceptance: with the shipped cap table (which ends in 2026-03) and today's clock (2026-12-07), a
/// portfolio whose contract leaves arrears to the legal maximum takes payments and closes with exit 0; the snapshots of
/// months without a shipped row are marked cap_assumed and the warning names those months.
/// </summary>
public sealed class CliMissingCapTests
{
    private static readonly DateTimeOffset Today = new(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Close_of_day_with_the_shipped_caps_and_todays_clock_exits_0_and_names_the_months_without_a_cap(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cli = new CliHarness();
        (await Run(database, "db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok, "db migrate stores the shipped Colombian caps");
        await using (var db = database.Context())
        {
            (await db.UsuryCaps.CountAsync(TestContext.Current.CancellationToken)).ShouldBeGreaterThan(0);
            var debtor = await ClosePortfolio.DebtorAsync(db, "D1");
            await ClosePortfolio.ObligationAsync(db, debtor, "LEGAL-MAX", "consumo", null, (new DateOnly(2026, 2, 15), 1_000_000m), (new DateOnly(2026, 3, 15), 1_000_000m));
        }

        var payments = Path.Combine(cli.Folder, "pagos.csv");
        await File.WriteAllTextAsync(payments, "payment_id,obligation_id,amount,currency,received_on,channel,reference\nP-1,LEGAL-MAX,100000,COP,2026-11-20,bank,r-1\n", TestContext.Current.CancellationToken);
        var paid = await Run(database, "import", "payments", payments, "--no-error-report");
        var close = await Run(database, "close-of-day", "--through", "2026-12-06", "--from", "2026-11-25");
        var export = Path.Combine(cli.Folder, "mora.csv");
        var exported = await Run(database, "export", "delinquency", "--date", "2026-12-06", "--format", "csv", "--out", export);

        paid.ExitCode.ShouldBe(ExitCodes.Ok, paid.Out + paid.Error);
        close.ExitCode.ShouldBe(ExitCodes.Ok, close.Out + close.Error);
        close.Out.ShouldContain("12 dates closed");
        close.Out.ShouldContain("Warning: no legal cap row for consumo_ordinario in 2026-04, 2026-05, 2026-06, 2026-07, 2026-08, 2026-09, 2026-10, 2026-11, 2026-12");
        close.Out.ShouldContain("Aviso: sin tasa de usura para consumo_ordinario");
        await using (var db = database.Context())
        {
            var snapshot = await db.DelinquencySnapshots.AsNoTracking().SingleAsync(s => s.BusinessDate == new DateOnly(2026, 12, 6), TestContext.Current.CancellationToken);
            snapshot.CapAssumed.ShouldBeTrue();
            snapshot.ArrearsInterestMinor.ShouldBeGreaterThan(0);
        }

        exported.ExitCode.ShouldBe(ExitCodes.Ok, exported.Error);
        (await File.ReadAllLinesAsync(export, TestContext.Current.CancellationToken))[1].ShouldEndWith(",true,false");
    }

    private static Task<CliResult> Run(TestDatabase database, params string[] args) =>
        CliHarness.RunRawAsync(Today, [.. args, "--provider", database.Provider, "--connection", database.Options.ConnectionString!]);
}
