using System.Data.Common;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Cartera.Application.Import;

/// <summary>
/// Imports a CSV or XLSX file of one kind (DESIGN §6, docs/user/import-formats.md). The file is streamed, validated
/// and written in batches inside ONE transaction: bulk writes (binary COPY on PostgreSQL, prepared INSERTs on SQLite)
/// for new rows, EF for the few updated ones. Any error anywhere rolls everything back, so a rejected file leaves the
/// database exactly as it was; every error of the file is reported at once.
/// </summary>
public sealed class PortfolioImporter(DatabaseOptions database, TimeProvider clock, IActor actor)
{
    public async Task<ImportResult> ImportAsync(ImportKind kind, string path, ImportOptions? options = null, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new ImportOptions();
        var startedAt = clock.GetUtcNow();
        var timestamp = clock.GetTimestamp();
        var fileName = Path.GetFileName(path);
        var errors = new ImportErrors(fileName);
        var xlsx = path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
        var scan = await FileScan.RunAsync(path, checkUtf8: !xlsx, cancellationToken);
        Counts counts = new(0, 0, 0, 0);
        if (scan.Length == 0)
        {
            errors.Add(1, string.Empty, "empty_file", "The file is empty: it needs a header row and at least one data row.");
        }
        else if (scan.InvalidUtf8Line is { } line)
        {
            errors.Add(line, string.Empty, "encoding", $"Line {line} is not valid UTF-8. Save the file as CSV UTF-8.");
        }
        else
        {
            counts = await RunAsync(kind, path, xlsx, scan, errors, options, progress, startedAt, cancellationToken);
        }

        string? reportPath = null;
        if (errors.Count > 0 && options.WriteErrorReport)
        {
            reportPath = await ErrorReport.WriteAsync(path, errors.List, cancellationToken);
        }
        else if (errors.Count == 0 && File.Exists(ErrorReport.PathFor(path)))
        {
            File.Delete(ErrorReport.PathFor(path)); // the report of an earlier, rejected attempt no longer applies
        }

        var rejected = errors.List.Where(e => e.Row > 1).Select(e => e.Row).Distinct().LongCount();
        return errors.Count > 0
            ? new ImportResult(kind, fileName, scan.Sha256, counts.Rows, 0, 0, 0, rejected, errors.List, reportPath, clock.GetElapsedTime(timestamp))
            : new ImportResult(kind, fileName, scan.Sha256, counts.Rows, counts.Inserted, counts.Updated, counts.Unchanged, 0, errors.List, null, clock.GetElapsedTime(timestamp));
    }

    private sealed record Counts(long Rows, long Inserted, long Updated, long Unchanged);

    private async Task<Counts> RunAsync(ImportKind kind, string path, bool xlsx, FileScan scan, ImportErrors errors, ImportOptions options, IProgress<ImportProgress>? progress, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        RowSource source;
        try
        {
            source = xlsx ? new XlsxRowSource(path) : new CsvRowSource(path, scan.Delimiter);
        }
        catch (ImportFileException e)
        {
            errors.Add(e.Row, string.Empty, e.Code, e.Message);
            return new Counts(0, 0, 0, 0);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            errors.Add(1, string.Empty, xlsx ? "invalid_xlsx" : "invalid_csv", xlsx
                ? "El archivo no es un libro XLSX legible (Excel 2007 o posterior)."
                : "El archivo no se puede leer como CSV.");
            return new Counts(0, 0, 0, 0);
        }

        using var _ = source;
        if (source.Headers.Length == 0 || source.Headers.All(h => h.Length == 0))
        {
            errors.Add(1, string.Empty, "empty_file", "The file has no header row.");
            return new Counts(0, 0, 0, 0);
        }

        var headerErrors = new List<ImportError>();
        var binding = ColumnBinding.Bind(ImportColumns.For(kind), source.Headers, Path.GetFileName(path), headerErrors);
        errors.AddRange(headerErrors);
        if (errors.Count > 0)
        {
            return new Counts(0, 0, 0, 0);
        }

        await using var db = new CarteraDbContext(CarteraDatabase.Options(database), actor, clock);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var dbTransaction = transaction.GetDbTransaction();
        BulkWriter writer = db.Database.GetDbConnection() switch
        {
            NpgsqlConnection pg => new PostgresBulkWriter(pg, dbTransaction),
            SqliteConnection sqlite => new SqliteBulkWriter(sqlite, dbTransaction),
            var other => throw new NotSupportedException($"No bulk writer for {other.GetType().Name}."),
        };
        var context = new ImportContext(db, writer, binding, errors, Path.GetFileName(path), actor.Name, startedAt);
        KindImporter importer = kind switch
        {
            ImportKind.Debtors => new DebtorImporter(context),
            ImportKind.Obligations => new ObligationImporter(context),
            ImportKind.Installments => new InstallmentImporter(context),
            ImportKind.Collateral => new CollateralImporter(context),
            ImportKind.Insurance => new InsuranceImporter(context),
            ImportKind.Payments => new PaymentImporter(context),
            ImportKind.Bureau => new BureauImporter(context),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        await writer.ReserveIdsAsync(importer.IdTables, cancellationToken);
        await writer.DeferForeignKeysAsync(importer.WrittenTables, scan.Length, cancellationToken);

        var cells = new CellParser(source, context);
        var batchSize = Math.Max(1, options.BatchSize);
        var heap = new HeapGuard();
        long rows = 0;
        try
        {
            while (source.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (source.IsBlank())
                {
                    continue;
                }

                if (++rows > options.MaxRows)
                {
                    rows--;
                    errors.Add(source.Row, string.Empty, "too_many_rows",
                        $"El archivo tiene más de {options.MaxRows:N0} filas de datos (la fila {source.Row} ya pasa el límite); divídalo en archivos más pequeños.");
                    break;
                }

                cells.StartRow();
                if (source.RowTooLong)
                {
                    errors.Add(source.Row, string.Empty, "row_too_long", $"La fila {source.Row} pasa de {ImportLimits.MaxRowChars:N0} caracteres; no se lee.");
                    continue;
                }

                for (var i = 0; i < source.Headers.Length; i++)
                {
                    if (source.OverLong(i))
                    {
                        errors.Add(source.Row, source.Headers[i], "cell_too_long",
                            $"La celda de la columna '{source.Headers[i]}' en la fila {source.Row} pasa de {ImportLimits.MaxCellChars:N0} caracteres{(xlsx ? "." : " (¿falta cerrar una comilla?).")}");
                    }
                }

                importer.ReadRow(cells);
                if (importer.Pending >= batchSize)
                {
                    await importer.FlushAsync(final: false, cancellationToken);
                    heap.AfterBatch();
                    progress?.Report(new ImportProgress(rows, source.BytesRead, scan.Length));
                }
            }
        }
        catch (ImportFileException e)
        {
            var column = e.Ordinal >= 0 && e.Ordinal < source.Headers.Length ? source.Headers[e.Ordinal] : string.Empty;
            errors.Add(e.Row, column, e.Code, e.Message);
        }
        catch (Exception e) when (e is not (OperationCanceledException or DbException or InvalidOperationException))
        {
            errors.Add(source.Row, string.Empty, xlsx ? "invalid_xlsx" : "invalid_csv", $"El archivo no se puede leer más allá de la fila {source.Row}.");
        }

        await importer.FlushAsync(final: true, cancellationToken);
        progress?.Report(new ImportProgress(rows, scan.Length, scan.Length));
        if (rows == 0 && errors.Count == 0)
        {
            errors.Add(1, string.Empty, "empty_file", "The file has a header but no data rows.");
        }

        if (errors.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new Counts(rows, 0, 0, 0);
        }

        await writer.FinishAsync(cancellationToken);
        var counts = new Counts(rows, context.Inserted, context.Updated, context.Unchanged);
        await RecordRunAsync(db, writer, kind, path, scan.Sha256, startedAt, counts, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    /// <summary>The import run and its one audit entry, in the import's transaction.</summary>
    private async Task RecordRunAsync(CarteraDbContext db, BulkWriter writer, ImportKind kind, string path, string sha256, DateTimeOffset startedAt, Counts counts, CancellationToken cancellationToken)
    {
        var finishedAt = clock.GetUtcNow();
        var kindCode = kind.ToString().ToLowerInvariant();
        await using var command = writer.Command(
            "INSERT INTO import_runs (kind, file_name, sha256, actor, started_at, finished_at, outcome, rows, inserted, updated, unchanged, rejected, error_count) " +
            "VALUES (@kind, @file, @sha, @actor, @started, @finished, 'succeeded', @rows, @inserted, @updated, @unchanged, 0, 0) RETURNING id");
        Add(command, "kind", kindCode);
        Add(command, "file", Path.GetFileName(path));
        Add(command, "sha", sha256);
        Add(command, "actor", actor.Name);
        Add(command, "started", writer.InClauseUsesArray ? startedAt : startedAt.UtcTicks);
        Add(command, "finished", writer.InClauseUsesArray ? finishedAt : finishedAt.UtcTicks);
        Add(command, "rows", counts.Rows);
        Add(command, "inserted", counts.Inserted);
        Add(command, "updated", counts.Updated);
        Add(command, "unchanged", counts.Unchanged);
        var runId = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

        var after = JsonSerializer.Serialize(new
        {
            kind = kindCode,
            file = Path.GetFileName(path),
            sha256,
            rows = counts.Rows,
            inserted = counts.Inserted,
            updated = counts.Updated,
            unchanged = counts.Unchanged,
        });
        db.AuditEntries.Add(new AuditEntry
        {
            At = finishedAt,
            Actor = actor.Name,
            Source = actor.Source,
            Action = "import",
            EntityType = nameof(ImportRun),
            EntityId = runId.ToString(CultureInfo.InvariantCulture),
            After = after,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>
/// Keeps the managed heap of a long import near what the import really holds. Each batch's rows, entities and
/// commands live for the whole batch, so they die in the oldest generation, where the GC lets them pile up (a 2M-row
/// import reached 777 MB of memory, most of it dead batches). After a batch, when the heap has grown past 1.5 times the
/// live data found by the last full collection (and past a floor), one full compacting collection returns it.
/// </summary>
internal sealed class HeapGuard
{
    private const long Floor = 128L << 20;

    private long _allowed = Floor;

    public int Collections { get; private set; }

    public void AfterBatch()
    {
        if (GC.GetTotalMemory(forceFullCollection: false) <= _allowed)
        {
            return;
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        Collections++;
        _allowed = Math.Max(Floor, GC.GetTotalMemory(forceFullCollection: false) * 3 / 2);
    }
}
