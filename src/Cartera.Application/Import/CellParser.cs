using System.Globalization;
using Cartera.Domain.Common;

namespace Cartera.Application.Import;

/// <summary>
/// Reads typed values from the current row of a <see cref="RowSource"/>. Every problem becomes an
/// <see cref="ImportError"/> on that row and column and parsing goes on, so one pass reports all errors.
/// </summary>
internal sealed class CellParser(RowSource source, ImportContext context)
{
    private readonly ColumnBinding binding = context.Binding;
    private readonly ImportErrors errors = context.Errors;

    private const NumberStyles AmountStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    public long Row => source.Row;

    public int ErrorsBefore { get; private set; }

    /// <summary>Whether the current row produced errors since <see cref="StartRow"/>.</summary>
    public bool RowFailed => errors.Count > ErrorsBefore;

    private readonly HashSet<int> _textChecked = [];

    public void StartRow()
    {
        ErrorsBefore = errors.Count;
        _textChecked.Clear();
    }

    public void Error(int column, string code, string message) => context.Error(source.Row, column, code, message);

    public void Error(DomainException e, int fallbackColumn) => context.Error(source.Row, e, fallbackColumn);

    public string? Text(int column)
    {
        if (!binding.Has(column))
        {
            return null;
        }

        var text = source.Get(binding.Ordinal(column));
        if (text.Length > 0 && ControlCharacterAt(text) is var at && at >= 0 && _textChecked.Add(column))
        {
            Error(column, "control_character", $"La celda tiene un carácter de control (U+{(int)text[at]:X4}) en la posición {at + 1}: los textos no pueden llevar NUL, tabuladores, saltos de línea ni otros caracteres de control.");
        }

        if (text.Length > 1 && text[0] == '\'' && text[1] is '=' or '+' or '-' or '@')
        {
            text = text[1..]; // undo the export's formula-injection escape, so an export re-imports as it was
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>The index of the first C0 or C1 control character (U+0000–U+001F, U+007F–U+009F), or -1.</summary>
    public static int ControlCharacterAt(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public string? Required(int column)
    {
        var text = Text(column);
        if (text is null && !source.OverLong(binding.Ordinal(column)))
        {
            Error(column, "required", $"'{binding.Columns[column].Name}' is required.");
        }

        return text;
    }

    public DateOnly? Date(int column, bool required)
    {
        var text = required ? Required(column) : Text(column);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(column, "invalid_date", $"'{text}' is not a date in the form yyyy-MM-dd.");
        return null;
    }

    public decimal? Decimal(int column, bool required)
    {
        var text = required ? Required(column) : Text(column);
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text, AmountStyle, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(column, "invalid_number", $"'{text}' is not a number (use '.' as the decimal separator, no thousands separator).");
        return null;
    }

    /// <summary>A money amount in <paramref name="currency"/>, zero or more, with at most the currency's minor digits.</summary>
    public Money? Amount(int column, Currency? currency, bool required, bool emptyIsZero = false)
    {
        var text = Text(column);
        if (text is null && emptyIsZero && currency is { } c0)
        {
            return Money.Zero(c0);
        }

        var value = Decimal(column, required);
        if (value is not { } amount)
        {
            return null;
        }

        if (amount < 0)
        {
            Error(column, "negative_amount", $"'{text}' is negative; amounts are zero or more.");
            return null;
        }

        if (currency is not { } c)
        {
            return null; // the currency's own error is reported on its column
        }

        if (decimal.Round(amount, c.MinorUnits) != amount)
        {
            Error(column, "invalid_amount", $"'{text}' has more decimals than {c.Code} allows ({c.MinorUnits}).");
            return null;
        }

        return Money.Of(amount, c);
    }

    public int? Int(int column, bool required)
    {
        var text = required ? Required(column) : Text(column);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(column, "invalid_number", $"'{text}' is not a whole number.");
        return null;
    }

    public T? Code<T>(int column, bool required)
        where T : struct, Enum
    {
        var text = required ? Required(column) : Text(column);
        if (text is null)
        {
            return null;
        }

        if (EnumCodes.TryParse<T>(text, out var value))
        {
            return value;
        }

        Error(column, "invalid_code", $"'{text}' is not one of: {string.Join(", ", EnumCodes.Codes<T>())}.");
        return null;
    }

    public Currency? CurrencyOf(int column)
    {
        var text = Required(column);
        if (text is null)
        {
            return null;
        }

        if (Currency.TryOf(text, out var currency))
        {
            return currency;
        }

        Error(column, "unknown_currency", $"'{text}' is not a known ISO 4217 currency code.");
        return null;
    }

    /// <summary>yes/no, si/no, true/false, 1/0 (empty = not stated).</summary>
    public bool? YesNo(int column)
    {
        var text = Text(column);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return null;
            case "yes" or "y" or "si" or "sí" or "s" or "true" or "1":
                return true;
            case "no" or "n" or "false" or "0":
                return false;
            default:
                Error(column, "invalid_value", $"'{text}' is not yes/no (si/no, true/false, 1/0).");
                return null;
        }
    }
}

/// <summary>The errors of one import, in file order, with a cap so a broken file cannot exhaust memory.</summary>
internal sealed class ImportErrors(string file)
{
    public const int Max = 100_000;

    private readonly List<ImportError> _list = [];

    public int Count => _list.Count;

    public bool Truncated { get; private set; }

    /// <summary>In file order (row, then column), whichever check found them: reference checks run per batch, after the cells.</summary>
    public IReadOnlyList<ImportError> List => _list.OrderBy(e => e.Row).ThenBy(e => e.Column, StringComparer.Ordinal).ToList();

    public void Add(long row, string column, string code, string message)
    {
        if (_list.Count >= Max)
        {
            Truncated = true;
            return;
        }

        _list.Add(new ImportError(file, row, column, code, message));
    }

    public void AddRange(IEnumerable<ImportError> errors)
    {
        foreach (var e in errors)
        {
            Add(e.Row, e.Column, e.Code, e.Message);
        }
    }
}
