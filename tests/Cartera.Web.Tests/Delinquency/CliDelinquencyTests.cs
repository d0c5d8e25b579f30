using System.Globalization;
using Cartera.Application.Delinquency;
using Cartera.Cli;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Cartera.Web.Tests.Delinquency;

/// <summary><c>cartera export delinquency</c> and <c>cartera rates</c>.</summary>
public sealed class CliDelinquencyTests
{
    private const string Header = "obligation_id,business_date,dpd,bucket,overdue_principal,overdue_interest,arrears_interest,fees,total_due,classification,provision,ifrs9_stage,cap_assumed,pending_recompute";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_delinquency_export_of_a_closed_date_has_the_design_columns_from_the_snapshots_in_csv_and_xlsx(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Context())
        {
            await DelinquencyPortfolio.SeedAsync(db);
        }

        using var cli = new CliHarness();
        var csvPath = Path.Combine(cli.Folder, "mora.csv");
        var xlsxPath = Path.Combine(cli.Folder, "mora.xlsx");

        var csv = await Run(database, "export", "delinquency", "--date", "2026-03-20", "--format", "csv", "--out", csvPath);
        var xlsx = await Run(database, "export", "delinquency", "--date", "2026-03-20", "--format", "xlsx", "--out", xlsxPath);

        csv.ExitCode.ShouldBe(ExitCodes.Ok, csv.Error);
        xlsx.ExitCode.ShouldBe(ExitCodes.Ok, xlsx.Error);
        var lines = await File.ReadAllLinesAsync(csvPath, TestContext.Current.CancellationToken);
        lines[0].ShouldBe(Header);
        lines.Length.ShouldBe(4);
        await using var check = database.Context();
        var snapshots = await check.DelinquencySnapshots.Join(check.Obligations, s => s.ObligationId, o => o.Id, (s, o) => new { o.ExternalId, s }).ToListAsync(TestContext.Current.CancellationToken);
        string Expected(string externalId, string shown)
        {
            var s = snapshots.Single(x => x.ExternalId == externalId).s;
            string A(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            return string.Join(',', shown, "2026-03-20", s.Dpd.ToString(CultureInfo.InvariantCulture), s.Bucket, A(s.OverduePrincipalMinor), A(s.OverdueInterestMinor), A(s.ArrearsInterestMinor), A(s.FeesMinor), A(s.TotalDueMinor), s.Classification, A(s.ProvisionMinor), s.Ifrs9Stage.ToString(CultureInfo.InvariantCulture), s.CapAssumed ? "true" : "false", "false");
        }

        // Ordered by external id; a text cell a spreadsheet would run as a formula is escaped.
        lines[1].ShouldBe(Expected("=CR-0003", "'=CR-0003"));
        lines[2].ShouldBe(Expected("CR-0001", "CR-0001"));
        lines[3].ShouldBe(Expected("CR-0002", "CR-0002"));
        lines[1].ShouldContain(",64,61-90,");
        lines[2].ShouldContain(",33,31-60,");
        lines[2].Split(',')[9].ShouldBe("B");
        lines[3].ShouldContain(",0,current,0.00,0.00,0.00,0.00,0.00,B,", Case.Sensitive, "current, but B by arrastre from the holder's other loan");

        var sheet = MiniExcel.Query(xlsxPath, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        sheet.Count.ShouldBe(3);
        sheet[0].Keys.ShouldBe(Header.Split(','));
        sheet[0]["obligation_id"].ShouldBe("'=CR-0003");
        Convert.ToInt32(sheet[1]["dpd"], CultureInfo.InvariantCulture).ShouldBe(33);
        Convert.ToDecimal(sheet[1]["total_due"], CultureInfo.InvariantCulture).ShouldBe(snapshots.Single(x => x.ExternalId == "CR-0001").s.TotalDueMinor / 100m);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_back_dated_payment_import_says_which_closed_dates_are_pending_recompute_and_the_export_marks_and_warns(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Context())
        {
            await DelinquencyPortfolio.SeedAsync(db);
        }

        using var cli = new CliHarness();
        var file = Write(cli, "pagos.csv", "payment_id,obligation_id,amount,currency,received_on,channel,reference", "PAG-1,CR-0001,1000.00,COP,2026-03-10,bank,consignación");
        var imported = await Run(database, "import", "payments", file);
        imported.ExitCode.ShouldBe(ExitCodes.Ok, imported.Error);
        imported.Out.ShouldContain("Pendiente de recálculo: 1 deudor(es)");
        imported.Out.ShouldContain("Pending recompute: 1 debtor(s)");
        imported.Out.ShouldContain("2026-03-10");

        var csvPath = Path.Combine(cli.Folder, "mora.csv");
        var exported = await Run(database, "export", "delinquency", "--date", "2026-03-20", "--format", "csv", "--out", csvPath);
        exported.ExitCode.ShouldBe(ExitCodes.Ok, exported.Error);
        exported.Error.ShouldContain("pending recompute");
        var lines = await File.ReadAllLinesAsync(csvPath, TestContext.Current.CancellationToken);
        lines.Single(l => l.StartsWith("CR-0001,", StringComparison.Ordinal)).ShouldEndWith(",true");
        lines.Single(l => l.StartsWith("'=CR-0003,", StringComparison.Ordinal)).ShouldEndWith(",false", Case.Sensitive, "another debtor's figures are current");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Exporting_a_date_that_was_not_closed_is_a_clear_error_and_writes_no_file(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Context())
        {
            await DelinquencyPortfolio.SeedAsync(db);
        }

        using var cli = new CliHarness();
        var path = Path.Combine(cli.Folder, "mora.csv");

        var result = await Run(database, "export", "delinquency", "--date", "2026-03-21", "--format", "csv", "--out", path);
        var missingDate = await Run(database, "export", "delinquency", "--format", "csv");

        result.ExitCode.ShouldBe(ExitCodes.Rejected);
        result.Error.ShouldContain("2026-03-21 has not been closed");
        result.Error.ShouldContain("last closed date is 2026-03-20");
        File.Exists(path).ShouldBeFalse();
        missingDate.ExitCode.ShouldBe(ExitCodes.Usage);
        missingDate.Error.ShouldContain("--date");
    }

    [Fact]
    public async Task Db_migrate_seeds_the_colombian_caps_unverified_and_rates_list_shows_them()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);

        var list = await cli.RunAsync("rates", "list", "--modality", "consumo_ordinario");

        list.ExitCode.ShouldBe(ExitCodes.Ok, list.Error);
        list.Out.ShouldContain("2025-10-01");
        list.Out.ShouldContain("24.36 %");
        list.Out.ShouldContain("16.24 %");
        list.Out.ShouldNotContain("productivo_urbano");
        await using var db = cli.Context();
        var rows = await db.UsuryCaps.ToListAsync(TestContext.Current.CancellationToken);
        rows.Count.ShouldBe(ShippedUsuryCaps.Rows("CO").Count);
        rows.ShouldAllBe(r => !r.Verified && r.Source.Contains("[verify]"));
        rows.Single(r => r.Modality == "consumo_ordinario" && r.ValidFrom == new DateOnly(2025, 10, 1)).UsuryEa.ShouldBe(0.2436m);
    }

    [Fact]
    public async Task Rates_import_reports_every_row_error_stores_nothing_then_imports_the_fixed_file_once()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        await using var db = cli.Context();
        var before = await db.UsuryCaps.CountAsync(TestContext.Current.CancellationToken);
        var bad = Write(cli, "caps-bad.csv",
            "valid_from,valid_to,modality,usury_ea,banking_current_ea,verified",
            "2026-13-01,2026-04-30,consumo_ordinario,0.25,,no", // 2: bad date
            "2026-05-01,2026-04-30,consumo_ordinario,0.25,,no", // 3: to before from
            "2026-06-01,2026-06-30,consumo_ordinario,24.5,,no", // 4: percentage, not fraction
            "2026-07-01,2026-07-31,consumo_ordinario,0.25,0.1624,no", // 5: not 1.5 × IBC
            "2026-08-01,2026-08-31,microcredito,0.5,,no",
            "2026-08-15,2026-09-15,microcredito,0.51,,no", // 7: overlaps row 6
            "2025-10-15,2025-11-15,consumo_ordinario,0.25,,no", // 8: overlaps stored rows
            "2026-10-01,2026-10-31,consumo_ordinario,0.25,,quizás"); // 9: verified

        var rejected = await cli.RunAsync("rates", "import", bad);

        rejected.ExitCode.ShouldBe(ExitCodes.Rejected);
        foreach (var code in new[] { "invalid_date", "invalid_dates", "invalid_rate", "usury_mismatch", "overlapping_caps", "overlaps_stored", "invalid_value" })
        {
            rejected.Error.ShouldContain(code);
        }

        (await db.UsuryCaps.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(before);

        var good = Write(cli, "caps.csv",
            "valid_from;valid_to;modality;usury_ea;banking_current_ea;source;verified",
            "2026-04-01;2026-04-30;consumo_ordinario;0.2553;0.1702;Resolución de prueba;sí",
            "2026-08-01;2026-08-31;microcredito;0.5;;;no");
        var imported = await cli.RunAsync("rates", "import", good);
        var again = await cli.RunAsync("rates", "import", good);

        imported.ExitCode.ShouldBe(ExitCodes.Ok, imported.Error);
        imported.Out.ShouldContain("Imported 2 cap row(s)");
        again.ExitCode.ShouldBe(ExitCodes.Ok, again.Error);
        again.Out.ShouldContain("Imported 0 cap row(s)");
        again.Out.ShouldContain("2 unchanged");
        var april = await db.UsuryCaps.SingleAsync(r => r.ValidFrom == new DateOnly(2026, 4, 1) && r.Modality == "consumo_ordinario", TestContext.Current.CancellationToken);
        (april.UsuryEa, april.BankingCurrentEa, april.Verified, april.Source).ShouldBe((0.2553m, (decimal?)0.1702m, true, "Resolución de prueba"));
        (await db.UsuryCaps.SingleAsync(r => r.Modality == "microcredito", TestContext.Current.CancellationToken)).Source.ShouldBe("Imported from caps.csv");
        (await db.AuditEntries.CountAsync(a => a.EntityType == "UsuryCapRow", TestContext.Current.CancellationToken)).ShouldBeGreaterThanOrEqualTo(before + 2);
    }

    private static Task<CliResult> Run(TestDatabase database, params string[] args) =>
        CliHarness.RunRawAsync([.. args, "--provider", database.Provider, "--connection", database.Options.ConnectionString!]);

    private static string Write(CliHarness cli, string name, params string[] lines)
    {
        var path = Path.Combine(cli.Folder, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
