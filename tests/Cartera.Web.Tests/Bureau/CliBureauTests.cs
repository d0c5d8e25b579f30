using System.Runtime.CompilerServices;
using Cartera.Application.Compliance;
using Cartera.Application.Tests.Bureau;
using Cartera.Cli;
using Cartera.Domain.Bureau;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Bureau;

/// <summary>
/// Issue 15 item 2 through the CLI on both databases: the RULES §8 case (40 DPD, notice delivered 10 days before the
/// report date → refused with the reason; 21 days → reported), the notices import with per-row Spanish errors, the
/// datacredito and metro2 files against their golden files and layouts, the correction of a paid account and the
/// dispute mark of a reported one.
/// </summary>
public sealed class CliBureauTests
{
    private static readonly DateTimeOffset Today = new(2026, 3, 25, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Due = new(2026, 2, 7);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rules_8_case_golden_files_correction_and_dispute_through_the_cli(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cli = new CliHarness();
        (await Run(database, "db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        long paidLater;
        long usDebtor;
        await using (var db = database.Context())
        {
            await BureauPortfolio.LoanAsync(db, BureauPortfolio.NewDebtor("D-CO1", IdType.CC, "80000001", "José Pérez Muñoz", "CO"), "O-10", "COP", 1_000_000m, Due);
            paidLater = await BureauPortfolio.LoanAsync(db, BureauPortfolio.NewDebtor("D-CO2", IdType.CC, "80000002", "María Gómez", "CO"), "O-21", "COP", 1_000_000m, Due);
            await BureauPortfolio.LoanAsync(db, BureauPortfolio.NewDebtor("D-CO3", IdType.CC, "80000003", "Ana Ríos", "CO"), "O-SMALL", "COP", 200_000m, Due);
            await BureauPortfolio.LoanAsync(db, BureauPortfolio.NewDebtor("D-CO4", IdType.CC, "80000004", "Luis Mora", "CO"), "O-CUR", "COP", 300_000m, new DateOnly(2026, 4, 7));
            var us = BureauPortfolio.NewDebtor("D-US1", IdType.SSN, "123456789", "Mary Ann Smith", "US", new DateOnly(1980, 5, 6), "TX", "Austin", "1 Main St");
            await BureauPortfolio.LoanAsync(db, us, "O-US", "USD", 500m, Due);
            usDebtor = us.Id;
        }

        var notices = Path.Combine(cli.Folder, "avisos.csv");
        await File.WriteAllTextAsync(
            notices,
            "obligation_id,sent_on,delivered_on,channel,proof_reference\n"
            + "O-10,2026-03-06,2026-03-09,certified_mail,GUIA-10\n"
            + "O-21,2026-02-24,2026-02-26,certified_mail,GUIA-21\n"
            + "O-SMALL,2026-02-15,2026-02-17,email,MSG-77\n"
            + "O-NADA,2026-02-15,2026-02-17,email,MSG-78\n"
            + "O-21,2026-02-24,,paloma,X\n",
            ct);
        var imported = await Run(database, "bureau", "notices", "import", notices);
        imported.ExitCode.ShouldBe(ExitCodes.Rejected, imported.Out + imported.Error);
        imported.Out.ShouldContain("rows read: 5, added: 3, delivery dates added: 0, unchanged: 0, rejected: 2");
        imported.Error.ShouldContain("no existe una obligación con el identificador 'O-NADA'");
        imported.Error.ShouldContain("columna 'channel': 'paloma' no es un canal de aviso");
        (await Run(database, "bureau", "notices", "import", notices)).Out.ShouldContain("added: 0, delivery dates added: 0, unchanged: 3");

        (await Run(database, "bureau", "report", "--date", "2026-03-19", "--format", "csv")).Error.ShouldContain("date_not_closed");
        var closed = await Run(database, "close-of-day", "--through", "2026-03-19", "--from", "2026-03-19");
        closed.ExitCode.ShouldBe(ExitCodes.Ok, closed.Out + closed.Error);

        // RULES §8: 40 DPD, notice delivered 10 days before → refused with the reason; 21 days before → reported.
        var csv = await Lines(database, cli, "2026-03-19", "csv");
        csv.ShouldBe(
        [
            "obligation_id,debtor_id,status,reason,notice_delivered_on,dpd,overdue_amount,currency",
            "O-10,D-CO1,refused,notice_too_recent,2026-03-09,40,1000000.00,COP",
            "O-21,D-CO2,reported,notice_delivered,2026-02-26,40,1000000.00,COP",
            "O-SMALL,D-CO3,refused,second_notice_missing,2026-02-17,40,200000.00,COP",
            "O-US,D-US1,reported,past_due,,40,500.00,USD",
        ]);
        await using (var db = database.Context())
        {
            (await db.BureauReportedAccounts.CountAsync(ct)).ShouldBe(0, "csv is the review list: it records nothing");
        }

        var datacredito = await Lines(database, cli, "2026-03-19", "datacredito");
        var metro2 = await Lines(database, cli, "2026-03-19", "metro2");
        Golden("datacredito-2026-03-19.txt", datacredito);
        Golden("metro2-2026-03-19.txt", metro2);
        Validate(datacredito, BureauLayouts.DatacreditoHeader, BureauLayouts.DatacreditoDetail, BureauLayouts.DatacreditoTrailer);
        Validate(metro2, BureauLayouts.Metro2Header, BureauLayouts.Metro2Base, BureauLayouts.Metro2Trailer);
        BureauLayouts.DatacreditoDetail.Parse(datacredito[1])["numero_obligacion"].ShouldBe("O-21");
        datacredito.Count.ShouldBe(3, "only the reported Colombian account");
        BureauLayouts.Metro2Base.Parse(metro2[1])["account_status"].ShouldBe("71");
        (await Lines(database, cli, "2026-03-19", "datacredito")).ShouldBe(datacredito, "a second run of the same date gives the same file");

        // The reported account is paid; the reported US debtor opens a dispute.
        await using (var db = database.Context())
        {
            db.LedgerEntries.Add(LedgerEntry.Create(paidLater, LedgerEntryKind.Payment, LedgerComponent.Principal, Money.Of(-1_000_000m, Currency.COP), new DateOnly(2026, 3, 20), new DateOnly(2026, 3, 20), "test", Today, 1));
            await db.SaveChangesAsync(ct);
            await new ComplianceOverrides(db).SaveAsync(usDebtor, OverrideData.None with { DisputeHold = true }, ct);
        }

        (await Run(database, "close-of-day", "--through", "2026-03-20")).ExitCode.ShouldBe(ExitCodes.Ok);
        var next = await Lines(database, cli, "2026-03-20", "csv");
        next.ShouldContain("O-21,D-CO2,reported,paid,2026-02-26,0,0.00,COP");
        next.ShouldContain("O-US,D-US1,reported,dispute_in_progress,,41,500.00,USD");
        next.ShouldContain("O-10,D-CO1,refused,notice_too_recent,2026-03-09,41,1000000.00,COP");
        var correction = await Lines(database, cli, "2026-03-20", "datacredito");
        BureauLayouts.DatacreditoDetail.Parse(correction.Single(l => l.StartsWith('D')))["novedad"].ShouldBe("01");
        var disputed = await Lines(database, cli, "2026-03-20", "metro2");
        BureauLayouts.Metro2Base.Parse(disputed[1])["compliance_condition_code"].ShouldBe("XB");
        await using (var db = database.Context())
        {
            var state = await db.BureauReportedAccounts.AsNoTracking().SingleAsync(a => a.ObligationId == paidLater, ct);
            (state.ClosedOn, state.ClosedReason, state.LastStatus).ShouldBe((new DateOnly(2026, 3, 20), "paid", "11"));
            (await db.AuditEntries.CountAsync(a => a.EntityType.Contains("BureauReportedAccount"), ct)).ShouldBeGreaterThan(0);
        }

        var back = await Run(database, "bureau", "report", "--date", "2026-03-19", "--format", "metro2");
        back.ExitCode.ShouldBe(ExitCodes.Rejected);
        back.Error.ShouldContain("report_date_before_last");
    }

    [Fact]
    public async Task A_notices_file_without_its_columns_is_refused_with_a_Spanish_error()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        var file = Path.Combine(cli.Folder, "n.csv");
        await File.WriteAllTextAsync(file, "obligation_id;sent_on\nX;2026-01-01\n", TestContext.Current.CancellationToken);
        var result = await cli.RunAsync("bureau", "notices", "import", file);
        result.ExitCode.ShouldBe(ExitCodes.Rejected);
        result.Error.ShouldContain("Falta la columna 'delivered_on'");
    }

    [Fact]
    public async Task Help_names_the_report_options_and_formats()
    {
        var result = await CliHarness.RunRawAsync("bureau", "report", "--help");
        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        foreach (var text in new[] { "--date", "--format", "csv|datacredito|metro2", "--out" })
        {
            result.Out.ShouldContain(text);
        }

        (await CliHarness.RunRawAsync("bureau", "notices", "--help")).Out.ShouldContain("import");
    }

    [Theory]
    [InlineData("bureau", "report", "--date", "2026-03-19", "--format", "pdf")]
    [InlineData("bureau", "report", "--format", "csv")]
    [InlineData("bureau", "report", "--date", "19/03/2026")]
    [InlineData("bureau", "notices", "import", "no-such-file.csv")]
    public async Task Malformed_arguments_exit_2(params string[] args)
    {
        var result = await CliHarness.RunRawAsync(args);
        result.ExitCode.ShouldBe(ExitCodes.Usage, result.Out + result.Error);
        result.Error.ShouldContain("error:");
    }

    private static void Validate(List<string> lines, FixedWidthLayout header, FixedWidthLayout detail, FixedWidthLayout trailer)
    {
        lines.Count.ShouldBeGreaterThanOrEqualTo(2);
        for (var i = 0; i < lines.Count; i++)
        {
            var layout = i == 0 ? header : i == lines.Count - 1 ? trailer : detail;
            layout.Validate(lines[i]).ShouldBeEmpty($"{layout.Name}, line {i + 1}");

            // Every field parses back at its documented position.
            var fields = layout.Parse(lines[i]);
            foreach (var field in layout.Fields)
            {
                lines[i].Substring(field.Position - 1, field.Length).TrimEnd().ShouldBe(fields[field.Name].TrimEnd());
            }
        }
    }

    /// <summary>Compares with the golden file; <c>CARTERA_UPDATE_GOLDEN=1</c> rewrites it instead.</summary>
    private static void Golden(string name, List<string> lines, [CallerFilePath] string source = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(source)!, "golden", name);
        var text = string.Join('\n', lines) + "\n";
        if (Environment.GetEnvironmentVariable("CARTERA_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, text);
        }

        File.ReadAllText(path).ReplaceLineEndings("\n").ShouldBe(text);
    }

    private static async Task<List<string>> Lines(TestDatabase database, CliHarness cli, string date, string format)
    {
        var file = Path.Combine(cli.Folder, $"buro-{date}.{format}");
        var result = await Run(database, "bureau", "report", "--date", date, "--format", format, "--out", file);
        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Out + result.Error);
        return [.. await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken)];
    }

    private static Task<CliResult> Run(TestDatabase database, params string[] args) =>
        CliHarness.RunRawAsync(Today, [.. args, "--provider", database.Provider, "--connection", database.Options.ConnectionString!]);
}
