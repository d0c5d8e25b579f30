using System.Globalization;
using Cartera.Application.Compliance;

namespace Cartera.Web.Compliance;

/// <summary>
/// The admin page's rule-set form: validity, change note and one <see cref="RuleForm"/> per rule (hours first). A
/// plain mutable model, bound from the posted form (static SSR), turned into <see cref="RulesData"/> for the use case,
/// which validates it with the domain.
/// </summary>
public sealed class RuleSetForm
{
    public static readonly string[] Keys = ["hours", "sundays", "holidays", "daily_limit", "weekly_channel", "rolling_limit", "after_conversation", "consent", "third_party_ban"];

    public string? ValidFrom { get; set; }

    public string? ValidTo { get; set; }

    public string? ChangeNote { get; set; }

    public List<RuleForm> Rules { get; set; } = [];

    public static RuleSetForm From(RuleSetVersionView version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var r = version.Rules;
        return new RuleSetForm
        {
            ValidFrom = version.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ValidTo = version.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Rules =
            [
                RuleForm.Of("hours", r.Hours?.Source, text: r.Hours?.Windows),
                RuleForm.Of("sundays", r.Sundays?.Source),
                RuleForm.Of("holidays", r.Holidays?.Source, text: r.Holidays?.Calendar),
                RuleForm.Of("daily_limit", r.DailyLimit?.Source, number: r.DailyLimit?.MaxContacts, countUnanswered: r.DailyLimit?.CountUnanswered),
                RuleForm.Of("weekly_channel", r.WeeklyChannel?.Source, countUnanswered: r.WeeklyChannel?.CountUnanswered),
                RuleForm.Of("rolling_limit", r.RollingLimit?.Source, text: r.RollingLimit?.Channels, number: r.RollingLimit?.MaxAttempts, days: r.RollingLimit?.Days),
                RuleForm.Of("after_conversation", r.AfterConversation?.Source, text: r.AfterConversation?.Channels, days: r.AfterConversation?.Days),
                RuleForm.Of("consent", r.Consent?.Source, text: r.Consent?.Channels),
                RuleForm.Of("third_party_ban", r.ThirdPartyBan?.Source),
            ],
        };
    }

    /// <exception cref="Domain.Common.DomainException"><c>invalid_date</c> for an unreadable date.</exception>
    public RuleSetEdit ToEdit(string jurisdiction)
    {
        RuleForm? Rule(string key) => Rules.FirstOrDefault(x => x.Key == key && (x.Enabled || key == "hours"));
        var hours = Rule("hours");
        var sundays = Rule("sundays");
        var holidays = Rule("holidays");
        var daily = Rule("daily_limit");
        var weekly = Rule("weekly_channel");
        var rolling = Rule("rolling_limit");
        var quiet = Rule("after_conversation");
        var consent = Rule("consent");
        var thirdParty = Rule("third_party_ban");
        var rules = new RulesData
        {
            Hours = hours is null ? null : new(hours.Text ?? string.Empty, hours.Source()),
            Sundays = sundays is null ? null : new(sundays.Source()),
            Holidays = holidays is null ? null : new(holidays.Text ?? string.Empty, holidays.Source()),
            DailyLimit = daily is null ? null : new(daily.Number ?? 0, daily.CountUnanswered, daily.Source()),
            WeeklyChannel = weekly is null ? null : new(weekly.CountUnanswered, weekly.Source()),
            RollingLimit = rolling is null ? null : new(rolling.Number ?? 0, rolling.Days ?? 0, rolling.Text ?? string.Empty, rolling.Source()),
            AfterConversation = quiet is null ? null : new(quiet.Days ?? 0, quiet.Text ?? string.Empty, quiet.Source()),
            Consent = consent is null ? null : new(consent.Text ?? string.Empty, consent.Source()),
            ThirdPartyBan = thirdParty is null ? null : new(thirdParty.Source()),
        };
        return new RuleSetEdit(jurisdiction, Date(ValidFrom, "valid_from") ?? default, Date(ValidTo, "valid_to"), rules, ChangeNote);
    }

    private static DateOnly? Date(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? (field == "valid_from" ? throw Invalid(field) : null)
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw Invalid(field);

    private static Domain.Common.DomainException Invalid(string field) => new("invalid_date", "Use a date as YYYY-MM-DD.", field);
}
