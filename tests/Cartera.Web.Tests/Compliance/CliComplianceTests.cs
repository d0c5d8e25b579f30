using Cartera.Cli;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Compliance;

public sealed class CliComplianceTests
{
    [Fact]
    public async Task Compliance_check_at_19_00_in_Bogota_is_blocked_for_hours_and_names_the_next_allowed_instant()
    {
        var result = await CliHarness.RunRawAsync("compliance", "check", "--jurisdiction", "CO", "--time-zone", "America/Bogota", "--channel", "call", "--authorized", "calls", "--at", "2027-03-23T19:00:00-05:00");

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        result.Out.ShouldContain("blocked");
        result.Out.ShouldContain("reasons: hours");
        result.Out.ShouldContain("next_allowed_at: 2027-03-24T07:00:00-05:00");
    }

    [Fact]
    public async Task Compliance_check_file_writes_one_result_per_attempt_with_reasons_and_next_allowed_instant()
    {
        using var cli = new CliHarness();
        var input = Path.Combine(cli.Folder, "attempts.csv");
        var output = Path.Combine(cli.Folder, "results.csv");
        File.WriteAllLines(input,
        [
            "case_id,jurisdiction,time_zone,channel,attempt_at,prior,authorized_channels",
            "c1,CO,America/Bogota,call,2026-06-29T10:00:00-05:00,,calls",
            "c2,MX,America/Mexico_City,call,2027-03-23T21:30:00-06:00,,calls",
            "c3,MX,America/Mexico_City,call,2027-03-23T22:00:00-06:00,,calls",
            "c4,CO,America/Bogota,email,2027-03-24T10:00:00-05:00,sms@2027-03-22T10:00:00-05:00@attempt,sms;email",
        ]);

        var result = await CliHarness.RunRawAsync("compliance", "check-file", input, "--out", output);

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        File.ReadAllLines(output).ShouldBe(
        [
            "case_id,outcome,reasons,next_allowed_at",
            "c1,blocked,holiday,2026-06-30T07:00:00-05:00",
            "c2,allowed,,2027-03-23T21:30:00-06:00",
            "c3,blocked,hours,2027-03-24T07:00:00-06:00",
            "c4,blocked,weekly_channel,2027-03-29T07:00:00-05:00",
        ]);
    }

    [Fact]
    public async Task Check_file_fails_closed_on_missing_consent_time_zone_and_rule_set()
    {
        using var cli = new CliHarness();
        var input = Path.Combine(cli.Folder, "attempts.csv");
        var output = Path.Combine(cli.Folder, "results.csv");
        File.WriteAllLines(input,
        [
            "case_id,jurisdiction,time_zone,channel,attempt_at,prior,authorized_channels",
            "no-consent,CO,America/Bogota,sms,2027-03-23T10:00:00-05:00,,",
            "mx-no-zone,MX,,call,2027-03-23T10:00:00-06:00,,calls",
            "us-no-zone,US,,call,2027-03-23T10:00:00-05:00,,",
            "bad-zone,CO,Mars/Olympus,call,2027-03-23T10:00:00-05:00,,calls",
            "no-rules,PE,America/Lima,call,2027-03-23T10:00:00-05:00,,calls",
            "co-no-zone,CO,,call,2027-03-23T10:00:00-05:00,,calls",
            "us-email,US,America/Chicago,email,2027-03-23T10:00:00-05:00,,",
        ]);

        var result = await CliHarness.RunRawAsync("compliance", "check-file", input, "--out", output);

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        File.ReadAllLines(output).ShouldBe(
        [
            "case_id,outcome,reasons,next_allowed_at",
            "no-consent,blocked,unauthorized_channel,",
            "mx-no-zone,blocked,unknown_time_zone,",
            "us-no-zone,blocked,unknown_time_zone,",
            "bad-zone,blocked,unknown_time_zone,",
            "no-rules,blocked,no_rule_set,",
            "co-no-zone,allowed,,2027-03-23T10:00:00-05:00",
            "us-email,allowed,,2027-03-23T10:00:00-05:00",
        ]);
    }

    [Fact]
    public async Task Check_without_authorized_channels_authorizes_none()
    {
        var result = await CliHarness.RunRawAsync("compliance", "check", "--jurisdiction", "CO", "--channel", "sms", "--at", "2027-03-23T10:00:00-05:00");

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        result.Out.ShouldContain("blocked");
        result.Out.ShouldContain("reasons: unauthorized_channel");
    }

    [Fact]
    public async Task A_row_that_cannot_be_read_is_reported_with_its_row_and_no_result_is_written()
    {
        using var cli = new CliHarness();
        var input = Path.Combine(cli.Folder, "attempts.csv");
        var output = Path.Combine(cli.Folder, "results.csv");
        File.WriteAllLines(input,
        [
            "case_id,jurisdiction,time_zone,channel,attempt_at,prior,authorized_channels",
            "c1,CO,America/Bogota,call,2027-03-23T10:00:00-05:00,,calls",
            "c2,CO,America/Bogota,call,not-a-date,,calls",
        ]);

        var result = await CliHarness.RunRawAsync("compliance", "check-file", input, "--out", output);

        result.ExitCode.ShouldBe(ExitCodes.Rejected);
        result.Error.ShouldContain("row 3, column attempt_at");
        File.Exists(output).ShouldBeFalse();
    }
}

public sealed class CliComplianceDebtorTests
{
    [Fact]
    public async Task Check_with_a_stored_debtor_uses_their_consents_and_history_and_the_report_counts_what_was_recorded()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);
        await using (var db = cli.Context())
        {
            var debtor = Cartera.Domain.Portfolio.Debtor.Create(
                new Cartera.Domain.Portfolio.DebtorData("D-77", Cartera.Domain.Portfolio.PartyKind.Person, Cartera.Domain.Portfolio.IdentityDocument.Parse(Cartera.Domain.Portfolio.IdType.CC, "1020304050"), "Ana María Pérez", null, "CO", null, "Bogotá", null, null, "es", null),
                CliHarness.Now);
            debtor.RecordConsent(Cartera.Domain.Portfolio.ConsentChannel.Sms, Cartera.Domain.Portfolio.ConsentPurpose.Collection, true, "test", "signed_form", null, CliHarness.Now);
            db.Debtors.Add(debtor);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var preview = await cli.RunAsync("compliance", "check", "--debtor", "D-77", "--channel", "sms", "--at", "2027-03-23T10:00:00-05:00");
        var first = await cli.RunAsync("compliance", "check", "--debtor", "D-77", "--channel", "sms", "--at", "2027-03-23T10:00:00-05:00", "--record");
        var second = await cli.RunAsync("compliance", "check", "--debtor", "D-77", "--channel", "sms", "--at", "2027-03-23T11:00:00-05:00", "--record");
        var email = await cli.RunAsync("compliance", "check", "--debtor", "D-77", "--channel", "email", "--at", "2027-03-24T10:00:00-05:00");

        preview.ExitCode.ShouldBe(ExitCodes.Ok, preview.Error);
        preview.Out.ShouldNotContain("recorded");
        first.Out.ShouldStartWith("allowed");
        first.Out.ShouldContain("rule_set: co-ley-2300@1");
        first.Out.ShouldContain("recorded: attempt 1");
        second.Out.ShouldStartWith("blocked");
        second.Out.ShouldContain("reasons: daily_limit");
        second.Out.ShouldContain("next_allowed_at: 2027-03-24T07:00:00-05:00");
        email.Out.ShouldContain("reasons: weekly_channel;unauthorized_channel");

        var report = await cli.RunAsync("compliance", "report", "--from", "2027-03-01", "--to", "2027-03-31", "--format", "csv");
        report.ExitCode.ShouldBe(ExitCodes.Ok, report.Error);
        report.Out.ShouldContain("dimension,key,attempts,allowed,blocked");
        report.Out.ShouldContain("total,all,2,1,1");
        report.Out.ShouldContain("reason,daily_limit,1,0,1");
        report.Out.ShouldContain($"actor,system:cli:{Environment.UserName},2,1,1");
    }

    [Fact]
    public async Task Check_refuses_record_without_a_debtor_and_options_that_a_stored_debtor_replaces()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(ExitCodes.Ok);

        (await cli.RunAsync("compliance", "check", "--jurisdiction", "CO", "--channel", "sms", "--at", "2027-03-23T10:00:00-05:00", "--record")).ExitCode.ShouldBe(ExitCodes.Usage);
        (await cli.RunAsync("compliance", "check", "--debtor", "D-1", "--jurisdiction", "CO", "--channel", "sms", "--at", "2027-03-23T10:00:00-05:00")).ExitCode.ShouldBe(ExitCodes.Usage);
        (await cli.RunAsync("compliance", "check", "--channel", "sms", "--at", "2027-03-23T10:00:00-05:00")).ExitCode.ShouldBe(ExitCodes.Usage);
        var unknown = await cli.RunAsync("compliance", "check", "--debtor", "nobody", "--channel", "sms", "--at", "2027-03-23T10:00:00-05:00");
        unknown.ExitCode.ShouldBe(ExitCodes.Rejected);
        unknown.Error.ShouldContain("not_found");
    }
}
