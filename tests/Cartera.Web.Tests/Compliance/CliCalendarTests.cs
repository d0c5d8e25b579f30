using Cartera.Cli;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Compliance;

public sealed class CliCalendarTests
{
    [Fact]
    public async Task Calendar_holidays_for_Colombia_2026_prints_the_18_dates_of_the_rules()
    {
        var result = await CliHarness.RunRawAsync("calendar", "holidays", "--country", "CO", "--year", "2026");

        result.ExitCode.ShouldBe(ExitCodes.Ok, result.Error);
        var dates = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')[0]).ToArray();
        dates.ShouldBe([
            "2026-01-01", "2026-01-12", "2026-03-23", "2026-04-02", "2026-04-03", "2026-05-01", "2026-05-18", "2026-06-08", "2026-06-15",
            "2026-06-29", "2026-07-20", "2026-08-07", "2026-08-17", "2026-10-12", "2026-11-02", "2026-11-16", "2026-12-08", "2026-12-25",
        ]);
    }

    [Fact]
    public async Task Calendar_holidays_names_in_English_on_request_and_refuses_an_unknown_country()
    {
        var english = await CliHarness.RunRawAsync("calendar", "holidays", "--country", "US", "--year", "2027", "--language", "en");
        var unknown = await CliHarness.RunRawAsync("calendar", "holidays", "--country", "XX", "--year", "2027");

        english.ExitCode.ShouldBe(ExitCodes.Ok, english.Error);
        english.Out.ShouldContain("2027-07-05\t"); // Independence Day falls on a Sunday: observed on Monday
        unknown.ExitCode.ShouldBe(ExitCodes.Usage);
    }
}
