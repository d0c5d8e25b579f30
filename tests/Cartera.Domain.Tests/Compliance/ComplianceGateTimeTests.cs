using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using static Cartera.Domain.Tests.Compliance.ComplianceTestData;

namespace Cartera.Domain.Tests.Compliance;

/// <summary>Local time by IANA zone: daylight-saving changes and instants given in UTC that cross local midnight.</summary>
public class ComplianceGateTimeTests
{
    private static DebtorComplianceProfile Tijuana => Debtor("MX", "America/Tijuana");

    private static DebtorComplianceProfile LosAngeles => Debtor("US", "America/Los_Angeles");

    [Theory]
    [InlineData("2027-03-13T12:30:00Z", false)] // 07:30 EST, the day before spring-forward
    [InlineData("2027-03-14T12:30:00Z", true)] // 08:30 EDT
    [InlineData("2027-03-14T11:59:59Z", false)] // 07:59:59 EDT
    [InlineData("2027-03-14T12:00:00Z", true)] // 08:00:00 EDT
    public void New_York_spring_forward_moves_the_window_in_UTC(string utc, bool allowed) =>
        Check(NewYork, ConsentChannel.Calls, utc).Allowed.ShouldBe(allowed);

    [Theory]
    [InlineData("2027-11-07T12:59:59Z", false)] // 07:59:59 EST, fall-back day
    [InlineData("2027-11-07T13:00:00Z", true)] // 08:00 EST
    [InlineData("2027-11-08T01:59:59Z", true)] // 2027-11-07 20:59:59 EST
    [InlineData("2027-11-08T02:00:00Z", false)] // 21:00 EST
    [InlineData("2027-11-06T12:00:00Z", true)] // 08:00 EDT the day before
    public void New_York_fall_back_moves_the_window_in_UTC(string utc, bool allowed) =>
        Check(NewYork, ConsentChannel.Calls, utc).Allowed.ShouldBe(allowed);

    [Fact]
    public void Next_allowed_across_spring_forward_is_08_00_EDT() =>
        Check(NewYork, ConsentChannel.Calls, "2027-03-14T01:30:00-05:00").NextAllowedAt.ShouldBe(At("2027-03-14T12:00:00Z"));

    [Fact]
    public void Next_allowed_across_fall_back_is_08_00_EST() =>
        Check(NewYork, ConsentChannel.Calls, "2027-11-06T22:00:00-04:00").NextAllowedAt.ShouldBe(At("2027-11-07T13:00:00Z"));

    [Fact]
    public void A_window_opening_inside_the_spring_forward_gap_opens_at_the_first_valid_instant()
    {
        var debtor = NewYork with
        {
            AgreedHours = new("doc-2027-001", WeeklyWindows.EveryDay(new TimeWindow(TimeSpan.FromHours(2.5), TimeSpan.FromHours(4)))),
        };
        var decision = Check(debtor, ConsentChannel.Calls, "2027-03-14T01:00:00-05:00");
        decision.Codes().ShouldBe(["hours"]);
        decision.NextAllowedAt.ShouldBe(At("2027-03-14T07:00:00Z")); // 02:30 does not exist: 03:00 EDT
        Check(debtor, ConsentChannel.Calls, "2027-03-14T07:00:00Z").Allowed.ShouldBeTrue();
    }

    [Fact]
    public void A_window_opening_inside_the_repeated_fall_back_hour_is_reached_on_its_second_occurrence()
    {
        // Agreed [01:30, 01:45). At 01:10 EST (the second 01:10 of 2027-11-07) the next opening is 01:30 EST, 20 minutes later.
        var debtor = NewYork with
        {
            AgreedHours = new("doc-2027-002", WeeklyWindows.EveryDay(new TimeWindow(TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(105)))),
        };
        var decision = Check(debtor, ConsentChannel.Calls, "2027-11-07T06:10:00Z");
        decision.Codes().ShouldBe(["hours"]);
        decision.NextAllowedAt.ShouldBe(At("2027-11-07T06:30:00Z"));
    }

    [Fact]
    public void Split_windows_lead_to_the_next_opening_the_same_day()
    {
        var debtor = Bogota with
        {
            AgreedHours = new("acuerdo-7", WeeklyWindows.Empty.With([DayOfWeek.Tuesday], TimeWindow.Hours(8, 10), TimeWindow.Hours(14, 16))),
        };
        Check(debtor, ConsentChannel.Calls, "2026-11-24T12:00:00-05:00").NextAllowedAt.ShouldBe(At("2026-11-24T14:00:00-05:00"));
        Check(debtor, ConsentChannel.Calls, "2026-11-24T16:00:00-05:00").NextAllowedAt.ShouldBe(At("2026-12-01T08:00:00-05:00"));
    }

    [Fact]
    public void Tijuana_next_allowed_across_spring_forward_is_07_00_PDT() =>
        Check(Tijuana, ConsentChannel.Calls, "2027-03-13T22:30:00-08:00").NextAllowedAt.ShouldBe(At("2027-03-14T14:00:00Z"));

    [Theory]
    [InlineData("2027-03-13T14:30:00Z", false)] // 06:30 PST
    [InlineData("2027-03-14T14:30:00Z", true)] // 07:30 PDT: Tijuana follows US daylight saving
    [InlineData("2027-07-15T14:30:00Z", true)] // 07:30 PDT
    [InlineData("2027-11-07T14:30:00Z", false)] // 06:30 PST after fall-back
    public void Tijuana_follows_US_daylight_saving(string utc, bool allowed) =>
        Check(Tijuana, ConsentChannel.Calls, utc).Allowed.ShouldBe(allowed);

    [Theory]
    [InlineData("2027-01-15T12:30:00Z")]
    [InlineData("2027-04-15T12:30:00Z")]
    [InlineData("2027-07-15T12:30:00Z")]
    public void Mexico_City_has_no_summer_time_since_2022(string utc)
    {
        // 12:30Z is 06:30 all year round (UTC-6); with the old summer time it would have been 07:30 from April to October.
        var decision = Check(MexicoCity, ConsentChannel.Calls, utc);
        decision.Codes().ShouldBe(["hours"]);
        decision.NextAllowedAt.ShouldBe(At(utc).AddMinutes(30));
    }

    [Fact]
    public void The_offset_the_input_carried_does_not_matter()
    {
        // The same instant written three ways: 10:00 in Bogotá.
        foreach (var at in new[] { "2026-11-24T10:00:00-05:00", "2026-11-24T15:00:00Z", "2026-11-24T16:00:00+01:00" })
        {
            Check(Bogota, ConsentChannel.Calls, at).Allowed.ShouldBeTrue();
        }

        Check(Bogota, ConsentChannel.Calls, "2026-11-25T00:30:00Z").Codes().ShouldBe(["hours"]); // Tue 19:30 in Bogotá
    }

    [Fact]
    public void A_UTC_instant_past_midnight_is_still_the_previous_local_day_for_the_daily_limit()
    {
        // Both on Tuesday 2026-11-24 in Bogotá, on different UTC days.
        var decision = Check(Bogota, ConsentChannel.Sms, "2026-11-24T23:30:00Z", Prior(ConsentChannel.Sms, "2026-11-24T12:30:00Z"));
        decision.Codes().ShouldBe(["daily_limit"]);
    }

    [Fact]
    public void A_UTC_instant_on_the_same_UTC_day_can_be_the_next_local_day()
    {
        // Prior: Friday 2026-11-27 18:30 Bogotá (23:30Z). Attempt: Saturday 08:00 Bogotá (13:00Z on the 28th).
        Check(Bogota, ConsentChannel.Sms, "2026-11-28T13:00:00Z", Prior(ConsentChannel.Sms, "2026-11-27T23:30:00Z")).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void A_UTC_instant_on_the_next_UTC_day_is_Thursday_evening_in_Los_Angeles() =>
        Check(LosAngeles, ConsentChannel.Calls, "2027-07-16T03:30:00Z").Allowed.ShouldBeTrue(); // 2027-07-15 20:30 PDT

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("")]
    [InlineData("   ")]
    public void An_unknown_or_missing_time_zone_blocks_with_unknown_time_zone(string zone)
    {
        var decision = Check(Debtor("CO", zone), ConsentChannel.Calls, "2026-11-24T10:00:00-05:00");

        decision.Allowed.ShouldBeFalse();
        decision.Codes().ShouldBe(["unknown_time_zone"]);
        decision.NextAllowedAt.ShouldBeNull();
        ComplianceGate.Default.IsAllowed(Request(Debtor("CO", zone), ConsentChannel.Calls, "2026-11-24T10:00:00-05:00")).ShouldBeFalse();
    }

    [Fact]
    public void Local_clock_maps_gap_and_overlap_times_consistently()
    {
        var zone = LocalClock.Zone("America/New_York");
        LocalClock.ToInstant(new DateTime(2027, 3, 14, 2, 30, 0), zone).ShouldBe(At("2027-03-14T07:00:00Z")); // gap → first valid instant
        LocalClock.ToInstant(new DateTime(2027, 11, 7, 1, 30, 0), zone).ShouldBe(At("2027-11-07T05:30:00Z")); // overlap → first occurrence (EDT)
        LocalClock.ToLocal(At("2027-11-07T06:30:00Z"), zone).ShouldBe(new DateTime(2027, 11, 7, 1, 30, 0)); // second occurrence (EST)
    }
}
