using Cartera.Application.Data;
using Cartera.Application.Import;

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
            ? await TabularWriter.WriteCsvAsync(columns, rows, output, cancellationToken)
            : await TabularWriter.WriteXlsxAsync(kind.ToString().ToLowerInvariant(), columns, rows, output, cancellationToken);
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
}
