using Cartera.Application.CloseOfDay;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Tests.CloseOfDay;
using Cartera.Cli;
using Cartera.Domain.Collection.Promises;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Promises;

/// <summary>
/// Issue 13 item 6 through the CLI on both databases: RULES §13's test case (import promises and payments, close the
/// dates, export the statuses as of each date), a history promise, a refused promise that does not stop the others,
/// and close-of-day step 8 marking kept-late-within-grace, partial and after-grace promises, idempotently.
/// </summary>
public sealed class CliPromisesTests
{
    private static readonly DateTimeOffset Today = new(2026, 3, 20, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rules_13_test_case_through_import_close_of_day_and_export(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cli = new CliHarness();
        (await Run(database, "db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        await using (var db = database.Context())
        {
            foreach (var (debtor, obligation) in new[] { ("D1", "O1"), ("D2", "O2"), ("D3", "O3") })
            {
                var id = await ClosePortfolio.DebtorAsync(db, debtor);
                await ClosePortfolio.ObligationAsync(db, id, obligation, "consumo", null, (new DateOnly(2026, 3, 1), 1_000_000m));
            }
        }

        (await Run(database, "close-of-day", "--through", "2026-03-04", "--from", "2026-03-04")).ExitCode.ShouldBe(ExitCodes.Ok);

        var promises = Path.Combine(cli.Folder, "promesas.csv");
        await File.WriteAllTextAsync(
            promises,
            "promise_id,debtor_id,obligation_ids,made_on,installment_number,due_on,amount,currency,made_by\n"
            + "PR-1,D1,O1,2026-03-05,1,2026-03-10,300000.00,COP,gestor@lender.co\n"
            + "PR-2,D2,,2026-03-05,1,2026-03-10,300000,COP,gestor@lender.co\n"
            + "PR-3,D3,O3,2026-03-05,1,2026-03-09,100000,COP,gestor@lender.co\n"
            + "PR-3,D3,O3,2026-03-05,2,2026-03-20,100000,COP,gestor@lender.co\n"
            + "PR-4,D2,O2,2026-03-05,1,2026-03-10,5000000,COP,gestor@lender.co\n"
            + "PR-H,D1,O1,2026-02-20,1,2026-02-25,50000,COP,sistema-anterior\n",
            ct);
        var payments = Path.Combine(cli.Folder, "pagos.csv");
        await File.WriteAllTextAsync(
            payments,
            "payment_id,obligation_id,amount,currency,received_on,channel,reference\n"
            + "P-1,O1,100000,COP,2026-03-08,bank,r\nP-2,O1,200000,COP,2026-03-12,bank,r\n"
            + "P-3,O2,100000,COP,2026-03-08,bank,r\nP-4,O2,200000,COP,2026-03-13,bank,r\n"
            + "P-5,O3,50000,COP,2026-03-10,bank,r\n",
            ct);

        var imported = await Run(database, "import", "promises", promises);
        var paid = await Run(database, "import", "payments", payments, "--no-error-report");
        var closed = await Run(database, "close-of-day", "--through", "2026-03-13");

        imported.ExitCode.ShouldBe(ExitCodes.Rejected, "PR-4 is refused; the others are imported");
        imported.Out.ShouldContain("promesas.csv");
        imported.Error.ShouldContain("exceeds_due");
        imported.Error.ShouldContain("supera"); // the Spanish message (the table wraps it)
        paid.ExitCode.ShouldBe(ExitCodes.Ok, paid.Out + paid.Error);
        closed.ExitCode.ShouldBe(ExitCodes.Ok, closed.Out + closed.Error);
        await using (var db = database.Context())
        {
            (await db.Promises.CountAsync(ct)).ShouldBe(4);
            var stored = await db.Promises.AsNoTracking().ToDictionaryAsync(p => p.ExternalId, ct);
            stored["PR-1"].Status.ShouldBe(PromiseStatus.Kept);
            stored["PR-1"].SettledOn.ShouldBe(new DateOnly(2026, 3, 12));
            stored["PR-2"].Status.ShouldBe(PromiseStatus.Broken);
            stored["PR-2"].SettledOn.ShouldBe(new DateOnly(2026, 3, 13));
            stored["PR-3"].Status.ShouldBe(PromiseStatus.Broken, "50,000 of 100,000 by 9 March + 2 days: partial");
            stored["PR-H"].Status.ShouldBe(PromiseStatus.Broken, "history: nothing paid by 25 February + 2 days");
            stored["PR-H"].SettledOn.ShouldBe(new DateOnly(2026, 2, 28));

            // What the work queue reads: broken promises since a date, and each debtor's promises at a glance.
            var queries = new PromiseQueries(db);
            (await queries.BrokenPromises(new DateOnly(2026, 3, 1)).Select(b => b.ExternalId).OrderBy(x => x).ToListAsync(ct)).ShouldBe(["PR-2", "PR-3"]);
            var d1 = (await queries.StatusByDebtorAsync([stored["PR-1"].DebtorId], ct))[stored["PR-1"].DebtorId];
            (d1.Kept, d1.Broken, d1.Pending, d1.LastBrokenOn).ShouldBe((1, 1, 0, (DateOnly?)new DateOnly(2026, 2, 28)));
        }

        var on12 = await ExportAsync(database, cli, "2026-03-12");
        var on13 = await ExportAsync(database, cli, "2026-03-13");
        on12[0].ShouldBe("promise_id,debtor_id,installment_number,due_on,amount,currency,status,kept_on,counted,as_of");
        on12.ShouldContain("PR-1,D1,1,2026-03-10,300000.00,COP,kept,2026-03-12,300000.00,2026-03-12");
        on12.ShouldContain("PR-2,D2,1,2026-03-10,300000.00,COP,pending,,100000.00,2026-03-12");
        on13.ShouldContain("PR-1,D1,1,2026-03-10,300000.00,COP,kept,2026-03-12,300000.00,2026-03-13");
        on13.ShouldContain("PR-2,D2,1,2026-03-10,300000.00,COP,partial,,100000.00,2026-03-13");
        on13.ShouldContain("PR-3,D3,1,2026-03-09,100000.00,COP,partial,,50000.00,2026-03-13");
        on13.ShouldContain("PR-3,D3,2,2026-03-20,100000.00,COP,cancelled,,0.00,2026-03-13");
        on13.ShouldContain("PR-H,D1,1,2026-02-25,50000.00,COP,broken,,0.00,2026-03-13");
        on13.ShouldNotContain(l => l.StartsWith("PR-4", StringComparison.Ordinal));

        // Re-importing the file changes nothing; the refused promise is refused again.
        var again = await Run(database, "import", "promises", promises);
        again.Out.ShouldContain("│           4 │", customMessage: again.Out + again.Error); // sin cambios: PR-1, PR-2, PR-3, PR-H
        await using (var db = database.Context())
        {
            (await db.Promises.CountAsync(ct)).ShouldBe(4);

            // Step 8 again on the same date: nothing to change, no audit entry.
            var audits = await db.AuditEntries.CountAsync(ct);
            await db.Database.OpenConnectionAsync(ct);
            var outcome = await new PromisesStep().RunAsync(CloseOfDayStepContext.Alone(db, new DateOnly(2026, 3, 13)), ct);
            outcome.Note.ShouldContain("0 changed");
            (await db.AuditEntries.CountAsync(ct)).ShouldBe(audits);
        }

        var notClosed = await Run(database, "export", "promises", "--date", "2026-03-14", "--format", "csv");
        notClosed.ExitCode.ShouldNotBe(ExitCodes.Ok);
        notClosed.Error.ShouldContain("date_not_closed");
        var xlsx = Path.Combine(cli.Folder, "promesas.xlsx");
        (await Run(database, "export", "promises", "--date", "2026-03-13", "--format", "xlsx", "--out", xlsx)).ExitCode.ShouldBe(ExitCodes.Ok);
        new FileInfo(xlsx).Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_promises_file_without_its_columns_is_refused_with_a_Spanish_error()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        var file = Path.Combine(cli.Folder, "p.csv");
        await File.WriteAllTextAsync(file, "promise_id;debtor_id\nX;Y\n", TestContext.Current.CancellationToken);
        var result = await cli.RunAsync("import", "promises", file);
        result.ExitCode.ShouldBe(ExitCodes.Rejected);
        result.Error.ShouldContain("Falta la columna made_on");
    }

    private static async Task<string[]> ExportAsync(TestDatabase database, CliHarness cli, string date)
    {
        var file = Path.Combine(cli.Folder, $"promesas-{date}.csv");
        var result = await Run(database, "export", "promises", "--date", date, "--format", "csv", "--out", file);
        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Out + result.Error);
        return await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken);
    }

    private static Task<CliResult> Run(TestDatabase database, params string[] args) =>
        CliHarness.RunRawAsync(Today, [.. args, "--provider", database.Provider, "--connection", database.Options.ConnectionString!]);
}
