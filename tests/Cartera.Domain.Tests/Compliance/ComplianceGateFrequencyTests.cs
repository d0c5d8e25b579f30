using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using static Cartera.Domain.Tests.Compliance.ComplianceTestData;

namespace Cartera.Domain.Tests.Compliance;

/// <summary>Weekly channel rule at the Sunday→Monday boundary; US 7-in-7 and after-conversation edges.</summary>
public class ComplianceGateFrequencyTests
{
    private static PriorContact[] DailyCalls(string firstDay, int days, string time = "10:00:00-04:00", ContactOutcome outcome = ContactOutcome.Attempt)
    {
        var first = DateOnly.Parse(firstDay, System.Globalization.CultureInfo.InvariantCulture);
        return Enumerable.Range(0, days).Select(i => Prior(ConsentChannel.Calls, $"{first.AddDays(i):yyyy-MM-dd}T{time}", outcome)).ToArray();
    }

    [Fact]
    public void Weekly_channel_resets_on_Monday_after_a_Saturday_contact() =>
        Check(Bogota, ConsentChannel.Email, "2026-11-30T07:00:00-05:00", Prior(ConsentChannel.Sms, "2026-11-28T14:00:00-05:00")).Allowed.ShouldBeTrue();

    [Fact]
    public void Weekly_channel_still_applies_on_Sunday_of_the_same_week() =>
        Check(Bogota, ConsentChannel.Email, "2026-11-29T10:00:00-05:00", Prior(ConsentChannel.Sms, "2026-11-23T10:00:00-05:00")).Codes().ShouldBe(["sunday", "weekly_channel"]);

    [Fact]
    public void Weekly_channel_boundary_is_local_midnight_even_when_given_in_UTC()
    {
        // Sunday 2026-11-29 23:30 Bogotá is 2026-11-30T04:30Z (a Monday in UTC): still last week, so still Sunday and SMS week.
        var prior = Prior(ConsentChannel.Sms, "2026-11-28T14:00:00-05:00");
        Check(Bogota, ConsentChannel.Email, "2026-11-30T04:30:00Z", prior).Codes().ShouldBe(["sunday", "weekly_channel"]);
        Check(Bogota, ConsentChannel.Email, "2026-11-30T12:00:00Z", prior).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void The_first_channel_of_the_week_wins_whatever_the_order_of_the_history()
    {
        var prior = new[] { Prior(ConsentChannel.Email, "2026-11-25T10:00:00-05:00"), Prior(ConsentChannel.Sms, "2026-11-23T10:00:00-05:00") };
        Check(Bogota, ConsentChannel.Sms, "2026-11-26T10:00:00-05:00", prior).Allowed.ShouldBeTrue();
        Check(Bogota, ConsentChannel.Email, "2026-11-26T10:00:00-05:00", prior).Codes().ShouldBe(["weekly_channel"]);
    }

    [Fact]
    public void Blocked_attempts_and_attempts_after_the_instant_count_for_nothing()
    {
        var prior = new[]
        {
            Prior(ConsentChannel.Email, "2026-11-24T09:00:00-05:00", ContactOutcome.Blocked),
            Prior(ConsentChannel.Email, "2026-11-24T16:00:00-05:00"),
        };
        Check(Bogota, ConsentChannel.Sms, "2026-11-24T10:00:00-05:00", prior).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void US_seventh_call_attempt_in_seven_days_is_allowed() =>
        Check(NewYork, ConsentChannel.Calls, "2027-07-11T15:00:00-04:00", DailyCalls("2027-07-05", 6)).Allowed.ShouldBeTrue();

    [Fact]
    public void US_eighth_call_attempt_in_seven_days_is_blocked_and_on_day_eight_the_first_drops_out()
    {
        var prior = DailyCalls("2027-07-05", 7);
        Check(NewYork, ConsentChannel.Calls, "2027-07-11T20:59:59-04:00", prior).Codes().ShouldBe(["seven_in_seven"]);
        Check(NewYork, ConsentChannel.Calls, "2027-07-12T08:00:00-04:00", prior).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void US_seven_calls_on_one_day_block_calls_until_the_seventh_day_after()
    {
        var prior = Enumerable.Range(0, 7).Select(i => Prior(ConsentChannel.Calls, $"2027-07-05T{10 + i}:00:00-04:00")).ToArray();
        var decision = Check(NewYork, ConsentChannel.Calls, "2027-07-11T20:00:00-04:00", prior);
        decision.Codes().ShouldBe(["seven_in_seven"]);
        decision.NextAllowedAt.ShouldBe(At("2027-07-12T08:00:00-04:00"));
    }

    [Fact]
    public void US_seven_in_seven_counts_calls_only()
    {
        var sms = Enumerable.Range(0, 7).Select(i => Prior(ConsentChannel.Sms, $"2027-07-{5 + i:00}T10:00:00-04:00")).ToArray();
        Check(NewYork, ConsentChannel.Calls, "2027-07-11T15:00:00-04:00", sms).Allowed.ShouldBeTrue();
        Check(NewYork, ConsentChannel.Sms, "2027-07-11T15:00:00-04:00", DailyCalls("2027-07-05", 7)).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void US_seven_in_seven_uses_local_calendar_days()
    {
        // Seven calls on 2027-07-05 at 20:30 New York time (00:30Z on the 6th): day 1 is the 5th locally.
        var prior = Enumerable.Range(0, 7).Select(_ => Prior(ConsentChannel.Calls, "2027-07-06T00:30:00Z")).ToArray();
        Check(NewYork, ConsentChannel.Calls, "2027-07-12T08:00:00-04:00", prior).Allowed.ShouldBeTrue(); // day 8 locally
        Check(NewYork, ConsentChannel.Calls, "2027-07-11T20:00:00-04:00", prior).Codes().ShouldBe(["seven_in_seven"]);
    }

    [Fact]
    public void US_call_within_seven_days_after_a_conversation_is_blocked_the_conversation_day_being_day_1()
    {
        var talk = Prior(ConsentChannel.Calls, "2027-07-08T20:30:00-07:00", ContactOutcome.Conversation); // 2027-07-09T03:30Z
        var la = Debtor("US", "America/Los_Angeles");

        Check(la, ConsentChannel.Calls, "2027-07-08T20:45:00-07:00", talk).Codes().ShouldBe(["after_conversation"]); // day 1
        var lastDay = Check(la, ConsentChannel.Calls, "2027-07-14T20:30:00-07:00", talk); // day 7
        lastDay.Codes().ShouldBe(["after_conversation"]);
        lastDay.NextAllowedAt.ShouldBe(At("2027-07-15T08:00:00-07:00"));
        Check(la, ConsentChannel.Calls, "2027-07-15T08:00:00-07:00", talk).Allowed.ShouldBeTrue(); // day 8
        Check(la, ConsentChannel.Calls, "2027-07-15T07:59:59-07:00", talk).Codes().ShouldBe(["hours"]);
    }

    [Fact]
    public void US_after_conversation_applies_to_calls_after_telephone_conversations_only()
    {
        var la = Debtor("US", "America/Los_Angeles");
        Check(la, ConsentChannel.Sms, "2027-07-09T10:00:00-07:00", Prior(ConsentChannel.Calls, "2027-07-08T10:00:00-07:00", ContactOutcome.Conversation)).Allowed.ShouldBeTrue();
        Check(la, ConsentChannel.Calls, "2027-07-09T10:00:00-07:00", Prior(ConsentChannel.WhatsApp, "2027-07-08T10:00:00-07:00", ContactOutcome.Conversation)).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void US_conversations_count_as_call_attempts_too()
    {
        var prior = DailyCalls("2027-07-01", 7, outcome: ContactOutcome.Conversation);
        Check(NewYork, ConsentChannel.Calls, "2027-07-07T15:00:00-04:00", prior).Codes().ShouldBe(["seven_in_seven", "after_conversation"]);
    }

    [Fact]
    public void Colombia_counting_only_conversations_is_configurable()
    {
        var rules = DefaultRuleSets.Colombia with
        {
            Version = 2,
            DailyLimit = DefaultRuleSets.Colombia.DailyLimit! with { CountUnanswered = false },
            WeeklyChannel = DefaultRuleSets.Colombia.WeeklyChannel! with { CountUnanswered = false },
        };
        var gate = new ComplianceGate(new ComplianceRuleSetCatalog([rules]));
        var unanswered = Prior(ConsentChannel.Sms, "2026-11-24T09:00:00-05:00");
        var decision = gate.Check(Request(Bogota, ConsentChannel.Email, "2026-11-24T10:00:00-05:00", unanswered));
        decision.Allowed.ShouldBeTrue();
        decision.RuleSetVersion.ShouldBe("co-ley-2300@2");
        gate.Check(Request(Bogota, ConsentChannel.Email, "2026-11-24T10:00:00-05:00", Prior(ConsentChannel.Sms, "2026-11-24T09:00:00-05:00", ContactOutcome.Conversation)))
            .Codes().ShouldBe(["daily_limit", "weekly_channel"]);
    }
}
