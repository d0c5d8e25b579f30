using System.Globalization;
using Cartera.Domain.Common;

namespace Cartera.Web.Shared;

/// <summary>
/// Reads the text fields of the administration forms (es-CO users type <c>0,2436</c> as well as <c>0.2436</c>) and
/// builds the redirect that carries a failed rule back to the page (<c>error</c> code, <c>field</c>, message).
/// </summary>
internal static class FormValues
{
    internal static string ErrorUrl(string page, DomainException e, string? code) =>
        $"{page}?error={Uri.EscapeDataString(e.Code)}&field={Uri.EscapeDataString(e.Field ?? string.Empty)}&message={Uri.EscapeDataString(e.Message)}"
        + (code is { Length: > 0 } ? $"&codigo={Uri.EscapeDataString(code)}" : string.Empty);

    internal static DateOnly Date(string? value, string field) =>
        DateOnly.TryParseExact((value ?? string.Empty).Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new DomainException("invalid_date", $"{field} is a date in the form yyyy-MM-dd.", field);

    /// <summary>A fraction written with '.' or ',' as decimal separator (es-CO users type 0,2436).</summary>
    internal static decimal? Fraction(string? value, string field, string? hint = null)
    {
        var text = (value ?? string.Empty).Trim().Replace(',', '.');
        if (text.Length == 0)
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new DomainException("invalid_number", hint ?? $"{field} is a fraction such as 0.2436 (24.36 %).", field);
    }

    /// <summary>
    /// An amount as people type it: es-CO <c>1.250.000,50</c>, <c>1250000.50</c> or <c>1,250,000.50</c>. With both
    /// separators the last one is the decimal one; a single separator repeated, or followed by exactly three digits, groups
    /// thousands (<c>150.000</c> is 150000); otherwise it is the decimal separator (<c>150,5</c>). Null when empty.
    /// </summary>
    internal static decimal? Amount(string? value, string field)
    {
        var text = (value ?? string.Empty).Trim().Replace(" ", string.Empty, StringComparison.Ordinal);
        if (text.Length == 0)
        {
            return null;
        }

        var lastDot = text.LastIndexOf('.');
        var lastComma = text.LastIndexOf(',');
        string normal;
        if (lastDot >= 0 && lastComma >= 0)
        {
            var decimalSeparator = lastDot > lastComma ? '.' : ',';
            var group = decimalSeparator == '.' ? ',' : '.';
            normal = text.Replace(group.ToString(), string.Empty, StringComparison.Ordinal).Replace(decimalSeparator, '.');
        }
        else if (lastDot >= 0 || lastComma >= 0)
        {
            var separator = lastDot >= 0 ? '.' : ',';
            var last = Math.Max(lastDot, lastComma);
            var thousands = text.Count(c => c == separator) > 1 || text.Length - last - 1 == 3;
            normal = thousands ? text.Replace(separator.ToString(), string.Empty, StringComparison.Ordinal) : text.Replace(separator, '.');
        }
        else
        {
            normal = text;
        }

        return decimal.TryParse(normal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new DomainException("invalid_amount", $"{field} is an amount such as 1.250.000,50.", field);
    }

    internal static long? Whole(string? value, string field)
    {
        var text = (value ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new DomainException("invalid_number", $"{field} is a whole number.", field);
    }

    internal static T Code<T>(string? value, string field)
        where T : struct, Enum =>
        EnumCodes.TryParse<T>((value ?? string.Empty).Trim(), out var parsed) ? parsed : throw new DomainException("invalid_value", $"'{value}' is not a valid {field}.", field);
}
