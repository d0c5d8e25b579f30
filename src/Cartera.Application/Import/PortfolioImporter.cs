using Cartera.Application.Audit;
using Cartera.Application.Data;

namespace Cartera.Application.Import;

/// <summary>Imports a CSV or XLSX file of one kind (DESIGN §6). Stub: the bulk importer replaces this.</summary>
public sealed class PortfolioImporter(DatabaseOptions database, TimeProvider clock, IActor actor)
{
    public Task<ImportResult> ImportAsync(ImportKind kind, string path, ImportOptions? options = null, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        _ = (database, clock, actor, kind, path, options, progress, cancellationToken);
        throw new NotSupportedException("Import is being written.");
    }
}
