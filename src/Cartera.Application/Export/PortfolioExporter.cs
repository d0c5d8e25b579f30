using Cartera.Application.Data;

namespace Cartera.Application.Export;

/// <summary>Exports a kind of portfolio data as CSV or XLSX to a stream. Stub: the exporter replaces this.</summary>
public sealed class PortfolioExporter(DatabaseOptions database)
{
    public Task<long> ExportAsync(ExportKind kind, ExportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        _ = (database, kind, format, output, cancellationToken);
        throw new NotSupportedException("Export is being written.");
    }
}
