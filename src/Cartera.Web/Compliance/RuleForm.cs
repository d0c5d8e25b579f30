using Cartera.Application.Compliance;

namespace Cartera.Web.Compliance;

/// <summary>One rule in the form: whether it applies, its source, and the parameters the kind of rule uses.</summary>
public sealed class RuleForm
{
    public string Key { get; set; } = string.Empty;

    public bool Enabled { get; set; }

    public string? Citation { get; set; }

    public bool Verify { get; set; }

    public string? Note { get; set; }

    /// <summary>Windows (hours), calendar country (holidays) or channels (rolling limit, quiet period, consent).</summary>
    public string? Text { get; set; }

    /// <summary>Maximum contacts (daily limit) or attempts (rolling limit).</summary>
    public int? Number { get; set; }

    public int? Days { get; set; }

    public bool CountUnanswered { get; set; }

    public bool HasText => Key is "hours" or "holidays" or "rolling_limit" or "after_conversation" or "consent";

    public bool HasNumber => Key is "daily_limit" or "rolling_limit";

    public bool HasDays => Key is "rolling_limit" or "after_conversation";

    public bool HasCountUnanswered => Key is "daily_limit" or "weekly_channel";

    internal static RuleForm Of(string key, RuleSourceData? source, string? text = null, int? number = null, int? days = null, bool? countUnanswered = null) => new()
    {
        Key = key,
        Enabled = source is not null,
        Citation = source?.Citation,
        Verify = source?.Verify ?? false,
        Note = source?.Note,
        Text = text,
        Number = number,
        Days = days,
        CountUnanswered = countUnanswered ?? false,
    };

    internal RuleSourceData Source() => new(Citation ?? string.Empty, Verify, Note);
}
