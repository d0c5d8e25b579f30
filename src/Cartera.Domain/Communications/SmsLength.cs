namespace Cartera.Domain.Communications;

/// <summary>The encoding an SMS needs: the GSM 03.38 7-bit alphabet or, for any other character, UCS-2.</summary>
public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>
/// The length of an SMS text as a phone counts it: <see cref="Units"/> (GSM-7 septets, where the extension characters
/// <c>^ { } \ [ ~ ] | €</c> and the form feed take two; or UCS-2 code units, where a character outside the basic plane
/// takes two) and the number of <see cref="Segments"/>: one segment holds 160 GSM-7 units or 70 UCS-2 units; a longer
/// text is split into concatenated segments of 153 or 67 (the rest of each is the concatenation header).
/// </summary>
public sealed record SmsLength(SmsEncoding Encoding, int Characters, int Units, int Segments)
{
    public const int Gsm7Single = 160;
    public const int Gsm7Multi = 153;
    public const int Ucs2Single = 70;
    public const int Ucs2Multi = 67;

    // GSM 03.38 basic character set (the default alphabet), as it maps to Unicode.
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // The extension table: each takes an escape septet and the character (two units).
    private const string Extension = "\f^{}\\[~]|€";

    /// <summary>Counts <paramref name="text"/> (null or empty: zero units, zero segments).</summary>
    public static SmsLength Of(string? text)
    {
        text ??= string.Empty;
        var gsm = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal))
            {
                gsm++;
            }
            else if (Extension.Contains(c, StringComparison.Ordinal))
            {
                gsm += 2;
            }
            else
            {
                return Measure(SmsEncoding.Ucs2, text, text.Length, Ucs2Single, Ucs2Multi);
            }
        }

        return Measure(SmsEncoding.Gsm7, text, gsm, Gsm7Single, Gsm7Multi);
    }

    private static SmsLength Measure(SmsEncoding encoding, string text, int units, int single, int multi)
    {
        var characters = new System.Globalization.StringInfo(text).LengthInTextElements;
        var segments = units == 0 ? 0 : units <= single ? 1 : (units + multi - 1) / multi;
        return new SmsLength(encoding, characters, units, segments);
    }
}
