using System.Globalization;
using System.Text;

namespace Cartera.Domain.Bureau;

/// <summary>How a positional field is written: <c>A</c> alphanumeric (left-justified, blank-filled, upper-case ASCII) or <c>N</c> numeric (right-justified, zero-filled digits).</summary>
public enum FieldType
{
    Alphanumeric,
    Numeric,
}

/// <summary>One field of a fixed-width record: its name, first position (1-based), length, type and what it holds.</summary>
public sealed record LayoutField(string Name, int Position, int Length, FieldType Type, string Description)
{
    public int End => Position + Length - 1;
}

/// <summary>
/// A fixed-width record layout (bureau report files): fields laid end to end from position 1 to
/// <see cref="RecordLength"/>, no gap, no overlap (checked on construction). <see cref="Format"/> writes a record from
/// named values (absent = blanks or zeros); <see cref="Parse"/> reads one back; <see cref="Validate"/> lists what is
/// wrong with a line (length, non-digits in a numeric field, characters outside printable ASCII).
/// </summary>
public sealed class FixedWidthLayout
{
    private readonly Dictionary<string, LayoutField> _byName;

    public FixedWidthLayout(string name, int recordLength, IReadOnlyList<LayoutField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Name = name;
        RecordLength = recordLength;
        Fields = fields;
        var next = 1;
        foreach (var field in fields)
        {
            if (field.Position != next || field.Length <= 0)
            {
                throw new InvalidOperationException($"Layout {name}: field {field.Name} starts at {field.Position}, expected {next}.");
            }

            next = field.End + 1;
        }

        if (next != recordLength + 1)
        {
            throw new InvalidOperationException($"Layout {name}: the fields cover {next - 1} positions, not {recordLength}.");
        }

        _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public string Name { get; }

    public int RecordLength { get; }

    public IReadOnlyList<LayoutField> Fields { get; }

    public LayoutField this[string name] => _byName[name];

    /// <summary>
    /// One record. Alphanumeric values are folded to upper-case ASCII (accents dropped, Ñ → N) and cut to the field's
    /// length; numeric values must be digits that fit (a longer number is an error, never cut).
    /// </summary>
    public string Format(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var key in values.Keys.Where(k => !_byName.ContainsKey(k)))
        {
            throw new InvalidOperationException($"Layout {Name} has no field {key}.");
        }

        var line = new StringBuilder(RecordLength);
        foreach (var field in Fields)
        {
            var value = values.TryGetValue(field.Name, out var v) ? v : string.Empty;
            if (field.Type == FieldType.Numeric)
            {
                if (value.Any(c => c is < '0' or > '9') || value.Length > field.Length)
                {
                    throw new InvalidOperationException($"Layout {Name}: {field.Name} must be at most {field.Length} digits.");
                }

                line.Append(value.PadLeft(field.Length, '0'));
            }
            else
            {
                var text = Ascii(value);
                line.Append((text.Length > field.Length ? text[..field.Length] : text).PadRight(field.Length, ' '));
            }
        }

        return line.ToString();
    }

    /// <summary>The fields of a line by name (alphanumeric trimmed on the right, numeric as written).</summary>
    public IReadOnlyDictionary<string, string> Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length != RecordLength)
        {
            throw new FormatException($"Layout {Name}: a record is {RecordLength} characters, this one {line.Length}.");
        }

        return Fields.ToDictionary(
            f => f.Name,
            f => f.Type == FieldType.Numeric ? line.Substring(f.Position - 1, f.Length) : line.Substring(f.Position - 1, f.Length).TrimEnd(),
            StringComparer.Ordinal);
    }

    /// <summary>What is wrong with a line; empty when it fits the layout.</summary>
    public IReadOnlyList<string> Validate(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length != RecordLength)
        {
            return [string.Create(CultureInfo.InvariantCulture, $"length {line.Length}, expected {RecordLength}")];
        }

        var problems = new List<string>();
        foreach (var field in Fields)
        {
            var value = line.AsSpan(field.Position - 1, field.Length);
            if (field.Type == FieldType.Numeric && value.ContainsAnyExceptInRange('0', '9'))
            {
                problems.Add($"{field.Name} (position {field.Position}) is not numeric");
            }
            else if (value.ContainsAnyExceptInRange(' ', '~'))
            {
                problems.Add($"{field.Name} (position {field.Position}) has a character outside printable ASCII");
            }
        }

        return problems;
    }

    /// <summary>Upper-case printable ASCII: accents removed by decomposition, anything else non-ASCII becomes a blank.</summary>
    public static string Ascii(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            text.Append(c is >= ' ' and <= '~' ? char.ToUpperInvariant(c) : ' ');
        }

        return text.ToString();
    }
}
