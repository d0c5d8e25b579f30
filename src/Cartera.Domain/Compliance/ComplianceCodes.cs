using Cartera.Domain.Common;

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

    /// <summary>The reasons as <c>;</c>-separated codes, in enum order.</summary>
    public static string Join(IEnumerable<ComplianceReason> reasons) => string.Join(';', (reasons ?? []).Select(ToCode));
}
