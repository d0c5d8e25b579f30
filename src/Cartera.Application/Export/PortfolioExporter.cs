using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Import;
using MiniExcelLibs;

namespace Cartera.Application.Export;

/// <summary>
/// Exports a kind of portfolio data as CSV (UTF-8, comma, '.' decimals, yyyy-MM-dd) or XLSX (streamed by MiniExcel),
/// in the same columns as the import, so an export re-imports unchanged. Text cells that a spreadsheet would take for
/// a formula are escaped (RULES §12); amounts and other numbers are written as numbers.
/// </summary>
public sealed class PortfolioExporter(DatabaseOptions database)
{
    public async Task<long> ExportAsync(ExportKind kind, ExportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var columns = ImportColumns.For(ToImportKind(kind)).Select(c => c.Name).ToArray();
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database));
        var source = new ExportRows(db);
        IEnumerable<object?[]> rows = kind switch
        {
            ExportKind.Debtors => source.Debtors(),
            ExportKind.Obligations => source.Obligations(),
            ExportKind.Installments => source.Installments(),
            ExportKind.Collateral => source.Collateral(),
            ExportKind.Insurance => source.Insurance(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        return format == ExportFormat.Csv
            ? await WriteCsvAsync(columns, rows, output, cancellationToken)
            : await WriteXlsxAsync(kind, columns, rows, output, cancellationToken);
    }

    private static ImportKind ToImportKind(ExportKind kind) => kind switch
    {
        ExportKind.Debtors => ImportKind.Debtors,
        ExportKind.Obligations => ImportKind.Obligations,
        ExportKind.Installments => ImportKind.Installments,
        ExportKind.Collateral => ImportKind.Collateral,
        ExportKind.Insurance => ImportKind.Insurance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static async Task<long> WriteCsvAsync(string[] columns, IEnumerable<object?[]> rows, Stream output, CancellationToken cancellationToken)
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

    private static async Task<long> WriteXlsxAsync(ExportKind kind, string[] columns, IEnumerable<object?[]> rows, Stream output, CancellationToken cancellationToken)
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
                printHeader: true, sheetName: kind.ToString().ToLowerInvariant(), excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
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

    private static string? CsvCell(object? value) => value switch
    {
        null => null,
        string s => CsvText.Defuse(s),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
