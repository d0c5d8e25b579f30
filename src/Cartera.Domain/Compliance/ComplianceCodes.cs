using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Compliance;

/// <summary>Text codes for the compliance enums (the CLI, files and the database use these).</summary>
public static class ComplianceCodes
{
    public static string ToCode(ComplianceReason reason) => EnumCodes.ToCode(reason);

    public static ComplianceReason ParseReason(string text) => EnumCodes.Parse<ComplianceReason>(text);

    public static string ToCode(ConsentChannel channel) => EnumCodes.ToCode(channel);

    /// <summary>Parses a channel code (<c>sms</c>, <c>email</c>, <c>whatsapp</c>, <c>calls</c>, <c>letters</c>,
    /// <c>visits</c>), also in the singular (<c>call</c>, <c>letter</c>, <c>visit</c>).</summary>
    /// <exception cref="DomainException"><c>invalid_code</c>.</exception>
    public static ConsentChannel ParseChannel(string text)
    {
        var t = (text ?? string.Empty).Trim();
        if (t.Equals("call", StringComparison.OrdinalIgnoreCase))
        {
            return ConsentChannel.Calls;
        }

        if (t.Equals("letter", StringComparison.OrdinalIgnoreCase))
        {
            return ConsentChannel.Letters;
        }

        if (t.Equals("visit", StringComparison.OrdinalIgnoreCase))
        {
            return ConsentChannel.Visits;
        }

        return EnumCodes.Parse<ConsentChannel>(t);
    }

    public static string ToCode(ContactOutcome outcome) => EnumCodes.ToCode(outcome);

    public static ContactOutcome ParseOutcome(string text) => EnumCodes.Parse<ContactOutcome>(text);

    /// <summary>
    /// Parses a history written as <c>;</c>-separated <c>channel@instant@outcome</c> items (the CLI's <c>prior</c>
    /// column), for example <c>call@2027-03-20T10:00:00-05:00@conversation;sms@2027-03-21T09:00:00Z@attempt</c>. The
    /// outcome may be omitted (<c>attempt</c>). Blank text is an empty history.
    /// </summary>
    /// <exception cref="DomainException"><c>invalid_prior</c> naming the offending item, or <c>invalid_code</c>.</exception>
    public static IReadOnlyList<PriorContact> ParsePriors(string? text, ContactActor? actor = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var list = new List<PriorContact>();
        foreach (var item in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split('@', StringSplitOptions.TrimEntries);
            if (parts.Length is < 2 or > 3 ||
                !DateTimeOffset.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            {
                throw new DomainException("invalid_prior", $"'{item}' is not channel@instant@outcome.", "prior");
            }

            list.Add(new PriorContact(ParseChannel(parts[0]), at, parts.Length == 3 ? ParseOutcome(parts[2]) : ContactOutcome.Attempt, actor));
        }

        return list;
    }

    /// <summary>The reasons as <c>;</c>-separated codes, in enum order.</summary>
    public static string Join(IEnumerable<ComplianceReason> reasons) => string.Join(';', (reasons ?? []).Select(ToCode));
}
