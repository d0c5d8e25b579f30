using Cartera.Domain.Common;

namespace Cartera.Domain.Portfolio;

/// <summary>
/// A validated identity document: type, normalized number and, for a Colombian NIT, its check digit (dígito de
/// verificación, DV). <see cref="Parse"/> accepts a NIT as <c>800197268</c>, <c>800197268-4</c>,
/// <c>800.197.268-4</c> or <c>800 197 268 - 4</c>: dots and spaces are dropped and the DV is recognised only after a
/// hyphen. <c>8001972684</c> (DV run on without a hyphen) is read as a ten-digit NIT body, because the two cannot be
/// told apart. A written DV must equal the one computed with DIAN's modulo-11 algorithm (<see cref="NitCheckDigit"/>);
/// an absent one is computed. Other types: CC, CE and TI are 3 to 15 digits (dots and spaces dropped); SSN is 9 digits
/// (hyphens dropped); every other type is 3 to 20 letters, digits or hyphens, upper-cased, with no check of its own
/// (CURP, RFC, DNI/NIE letters are planned).
/// </summary>
public sealed record IdentityDocument(IdType Type, string Number, string? CheckDigit)
{
    /// <summary>The document as stored and exported: <c>800197268-4</c> for a NIT (no thousands dots), else the number.</summary>
    public override string ToString() => CheckDigit is null ? Number : $"{Number}-{CheckDigit}";

    /// <summary>Parses and validates a document number for its type.</summary>
    /// <exception cref="DomainException">codes <c>invalid_id_number</c>, <c>invalid_nit_check_digit</c>.</exception>
    public static IdentityDocument Parse(IdType type, string raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new DomainException("invalid_id_number", "The ID number is empty.", "id_number");
        }

        var text = raw.Trim();
        return type switch
        {
            IdType.NIT => ParseNit(text),
            IdType.CC or IdType.CE or IdType.TI => Digits(type, text, 3, 15),
            IdType.SSN => Ssn(text),
            _ => Alphanumeric(type, text),
        };
    }

    /// <summary>
    /// DIAN's check digit for a NIT body (1 to 15 digits): the digits, from the rightmost, are multiplied by the primes
    /// 3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71 and summed; with r = sum mod 11 the DV is r when r is
    /// 0 or 1, else 11 − r.
    /// </summary>
    public static int NitCheckDigit(string body)
    {
        ReadOnlySpan<int> weights = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];
        if (body.Length == 0 || body.Length > weights.Length || !body.All(char.IsAsciiDigit))
        {
            throw new DomainException("invalid_id_number", "A NIT has 1 to 15 digits.", "id_number");
        }

        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            sum += (body[body.Length - 1 - i] - '0') * weights[i];
        }

        var remainder = sum % 11;
        return remainder < 2 ? remainder : 11 - remainder;
    }

    private static IdentityDocument ParseNit(string text)
    {
        var cleaned = text.Replace(".", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        string body;
        string? written = null;
        var dash = cleaned.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            body = cleaned[..dash];
            written = cleaned[(dash + 1)..];
            if (written.Length != 1 || !char.IsAsciiDigit(written[0]))
            {
                throw new DomainException("invalid_id_number", $"'{text}': the check digit after '-' must be one digit.", "id_number");
            }
        }
        else
        {
            body = cleaned;
        }

        if (body.Length is < 5 or > 15 || !body.All(char.IsAsciiDigit))
        {
            throw new DomainException("invalid_id_number", $"'{text}' is not a NIT: 5 to 15 digits, optionally '-' and the check digit.", "id_number");
        }

        var computed = NitCheckDigit(body).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (written is not null && written != computed)
        {
            throw new DomainException(
                "invalid_nit_check_digit",
                $"NIT {body}: the check digit is {computed}, not {written}.",
                "id_number");
        }

        return new IdentityDocument(IdType.NIT, body, computed);
    }

    private static IdentityDocument Digits(IdType type, string text, int min, int max)
    {
        var cleaned = text.Replace(".", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (cleaned.Length < min || cleaned.Length > max || !cleaned.All(char.IsAsciiDigit))
        {
            throw new DomainException("invalid_id_number", $"'{text}' is not a valid {type}: {min} to {max} digits.", "id_number");
        }

        return new IdentityDocument(type, cleaned, null);
    }

    private static IdentityDocument Ssn(string text)
    {
        var cleaned = text.Replace("-", string.Empty, StringComparison.Ordinal);
        if (cleaned.Length != 9 || !cleaned.All(char.IsAsciiDigit))
        {
            throw new DomainException("invalid_id_number", $"'{text}' is not an SSN: 9 digits.", "id_number");
        }

        return new IdentityDocument(IdType.SSN, cleaned, null);
    }

    private static IdentityDocument Alphanumeric(IdType type, string text)
    {
        var cleaned = text.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (cleaned.Length is < 3 or > 20 || !cleaned.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new DomainException("invalid_id_number", $"'{text}' is not a valid {type}: 3 to 20 letters or digits.", "id_number");
        }

        return new IdentityDocument(type, cleaned, null);
    }
}
