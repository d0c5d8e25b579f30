using System.Text;

namespace Cartera.Application.Export;

/// <summary>CSV cells as RFC 4180 text, with the formula-injection defence of RULES §12 for cells that are not numbers.</summary>
public static class CsvText
{
    public static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// A text cell that a spreadsheet would run as a formula (starts with = + - @, tab or carriage return) gets a
    /// leading apostrophe. Numeric columns are written by the exporter itself and never pass through here, so
    /// negative amounts stay numbers.
    /// </summary>
    public static string Defuse(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static void Append(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(",;\"\r\n") < 0)
        {
            line.Append(value);
            return;
        }

        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    public static string Line(IEnumerable<string?> cells)
    {
        var line = new StringBuilder();
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                line.Append(',');
            }

            Append(line, cell);
            first = false;
        }

        return line.ToString();
    }
}
