using Cartera.Cli;

namespace Cartera.Web.Tests.Cli;

public sealed class CliComplianceTests
{
    [Fact]
    public async Task Compliance_check_at_19_00_in_Bogota_is_blocked_for_hours_and_names_the_next_allowed_instant()
    {
        var result = await CliHarness.RunRawAsync("compliance", "check", "--jurisdiction", "CO", "--time-zone", "America/Bogota", "--channel", "call", "--at", "2027-03-23T19:00:00-05:00");

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
