namespace Cartera.Domain.Compliance;

/// <summary>
/// Why the gate blocked a contact attempt. Text codes (<see cref="ComplianceCodes.ToCode(ComplianceReason)"/>) are the
/// snake_case names: <c>hours</c>, <c>sunday</c>, <c>holiday</c>, <c>daily_limit</c>, <c>weekly_channel</c>,
/// <c>unauthorized_channel</c>, <c>seven_in_seven</c>, <c>after_conversation</c>, <c>do_not_contact</c>,
/// <c>dispute_hold</c>, <c>insolvency_hold</c>, <c>deceased</c>, <c>third_party</c>, <c>unknown_time_zone</c>,
/// <c>no_rule_set</c>, <c>unknown_channel</c>. Add members at the end only.
/// </summary>
public enum ComplianceReason
{
    /// <summary>Outside the contact windows of that local weekday (or the debtor's agreed hours).</summary>
    Hours,

    /// <summary>A Sunday where the jurisdiction bans Sundays.</summary>
    Sunday,

    /// <summary>A public holiday where the jurisdiction bans holidays.</summary>
    Holiday,

    /// <summary>The maximum number of contacts in the local calendar day is already reached.</summary>
    DailyLimit,

    /// <summary>Another channel was already used in the same local calendar week (Monday–Sunday).</summary>
    WeeklyChannel,

    /// <summary>The channel needs consent the debtor has not given, or the debtor opted out of it.</summary>
    UnauthorizedChannel,

    /// <summary>The rolling call limit (US: 7 call attempts within 7 local calendar days) is already reached.</summary>
    SevenInSeven,

    /// <summary>A call within the quiet period after a telephone conversation (US: 7 days, the conversation's day is day 1).</summary>
    AfterConversation,

    /// <summary>The debtor must not be contacted at all.</summary>
    DoNotContact,

    /// <summary>The debt is disputed; collection is on hold until the dispute is resolved.</summary>
    DisputeHold,

    /// <summary>The debtor is in insolvency proceedings; collection stops.</summary>
    InsolvencyHold,

    /// <summary>The debtor is deceased; no collection contact.</summary>
    Deceased,

    /// <summary>The contact targets a third party (a personal reference) where the jurisdiction bans it.</summary>
    ThirdParty,

    /// <summary>The debtor's time zone is missing or not a known IANA zone: local time, and so every rule, is unknown.</summary>
    UnknownTimeZone,

    /// <summary>No rule set covers the debtor's jurisdiction on that local date (or the jurisdiction is missing).</summary>
    NoRuleSet,

    /// <summary>The channel is not one Cartera knows, so no consent or rule can be checked for it.</summary>
    UnknownChannel,
}
