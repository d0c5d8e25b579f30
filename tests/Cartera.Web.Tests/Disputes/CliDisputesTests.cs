using Cartera.Application.Tests.Bureau;
using Cartera.Cli;
using Cartera.Domain.Bureau;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Disputes;

/// <summary>
/// Issue 15 item 4 through the CLI on both databases: an open dispute blocks a contact at the gate with
/// <c>dispute_hold</c>, the hold stays while another dispute of the debtor is open and goes when the last is rejected,
/// overdue answer deadlines are listed, and an upheld dispute with <c>bureau_correction</c> makes the next bureau file
/// delete the reported account (after marking it as disputed while open).
/// </summary>
public sealed class CliDisputesTests
{
    private static readonly DateTimeOffset Today = new(2026, 3, 25, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Due = new(2026, 2, 7);
    private const string TuesdayMorningBogota = "2026-03-24T10:00:00-05:00";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Disputes_hold_contacts_until_the_last_is_answered_and_an_upheld_bureau_correction_deletes_the_report(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        (await Run(database, "db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        await using (var db = database.Context())
        {
            var co = BureauPortfolio.NewDebtor("D-CO1", IdType.CC, "80000001", "José Pérez Muñoz", "CO");
            co.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, true, "test", "signed_form", "Formulario 12", BureauPortfolio.Created);
            await BureauPortfolio.LoanAsync(db, co, "O-CO", "COP", 1_000_000m, Due);
            await BureauPortfolio.LoanAsync(db, BureauPortfolio.NewDebtor("D-US1", IdType.SSN, "123456789", "Mary Ann Smith", "US", new DateOnly(1980, 5, 6), "TX", "Austin", "1 Main St"), "O-US", "USD", 500m, Due);
        }

        (await Check(database)).ShouldStartWith("allowed\n", customMessage: "allowed before any dispute");

        // Received Wednesday 18 March: 23 March and 2–3 April are Colombian holidays, so the 15th business day is 13 April.
        var opened = await Run(database, "disputes", "open", "--debtor", "D-CO1", "--obligation", "O-CO", "--reason", "wrong_amount", "--description", "El saldo no cuadra", "--received-on", "2026-03-18", "--evidence", "extracto.pdf", "--evidence", "correo 17/03");
        opened.ExitCode.ShouldBe(ExitCodes.Ok, opened.Out + opened.Error);
        opened.Out.ShouldContain("dispute 1: open, received_on 2026-03-18, answer_deadline 2026-04-13; dispute hold set");
        var blocked = await Check(database);
        blocked.ShouldContain("blocked");
        blocked.ShouldContain("reasons: dispute_hold");

        var older = await Run(database, "disputes", "open", "--debtor", "D-CO1", "--reason", "not_mine", "--description", "No reconozco el crédito", "--received-on", "2026-02-20");
        older.Out.ShouldContain("dispute 2: open, received_on 2026-02-20, answer_deadline 2026-03-13");
        (await Lines(database, "disputes", "list", "--overdue", "--format", "csv")).ShouldBe(
        [
            "id,debtor_id,obligation_id,reason,status,received_on,answer_deadline,overdue,action,resolved_on,resolved_by,evidence,description,resolution_note",
            "2,D-CO1,,not_mine,open,2026-02-20,2026-03-13,yes,,,,,No reconozco el crédito,",
        ]);

        var keep = await Run(database, "disputes", "resolve", "1", "--outcome", "rejected", "--note", "El saldo es correcto");
        keep.Out.ShouldContain("dispute 1: rejected on 2026-03-25; dispute hold kept: other disputes of the debtor are open");
        (await Check(database)).ShouldContain("reasons: dispute_hold");
        var again = await Run(database, "disputes", "resolve", "1", "--outcome", "rejected", "--note", "Otra vez");
        again.ExitCode.ShouldBe(ExitCodes.Rejected);
        again.Error.ShouldContain("not_open");
        (await Run(database, "disputes", "resolve", "2", "--outcome", "rejected", "--note", "x", "--action", "adjustment")).Error.ShouldContain("not_allowed");
        (await Run(database, "disputes", "resolve", "2", "--outcome", "rejected", "--note", "El crédito está firmado")).Out.ShouldContain("dispute hold cleared");
        var resumed = await Check(database);
        resumed.ShouldStartWith("allowed\n");
        resumed.ShouldNotContain("dispute_hold");
        (await Lines(database, "disputes", "list", "--status", "rejected", "--format", "csv")).Count.ShouldBe(3);
        (await Lines(database, "disputes", "list", "--status", "open", "--format", "csv")).Count.ShouldBe(1, "header only");

        // Bureau: reported, then disputed (marked XB while open), then upheld with bureau_correction (deleted, DA).
        (await Run(database, "close-of-day", "--through", "2026-03-19", "--from", "2026-03-19")).ExitCode.ShouldBe(ExitCodes.Ok);
        BureauLayouts.Metro2Base.Parse((await Metro2(database, "2026-03-19"))[1])["account_status"].ShouldBe("71");
        (await Run(database, "disputes", "open", "--debtor", "D-US1", "--obligation", "O-US", "--reason", "already_paid", "--description", "Paid on 5 Feb")).Out.ShouldContain("dispute 3: open");
        (await Run(database, "close-of-day", "--through", "2026-03-20")).ExitCode.ShouldBe(ExitCodes.Ok);
        BureauLayouts.Metro2Base.Parse((await Metro2(database, "2026-03-20"))[1])["compliance_condition_code"].ShouldBe("XB");
        var upheld = await Run(database, "disputes", "resolve", "3", "--outcome", "upheld", "--action", "bureau_correction", "--note", "Pago aplicado a otra cuenta");
        upheld.Out.ShouldContain("dispute 3: upheld (bureau_correction) on 2026-03-25; dispute hold cleared");
        (await Run(database, "close-of-day", "--through", "2026-03-25")).ExitCode.ShouldBe(ExitCodes.Ok);
        BureauLayouts.Metro2Base.Parse((await Metro2(database, "2026-03-25"))[1])["account_status"].ShouldBe("DA");

        await using (var db = database.Context())
        {
            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "Dispute").ToListAsync(ct);
            audit.Count(a => a.Action == "create").ShouldBe(3);
            audit.Count(a => a.Action == "update").ShouldBe(3);
        }
    }

    [Theory]
    [InlineData("disputes", "open", "--debtor", "D1", "--reason", "angry", "--description", "x")]
    [InlineData("disputes", "open", "--debtor", "D1", "--reason", "fraud")]
    [InlineData("disputes", "open", "--debtor", "D1", "--reason", "fraud", "--description", "x", "--received-on", "18/03/2026")]
    [InlineData("disputes", "list", "--status", "closed")]
    [InlineData("disputes", "resolve", "1", "--outcome", "maybe", "--note", "x")]
    [InlineData("disputes", "resolve", "1", "--outcome", "upheld", "--note", "x", "--action", "refund")]
    public async Task Malformed_arguments_exit_2(params string[] args)
    {
        var result = await CliHarness.RunRawAsync(args);
        result.ExitCode.ShouldBe(ExitCodes.Usage, result.Out + result.Error);
    }

    private static async Task<string> Check(TestDatabase database)
    {
        var result = await Run(database, "compliance", "check", "--debtor", "D-CO1", "--channel", "sms", "--at", TuesdayMorningBogota);
        return result.Out.ReplaceLineEndings("\n");
    }

    private static async Task<List<string>> Metro2(TestDatabase database, string date)
    {
        var result = await Run(database, "bureau", "report", "--date", date, "--format", "metro2");
        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Out + result.Error);
        return [.. result.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static async Task<List<string>> Lines(TestDatabase database, params string[] args)
    {
        var result = await Run(database, args);
        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Out + result.Error);
        return [.. result.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static Task<CliResult> Run(TestDatabase database, params string[] args) =>
        CliHarness.RunRawAsync(Today, [.. args, "--provider", database.Provider, "--connection", database.Options.ConnectionString!]);
}
