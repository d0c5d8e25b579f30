using Cartera.Domain.Common;

namespace Cartera.Domain.Compliance;

/// <summary>
/// Where a rule comes from: the norm and article (<see cref="Citation"/>), whether the value is our best reading that a
/// lender must confirm before production (<see cref="Verify"/>, shown as <b>[verify]</b>), and an optional note on the
/// reading adopted.
/// </summary>
public sealed record RuleSource(string Citation, bool Verify = false, string? Note = null)
{
    public override string ToString() => Verify ? $"{Citation} [verify]" : Citation;
}

/// <summary>One rule of a <see cref="ComplianceRuleSet"/>, always with its source.</summary>
public abstract record ComplianceRule(RuleSource Source);

/// <summary>Allowed local contact windows per weekday (half-open, to the second).</summary>
public sealed record ContactHoursRule(WeeklyWindows Windows, RuleSource Source) : ComplianceRule(Source);

/// <summary>No contact on Sundays (reason <c>sunday</c>).</summary>
public sealed record SundayBanRule(RuleSource Source) : ComplianceRule(Source);

/// <summary>No contact on the public holidays of <see cref="CalendarCountry"/>'s computed calendar (reason <c>holiday</c>).</summary>
public sealed record HolidayBanRule(string CalendarCountry, RuleSource Source) : ComplianceRule(Source);

/// <summary>
/// At most <see cref="MaxContacts"/> contacts per local calendar day, all channels together (reason <c>daily_limit</c>).
/// With <see cref="CountUnanswered"/> every attempt counts, answered or not; otherwise only conversations.
/// </summary>
public sealed record DailyLimitRule(int MaxContacts, bool CountUnanswered, RuleSource Source) : ComplianceRule(Source);

/// <summary>
/// One channel per local calendar week, Monday–Sunday: the first channel used in the week is the only one allowed for the
/// rest of it (reason <c>weekly_channel</c>). <see cref="CountUnanswered"/> as in <see cref="DailyLimitRule"/>.
/// </summary>
public sealed record WeeklyChannelRule(bool CountUnanswered, RuleSource Source) : ComplianceRule(Source);

/// <summary>
/// At most <see cref="MaxAttempts"/> attempts on <see cref="Channels"/> within <see cref="Days"/> local calendar days
/// (the day of the new attempt and the <c>Days − 1</c> before it); a further attempt on those channels is blocked
/// (reason <c>seven_in_seven</c>). Every attempt counts, answered or not.
/// </summary>
public sealed record RollingAttemptLimitRule(int MaxAttempts, int Days, ChannelSet Channels, RuleSource Source) : ComplianceRule(Source);

/// <summary>
/// No attempt on <see cref="Channels"/> within <see cref="Days"/> local calendar days after a conversation on those
/// channels, the conversation's day being day 1 (reason <c>after_conversation</c>).
/// </summary>
public sealed record QuietAfterConversationRule(int Days, ChannelSet Channels, RuleSource Source) : ComplianceRule(Source);

/// <summary>Channels that need the debtor's consent (reason <c>unauthorized_channel</c> without it).</summary>
public sealed record ConsentRule(ChannelSet ChannelsRequiringConsent, RuleSource Source) : ComplianceRule(Source);

/// <summary>No contact of third parties such as personal references (reason <c>third_party</c>).</summary>
public sealed record ThirdPartyBanRule(RuleSource Source) : ComplianceRule(Source);

/// <summary>
/// The contact rules of one jurisdiction, valid on local dates [<see cref="ValidFrom"/>, <see cref="ValidTo"/>]
/// (both inclusive; no end when null). Immutable data: an administrator edits a rule set by saving a new
/// <see cref="Version"/> (with <c>with</c>). A null rule does not apply in that jurisdiction.
/// </summary>
public sealed record ComplianceRuleSet
{
    public required string Id { get; init; }

    public required int Version { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country.</summary>
    public required string Jurisdiction { get; init; }

    public required DateOnly ValidFrom { get; init; }

    public DateOnly? ValidTo { get; init; }

    public required ContactHoursRule Hours { get; init; }

    public SundayBanRule? Sundays { get; init; }

    public HolidayBanRule? Holidays { get; init; }

    public DailyLimitRule? DailyLimit { get; init; }

    public WeeklyChannelRule? WeeklyChannel { get; init; }

    public RollingAttemptLimitRule? RollingLimit { get; init; }

    public QuietAfterConversationRule? AfterConversation { get; init; }

    public ConsentRule? Consent { get; init; }

    public ThirdPartyBanRule? ThirdPartyBan { get; init; }

    /// <summary><c>Id@Version</c>, recorded with every decision.</summary>
    public string VersionLabel => $"{Id}@{Version}";

    public bool AppliesOn(DateOnly localDate) => localDate >= ValidFrom && (ValidTo is null || localDate <= ValidTo);

    /// <summary>All rules that apply, for display and audit.</summary>
    public IEnumerable<ComplianceRule> Rules()
    {
        ComplianceRule?[] all = [Hours, Sundays, Holidays, DailyLimit, WeeklyChannel, RollingLimit, AfterConversation, Consent, ThirdPartyBan];
        return all.OfType<ComplianceRule>();
    }

    /// <summary>Checks the data an administrator may have edited.</summary>
    /// <exception cref="DomainException"><c>invalid_rule_set</c> with the offending field.</exception>
    public ComplianceRuleSet Validate()
    {
        Fail(string.IsNullOrWhiteSpace(Id), "id", "A rule set needs an id.");
        Fail(Version < 1, "version", "Versions start at 1.");
        Fail(string.IsNullOrWhiteSpace(Jurisdiction) || Jurisdiction.Length != 2, "jurisdiction", "The jurisdiction is an ISO 3166-1 alpha-2 code.");
        Fail(ValidTo is not null && ValidTo < ValidFrom, "valid_to", "valid_to is before valid_from.");
        Fail(Hours is null || !Hours.Windows.HasAny, "hours", "At least one contact window is needed.");
        Fail(DailyLimit is not null && DailyLimit.MaxContacts < 1, "daily_limit", "The daily maximum must be at least 1.");
        Fail(RollingLimit is not null && (RollingLimit.MaxAttempts < 1 || RollingLimit.Days is < 1 or > 366 || RollingLimit.Channels.IsEmpty), "rolling_limit", "The rolling limit needs attempts ≥ 1, 1–366 days and channels.");
        Fail(AfterConversation is not null && (AfterConversation.Days is < 1 or > 366 || AfterConversation.Channels.IsEmpty), "after_conversation", "The quiet period needs 1–366 days and channels.");
        Fail(Consent is not null && Consent.ChannelsRequiringConsent.IsEmpty, "consent", "The consent rule needs the channels that require consent (remove the rule where none does).");
        if (Holidays is not null)
        {
            _ = Calendars.HolidayCalendars.For(Holidays.CalendarCountry);
        }

        foreach (var rule in Rules())
        {
            Fail(rule.Source is null || string.IsNullOrWhiteSpace(rule.Source.Citation), "source", $"{rule.GetType().Name} needs a source.");
        }

        return this;
    }

    private static void Fail(bool condition, string field, string message)
    {
        if (condition)
        {
            throw new DomainException("invalid_rule_set", message, field);
        }
    }
}
