using System.Text;
using Cartera.Domain.Common;

namespace Cartera.Domain.Portfolio;

/// <summary>A way to reach a debtor: a phone, an email, a WhatsApp number or a postal address.</summary>
public sealed class ContactPoint
{
    private ContactPoint()
    {
        Value = string.Empty;
    }

    public long Id { get; private set; }

    public long DebtorId { get; private set; }

    public ContactChannel Channel { get; private set; }

    /// <summary>
    /// Normalized value: phones keep their digits and a leading '+' (spaces, '-', '.', parentheses dropped; 7 to 15
    /// digits; no country code is inferred), emails are trimmed and lower-case, postal addresses trimmed.
    /// </summary>
    public string Value { get; private set; }

    public bool IsPrimary { get; private set; }

    public bool Verified { get; private set; }

    /// <summary>The debtor asked not to be contacted at this point (or it is known to be wrong/third-party).</summary>
    public bool DoNotContact { get; private set; }

    public TimeOnly? PreferredFrom { get; private set; }

    public TimeOnly? PreferredTo { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    internal static ContactPoint Create(ContactChannel channel, string normalizedValue, bool isPrimary, DateTimeOffset now) =>
        new() { Channel = channel, Value = normalizedValue, IsPrimary = isPrimary, CreatedAt = now };

    public void MarkDoNotContact(bool value) => DoNotContact = value;

    public void MarkVerified(bool value) => Verified = value;

    public void SetPreferredHours(TimeOnly? from, TimeOnly? to)
    {
        if (from is not null && to is not null && from >= to)
        {
            throw new DomainException("invalid_value", "Preferred hours must start before they end.", "preferred_hours");
        }

        PreferredFrom = from;
        PreferredTo = to;
    }

    /// <summary>Normalizes and validates a contact value for its channel.</summary>
    /// <exception cref="DomainException"><c>invalid_phone</c>, <c>invalid_email</c>, <c>required</c>.</exception>
    public static string Normalize(ContactChannel channel, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainException("required", $"The {EnumCodes.ToCode(channel)} value is empty.", EnumCodes.ToCode(channel));
        }

        var text = value.Trim();
        switch (channel)
        {
            case ContactChannel.Email:
                var at = text.IndexOf('@', StringComparison.Ordinal);
                if (at <= 0 || at != text.LastIndexOf('@') || text.Any(char.IsWhiteSpace) || !IsDomain(text[(at + 1)..]))
                {
                    throw new DomainException("invalid_email", $"'{text}' is not an email address.", "email");
                }

                return text.ToLowerInvariant();
            case ContactChannel.Mobile or ContactChannel.Landline or ContactChannel.WhatsApp:
                var sb = new StringBuilder(text.Length);
                foreach (var c in text)
                {
                    if (char.IsAsciiDigit(c) || (c == '+' && sb.Length == 0))
                    {
                        sb.Append(c);
                    }
                    else if (c is not (' ' or '-' or '(' or ')' or '.'))
                    {
                        throw new DomainException("invalid_phone", $"'{text}' is not a phone number.", EnumCodes.ToCode(channel));
                    }
                }

                var digits = sb.ToString().TrimStart('+');
                if (digits.Length is < 7 or > 15)
                {
                    throw new DomainException("invalid_phone", $"'{text}' is not a phone number: 7 to 15 digits.", EnumCodes.ToCode(channel));
                }

                return sb.ToString();
            default:
                return text;
        }
    }

    // A host name with at least two labels, none empty: "example.co", not "example", ".co", "example." or "a..co".
    private static bool IsDomain(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2 && Array.TrueForAll(labels, l => l.Length > 0);
    }
}
