using System.Text.Json;
using System.Text.Json.Serialization;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;

namespace Cartera.Application.Compliance;

/// <summary>Where a rule comes from: the norm and article, the <b>[verify]</b> flag and an optional note on the reading.</summary>
public sealed record RuleSourceData(string Citation, bool Verify = false, string? Note = null);

/// <summary>Contact windows in <see cref="WindowsText"/> form (<c>mon-fri 07:00-19:00; sat 08:00-15:00</c>).</summary>
public sealed record HoursData(string Windows, RuleSourceData Source);

/// <summary>A rule that has only its source (the Sunday ban, the third-party ban).</summary>
public sealed record SourcedRuleData(RuleSourceData Source);

public sealed record HolidaysData(string Calendar, RuleSourceData Source);

/// <summary><c>count_unanswered</c> left out counts every attempt (fail closed: the stricter reading).</summary>
public sealed record DailyLimitData(int MaxContacts, bool CountUnanswered = true, RuleSourceData? Source = null);

/// <summary><c>count_unanswered</c> left out counts every attempt (fail closed: the stricter reading).</summary>
public sealed record WeeklyChannelData(bool CountUnanswered = true, RuleSourceData? Source = null);

/// <summary>Channels as <c>;</c>-separated codes (<c>calls</c>).</summary>
public sealed record RollingLimitData(int MaxAttempts, int Days, string Channels, RuleSourceData Source);

public sealed record AfterConversationData(int Days, string Channels, RuleSourceData Source);

public sealed record ConsentData(string Channels, RuleSourceData Source);

/// <summary>
/// The rules of one rule-set version as editable data: what is stored (as JSON, snake_case) in
/// <c>compliance_rule_sets.rules</c>, what the API exchanges and what the admin page edits. A missing (null) rule does
/// not apply in that jurisdiction. Every rule carries its source and its [verify] flag.
/// </summary>
public sealed record RulesData
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public HoursData? Hours { get; init; }

    public SourcedRuleData? Sundays { get; init; }

    public HolidaysData? Holidays { get; init; }

    public DailyLimitData? DailyLimit { get; init; }

    public WeeklyChannelData? WeeklyChannel { get; init; }

    public RollingLimitData? RollingLimit { get; init; }

    public AfterConversationData? AfterConversation { get; init; }

    public ConsentData? Consent { get; init; }

    public SourcedRuleData? ThirdPartyBan { get; init; }

    public static RulesData From(ComplianceRuleSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new RulesData
        {
            Hours = new(WindowsText.Format(set.Hours.Windows), Source(set.Hours.Source)),
            Sundays = set.Sundays is { } s ? new(Source(s.Source)) : null,
            Holidays = set.Holidays is { } h ? new(h.CalendarCountry, Source(h.Source)) : null,
            DailyLimit = set.DailyLimit is { } d ? new(d.MaxContacts, d.CountUnanswered, Source(d.Source)) : null,
            WeeklyChannel = set.WeeklyChannel is { } w ? new(w.CountUnanswered, Source(w.Source)) : null,
            RollingLimit = set.RollingLimit is { } r ? new(r.MaxAttempts, r.Days, r.Channels.ToString(), Source(r.Source)) : null,
            AfterConversation = set.AfterConversation is { } q ? new(q.Days, q.Channels.ToString(), Source(q.Source)) : null,
            Consent = set.Consent is { } c ? new(c.ChannelsRequiringConsent.ToString(), Source(c.Source)) : null,
            ThirdPartyBan = set.ThirdPartyBan is { } t ? new(Source(t.Source)) : null,
        };
    }

    public static RulesData FromJson(string json) =>
        JsonSerializer.Deserialize<RulesData>(json, Json) ?? throw new DomainException("invalid_rule_set", "The stored rules are empty.", "rules");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The domain rule set, validated.</summary>
    /// <exception cref="DomainException"><c>invalid_rule_set</c>, <c>invalid_window</c> or <c>invalid_code</c> with the field.</exception>
    public ComplianceRuleSet ToRuleSet(string id, int version, string jurisdiction, DateOnly validFrom, DateOnly? validTo)
    {
        if (Hours is null)
        {
            throw new DomainException("invalid_rule_set", "The hours rule is required.", "hours");
        }

        return new ComplianceRuleSet
        {
            Id = id,
            Version = version,
            Jurisdiction = (jurisdiction ?? string.Empty).Trim().ToUpperInvariant(),
            ValidFrom = validFrom,
            ValidTo = validTo,
            Hours = new(WindowsText.Parse(Hours.Windows, "hours"), Source(Hours.Source, "hours")),
            Sundays = Sundays is { } s ? new(Source(s.Source, "sundays")) : null,
            Holidays = Holidays is { } h ? new((h.Calendar ?? string.Empty).Trim().ToUpperInvariant(), Source(h.Source, "holidays")) : null,
            DailyLimit = DailyLimit is { } d ? new(d.MaxContacts, d.CountUnanswered, Source(d.Source, "daily_limit")) : null,
            WeeklyChannel = WeeklyChannel is { } w ? new(w.CountUnanswered, Source(w.Source, "weekly_channel")) : null,
            RollingLimit = RollingLimit is { } r ? new(r.MaxAttempts, r.Days, ChannelSet.Parse(r.Channels), Source(r.Source, "rolling_limit")) : null,
            AfterConversation = AfterConversation is { } q ? new(q.Days, ChannelSet.Parse(q.Channels), Source(q.Source, "after_conversation")) : null,
            Consent = Consent is { } c ? new(ChannelSet.Parse(c.Channels), Source(c.Source, "consent")) : null,
            ThirdPartyBan = ThirdPartyBan is { } t ? new(Source(t.Source, "third_party_ban")) : null,
        }.Validate();
    }

    private static RuleSourceData Source(RuleSource source) => new(source.Citation, source.Verify, source.Note);

    private static RuleSource Source(RuleSourceData? source, string field) =>
        source is null || string.IsNullOrWhiteSpace(source.Citation)
            ? throw new DomainException("invalid_rule_set", "Every rule needs its source (norm and article).", field)
            : new RuleSource(source.Citation.Trim(), source.Verify, string.IsNullOrWhiteSpace(source.Note) ? null : source.Note.Trim());
}
