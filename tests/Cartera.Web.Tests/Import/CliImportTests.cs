using Cartera.Cli;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Import;

/// <summary>The acceptance scenario, through the command a lender runs.</summary>
public sealed class CliImportTests
{
    private const string Header = "obligation_id,debtor_id,kind,product,currency,issue_date,principal,annual_rate_ea,term,frequency,amortization,first_due_date";

    [Fact]
    public async Task A_file_with_five_errors_prints_all_of_them_exits_3_and_changes_nothing_then_the_fixed_file_imports_and_a_rerun_is_unchanged()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        var debtors = Write(cli, "deudores.csv",
            "debtor_id,kind,id_type,id_number,full_name,country,mobile",
            "D1,person,CC,1020304050,Ana Pérez,CO,3001234567",
            "D2,company,NIT,900123456-8,Comercial Andina SAS,CO,3109876543");
        (await cli.RunAsync("import", "debtors", debtors)).ExitCode.ShouldBe(ExitCodes.Ok);
        var before = await Snapshot(cli);

        var bad = Write(cli, "bad.csv", Header,
            "O1,D1,loan,consumo,COP,2026-13-01,1000000.00,0.18,12,monthly,french,2026-02-15",
            "O2,D9,loan,consumo,COP,2026-01-15,1000000.00,0.18,12,monthly,french,2026-02-15",
            "O3,D2,loan,consumo,XYZ,2026-01-15,1000000.00,0.18,12,monthly,french,2026-02-15",
            "O4,D2,loan,consumo,COP,2026-01-15,-5.00,0.18,12,monthly,french,2026-02-15",
            "O4,D1,loan,consumo,COP,2026-01-15,2000000.00,0.18,12,monthly,french,2026-02-15");
        var rejected = await cli.RunAsync("import", "obligations", bad);

        rejected.ExitCode.ShouldBe(ExitCodes.Rejected);
        var printed = rejected.Out + rejected.Error;
        foreach (var (row, column, code) in new[] { ("2", "issue_date", "invalid_date"), ("3", "debtor_id", "unknown_debtor"), ("4", "currency", "unknown_currency"), ("5", "principal", "negative_amount"), ("6", "obligation_id", "duplicate_id") })
        {
            printed.ShouldContain(code);
            printed.ShouldContain(column);
            File.ReadAllText(Path.ChangeExtension(bad, ".errors.csv")).ShouldContain($"bad.csv,{row},{column},{code},");
        }

        (await Snapshot(cli)).ShouldBe(before);

        var good = Write(cli, "good.csv", Header,
            "O1,D1,loan,consumo,COP,2026-01-15,1000000.00,0.18,12,monthly,french,2026-02-15",
            "O2,D1,loan,consumo,COP,2026-01-15,1000000.00,0.18,12,monthly,french,2026-02-15",
            "O3,D2,loan,consumo,COP,2026-01-15,1000000.00,0.18,12,monthly,french,2026-02-15",
            "O4,D2,loan,consumo,COP,2026-01-15,5.00,0.18,1,monthly,french,2026-02-15",
            "O5,D1,loan,consumo,COP,2026-01-15,2000000.00,0.18,12,monthly,french,2026-02-15");
        (await cli.RunAsync("import", "obligations", good)).ExitCode.ShouldBe(ExitCodes.Ok);
        var imported = await Snapshot(cli);
        imported.Obligations.ShouldBe(5);
        imported.Ledger.ShouldBe(5);

        var rerun = await cli.RunAsync("import", "obligations", good);
        rerun.ExitCode.ShouldBe(ExitCodes.Ok, rerun.Error);
        (await Snapshot(cli)).ShouldBe(imported);
        await using var db = cli.Context();
        var last = await db.ImportRuns.OrderByDescending(r => r.Id).FirstAsync(TestContext.Current.CancellationToken);
        (last.Inserted, last.Updated, last.Unchanged).ShouldBe((0L, 0L, 5L));
    }

    [Fact]
    public async Task A_payments_file_is_posted_by_the_import_command_and_a_rerun_posts_nothing()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        (await cli.RunAsync("import", "debtors", Write(cli, "deudores.csv", "debtor_id,kind,id_type,id_number,full_name,country,mobile", "D1,person,CC,1020304050,Ana Pérez,CO,3001234567"))).ExitCode.ShouldBe(ExitCodes.Ok);
        (await cli.RunAsync("import", "obligations", Write(cli, "obligaciones.csv", Header + ",arrears_rate_ea", "O1,D1,loan,consumo,COP,2026-01-15,1000000.00,0.18,12,monthly,french,2026-02-15,0.25"))).ExitCode.ShouldBe(ExitCodes.Ok);
        var pagos = Write(cli, "pagos.csv", "pago_id,obligacion_id,valor,moneda,fecha_pago,canal", "P1,O1,95000.00,COP,2026-03-19,bank", "P2,O1,5000.00,COP,2026-03-20,cash");

        var first = await cli.RunAsync("import", "payments", pagos);
        var rerun = await cli.RunAsync("import", "payments", pagos);

        first.ExitCode.ShouldBe(ExitCodes.Ok, first.Error);
        rerun.ExitCode.ShouldBe(ExitCodes.Ok, rerun.Error);
        await using var db = cli.Context();
        var ct = TestContext.Current.CancellationToken;
        (await db.Payments.CountAsync(ct)).ShouldBe(2);
        (await db.LedgerEntries.Where(e => e.Kind == Domain.Ledger.LedgerEntryKind.Payment).SumAsync(e => e.AmountMinor, ct)).ShouldBe(-10_000_000);
        var last = await db.ImportRuns.OrderByDescending(r => r.Id).FirstAsync(ct);
        (last.Kind, last.Inserted, last.Unchanged).ShouldBe(("payments", 0L, 2L));
    }

    private static string Write(CliHarness cli, string name, params string[] lines)
    {
        var path = Path.Combine(cli.Folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static async Task<(int Obligations, int Installments, int Ledger, int Debtors)> Snapshot(CliHarness cli)
    {
        await using var db = cli.Context();
        var ct = TestContext.Current.CancellationToken;
        return (await db.Obligations.CountAsync(ct), await db.Installments.CountAsync(ct), await db.LedgerEntries.CountAsync(ct), await db.Debtors.CountAsync(ct));
    }
}
