using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using static Cartera.Domain.Tests.Compliance.ComplianceTestData;

namespace Cartera.Domain.Tests.Compliance;

/// <summary>RULES §7's test list, row by row, plus the window edges. 2026-11-24 is a Tuesday.</summary>
public class ComplianceGateRulesTests
{
    [Fact]
    public void Given_a_call_at_19_00_01_Bogota_on_a_Tuesday_Then_blocked_for_hours()
    {
        var decision = Check(Bogota, ConsentChannel.Calls, "2026-11-24T19:00:01-05:00");
        decision.Allowed.ShouldBeFalse();
        decision.Codes().ShouldBe(["hours"]);
        decision.NextAllowedAt.ShouldBe(At("2026-11-25T07:00:00-05:00"));
        decision.RuleSetVersion.ShouldBe("co-ley-2300@1");
    }

    [Fact]
    public void Given_a_call_on_2026_06_29_Then_blocked_for_holiday_not_hours()
    {
        var decision = Check(Bogota, ConsentChannel.Calls, "2026-06-29T10:00:00-05:00");
        decision.Codes().ShouldBe(["holiday"]);
        decision.NextAllowedAt.ShouldBe(At("2026-06-30T07:00:00-05:00"));
    }

    [Fact]
    public void Given_a_second_SMS_on_the_same_day_Then_blocked_for_daily_limit()
    {
        var decision = Check(Bogota, ConsentChannel.Sms, "2026-11-24T15:00:00-05:00", Prior(ConsentChannel.Sms, "2026-11-24T09:00:00-05:00"));
        decision.Codes().ShouldBe(["daily_limit"]);
        decision.NextAllowedAt.ShouldBe(At("2026-11-25T07:00:00-05:00"));
    }

    [Fact]
    public void Given_an_unanswered_attempt_earlier_that_day_Then_it_counts_for_the_daily_limit() =>
        Check(Bogota, ConsentChannel.Calls, "2026-11-24T15:00:00-05:00", Prior(ConsentChannel.Calls, "2026-11-24T07:05:00-05:00")).Codes().ShouldBe(["daily_limit"]);

    [Fact]
    public void Given_SMS_on_Monday_Then_email_on_Wednesday_of_the_same_week_is_blocked_for_weekly_channel()
    {
        var decision = Check(Bogota, ConsentChannel.Email, "2026-11-25T10:00:00-05:00", Prior(ConsentChannel.Sms, "2026-11-23T10:00:00-05:00"));
        decision.Codes().ShouldBe(["weekly_channel"]);
        decision.NextAllowedAt.ShouldBe(At("2026-11-30T07:00:00-05:00"));
    }

    [Fact]
    public void Given_SMS_on_Monday_Then_SMS_on_Wednesday_is_allowed() =>
        Check(Bogota, ConsentChannel.Sms, "2026-11-25T10:00:00-05:00", Prior(ConsentChannel.Sms, "2026-11-23T10:00:00-05:00")).Allowed.ShouldBeTrue();

    [Fact]
    public void Given_a_call_at_21_30_Mexico_City_Then_allowed() =>
        Check(MexicoCity, ConsentChannel.Calls, "2026-11-24T21:30:00-06:00").Allowed.ShouldBeTrue();

    [Fact]
    public void Given_a_call_at_22_00_Mexico_City_Then_blocked_for_hours()
    {
        var decision = Check(MexicoCity, ConsentChannel.Calls, "2026-11-24T22:00:00-06:00");
        decision.Codes().ShouldBe(["hours"]);
        decision.NextAllowedAt.ShouldBe(At("2026-11-25T07:00:00-06:00"));
        decision.RuleSetVersion.ShouldBe("mx-condusef@1");
    }

    [Fact]
    public void Given_Mexico_Then_Sundays_and_rest_days_are_not_banned_and_frequency_is_not_limited()
    {
        Check(MexicoCity, ConsentChannel.Calls, "2026-11-29T10:00:00-06:00").Allowed.ShouldBeTrue(); // Sunday
        Check(MexicoCity, ConsentChannel.Calls, "2026-11-16T10:00:00-06:00", Prior(ConsentChannel.Sms, "2026-11-16T09:00:00-06:00")).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void Given_seven_call_attempts_in_seven_days_in_the_US_Then_the_eighth_is_blocked()
    {
        var prior = Enumerable.Range(0, 7).Select(i => Prior(ConsentChannel.Calls, $"2027-07-{5 + i:00}T10:00:00-04:00")).ToArray();
        var decision = Check(NewYork, ConsentChannel.Calls, "2027-07-11T15:00:00-04:00", prior);
        decision.Codes().ShouldBe(["seven_in_seven"]);
        decision.NextAllowedAt.ShouldBe(At("2027-07-12T08:00:00-04:00"));
    }

    [Fact]
    public void Given_a_blocked_attempt_Then_it_is_recorded_with_its_reasons_and_never_reaches_a_channel()
    {
        var request = Request(Bogota, ConsentChannel.Calls, "2026-11-24T19:00:01-05:00");
        var decision = ComplianceGate.Default.Check(request);
        var record = ContactAttemptRecord.From(request, decision);

        record.Allowed.ShouldBeFalse();
        record.Reasons.ShouldBe([ComplianceReason.Hours]);
        record.Actor.ShouldBe(Collector);
        record.RuleSetVersion.ShouldBe("co-ley-2300@1");
        record.ToPrior().Outcome.ShouldBe(ContactOutcome.Blocked);
        Should.Throw<DomainException>(decision.ThrowIfBlocked).Code.ShouldBe("contact_blocked");
    }

    [Fact]
    public void Given_an_allowed_attempt_Then_it_is_recorded_as_allowed_and_may_proceed()
    {
        var request = Request(Bogota, ConsentChannel.Calls, "2026-11-24T10:00:00-05:00");
        var decision = ComplianceGate.Default.Check(request);
        var record = ContactAttemptRecord.From(request, decision);

        record.Allowed.ShouldBeTrue();
        record.Reasons.ShouldBeEmpty();
        record.NextAllowedAt.ShouldBeNull();
        Should.NotThrow(decision.ThrowIfBlocked);
    }

    [Theory]
    [InlineData("2026-11-24T06:59:59-05:00", false)]
    [InlineData("2026-11-24T07:00:00-05:00", true)]
    [InlineData("2026-11-24T18:59:59-05:00", true)]
    [InlineData("2026-11-24T19:00:00-05:00", false)]
    [InlineData("2026-11-28T07:59:59-05:00", false)]
    [InlineData("2026-11-28T08:00:00-05:00", true)]
    [InlineData("2026-11-28T14:59:59-05:00", true)]
    [InlineData("2026-11-28T15:00:00-05:00", false)]
    public void Bogota_windows_are_half_open_to_the_second(string at, bool allowed)
    {
        var decision = Check(Bogota, ConsentChannel.Calls, at);
        decision.Allowed.ShouldBe(allowed);
        if (!allowed)
        {
            decision.Codes().ShouldBe(["hours"]);
        }
    }

    [Fact]
    public void Given_Saturday_15_00_in_Bogota_Then_next_allowed_is_Monday_07_00_skipping_Sunday() =>
        Check(Bogota, ConsentChannel.Calls, "2026-11-28T15:00:00-05:00").NextAllowedAt.ShouldBe(At("2026-11-30T07:00:00-05:00"));

    [Theory]
    [InlineData("2027-07-14T07:59:59-04:00", false)]
    [InlineData("2027-07-14T08:00:00-04:00", true)]
    [InlineData("2027-07-14T20:59:59-04:00", true)]
    [InlineData("2027-07-14T21:00:00-04:00", false)]
    public void US_window_is_08_to_21_half_open(string at, bool allowed) =>
        Check(NewYork, ConsentChannel.Calls, at).Allowed.ShouldBe(allowed);

    [Fact]
    public void Given_a_Sunday_in_Bogota_Then_the_reason_is_sunday_not_hours()
    {
        var decision = Check(Bogota, ConsentChannel.Calls, "2026-11-29T10:00:00-05:00");
        decision.Codes().ShouldBe(["sunday"]);
        decision.NextAllowedAt.ShouldBe(At("2026-11-30T07:00:00-05:00"));
    }

    [Fact]
    public void Given_a_holiday_falling_on_a_Sunday_Then_both_day_rules_are_reasons() =>
        Check(Bogota, ConsentChannel.Calls, "2025-07-20T10:00:00-05:00").Codes().ShouldBe(["sunday", "holiday"]); // Independence Day on a Sunday

    [Fact]
    public void Given_several_broken_rules_Then_every_reason_is_returned()
    {
        var debtor = Bogota with { AuthorizedChannels = ChannelSet.Of(ConsentChannel.Sms) };
        var decision = Check(debtor, ConsentChannel.Email, "2026-11-25T19:30:00-05:00", Prior(ConsentChannel.Sms, "2026-11-25T08:00:00-05:00"));
        decision.Codes().ShouldBe(["hours", "daily_limit", "weekly_channel", "unauthorized_channel"]);
        decision.NextAllowedAt.ShouldBeNull();
    }

    [Fact]
    public void Given_Spain_Then_weekdays_09_to_21_and_national_holidays_and_Sundays_are_banned()
    {
        Check(Madrid, ConsentChannel.Calls, "2026-11-24T09:00:00+01:00").Allowed.ShouldBeTrue();
        Check(Madrid, ConsentChannel.Calls, "2026-11-24T21:00:00+01:00").Codes().ShouldBe(["hours"]);
        Check(Madrid, ConsentChannel.Calls, "2026-11-28T10:00:00+01:00").Codes().ShouldBe(["hours"]); // Saturday: no window
        Check(Madrid, ConsentChannel.Calls, "2026-11-29T10:00:00+01:00").Codes().ShouldBe(["sunday"]);
        Check(Madrid, ConsentChannel.Calls, "2026-12-08T10:00:00+01:00").Codes().ShouldBe(["holiday"]);
    }

    [Fact]
    public void Given_the_CLI_example_of_the_issue_Then_2027_03_22_is_a_Colombian_holiday() =>
        Check(Bogota, ConsentChannel.Calls, "2027-03-22T10:00:00-05:00").Codes().ShouldBe(["holiday"]);
}
