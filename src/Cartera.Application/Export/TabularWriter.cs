using System.Globalization;
using Cartera.Domain.Money;
using MiniExcelLibs;

namespace Cartera.Application.Export;

/// <summary>
/// Writes rows of cells (text, numbers, null) as CSV (UTF-8, comma, '.' decimals) or XLSX (streamed by MiniExcel), with
/// the formula-injection defence of RULES §12 on text cells. Shared by every exporter.
/// </summary>
public static class TabularWriter
{
    /// <summary>
    /// An amount of minor units in major units with exactly the currency's decimals (85495630 COP → 854956.30, 0 →
    /// 0.00): the product of two decimals keeps the sum of their scales, a division does not.
    /// </summary>
    public static decimal Major(long minorUnits, Currency currency) => minorUnits * new decimal(1, 0, 0, false, (byte)currency.MinorUnits);

    public static async Task<long> WriteCsvAsync(string[] columns, IEnumerable<object?[]> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, CsvText.Utf8NoBom, 1 << 16, leaveOpen: true);
        await writer.WriteAsync(string.Join(',', columns).AsMemory(), cancellationToken);
        await writer.WriteAsync('\n');
        long count = 0;
        var line = new System.Text.StringBuilder(256);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            line.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }

                CsvText.Append(line, CsvCell(row[i]));
            }

            line.Append('\n');
            await writer.WriteAsync(line, cancellationToken);
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    public static async Task<long> WriteXlsxAsync(string sheetName, string[] columns, IEnumerable<object?[]> rows, Stream output, CancellationToken cancellationToken)
    {
        long count = 0;
        IEnumerable<Dictionary<string, object?>> Sheet()
        {
            foreach (var row in rows)
            {
                var cells = new Dictionary<string, object?>(columns.Length, StringComparer.Ordinal);
                for (var i = 0; i < columns.Length; i++)
                {
                    cells[columns[i]] = row[i] is string s ? CsvText.Defuse(s) : row[i];
                }

                count++;
                yield return cells;
            }
        }

        var data = Sheet();
        using (var enumerator = data.GetEnumerator())
        {
            // MiniExcel takes the header from the first row; an empty export still gets its header row.
            var buffered = enumerator.MoveNext()
                ? Prepend(enumerator.Current, enumerator)
                : [];
            await MiniExcel.SaveAsAsync(output, buffered.Any() ? buffered : [columns.ToDictionary(c => c, _ => (object?)null, StringComparer.Ordinal)],
                printHeader: true, sheetName: sheetName, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        }

        return count;
    }

    private static IEnumerable<Dictionary<string, object?>> Prepend(Dictionary<string, object?> first, IEnumerator<Dictionary<string, object?>> rest)
    {
        yield return first;
        while (rest.MoveNext())
        {
            yield return rest.Current;
        }
    }

    public static string? CsvCell(object? value) => value switch
    {
        null => null,
        string s => CsvText.Defuse(s),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
