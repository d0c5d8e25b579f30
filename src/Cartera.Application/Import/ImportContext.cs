using System.Data.Common;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;

namespace Cartera.Application.Import;

/// <summary>The state one import run shares between the row loop and its kind's importer.</summary>
internal sealed class ImportContext(CarteraDbContext db, BulkWriter writer, ColumnBinding binding, ImportErrors errors, string fileName, string actor, DateTimeOffset now)
{
    public CarteraDbContext Db { get; } = db;

    public BulkWriter Writer { get; } = writer;

    public ColumnBinding Binding { get; } = binding;

    public ImportErrors Errors { get; } = errors;

    public string FileName { get; } = fileName;

    public string Actor { get; } = actor;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The lender's calendar date at the import's start: "today" of the plausibility checks, in the lender's time zone (a future date is one after it).</summary>
    public DateOnly LenderToday { get; } = BusinessCalendar.LenderToday(db.Clock);

    public long Inserted { get; set; }

    public long Updated { get; set; }

    public long Unchanged { get; set; }

    /// <summary>Once any error is known nothing more is written; the rest of the file is still validated.</summary>
    public bool Failed => Errors.Count > 0;

    public void Error(long row, int column, string code, string message) =>
        Errors.Add(row, Binding.HeaderOf(column), code, message);

    /// <summary>A domain rule's error on the column it names (its <see cref="DomainException.Field"/>), else on <paramref name="fallbackColumn"/>.</summary>
    public void Error(long row, DomainException e, int fallbackColumn) =>
        Error(row, ColumnOf(e.Field, fallbackColumn), e.Code, e.Message);

    public int ColumnOf(string? field, int fallbackColumn) =>
        field is not null && Array.FindIndex(Binding.Columns, c => c.Name == field) is var c and >= 0 ? c : fallbackColumn;

    /// <summary>Internal ids of rows of <paramref name="table"/> by external id, one query for the whole batch.</summary>
    public async Task<Dictionary<string, long>> IdsByExternalIdAsync(string table, IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        if (externalIds.Count == 0)
        {
            return result;
        }

        await using var command = Writer.Command(string.Empty);
        command.CommandText = $"SELECT external_id, id FROM {table} WHERE {Writer.InList(command, "external_id", externalIds)}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    public static async Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

/// <summary>The part of an import that knows one kind: parses a row, then validates against the database and writes a batch.</summary>
internal abstract class KindImporter(ImportContext context)
{
    protected ImportContext Context { get; } = context;

    /// <summary>Tables whose ids this kind assigns (locked for the whole transaction on PostgreSQL).</summary>
    public abstract IReadOnlyList<string> IdTables { get; }

    /// <summary>Tables this kind bulk-writes (their foreign keys may be deferred for a large load).</summary>
    public virtual IReadOnlyList<string> WrittenTables => IdTables;

    /// <summary>Rows parsed and waiting for <see cref="FlushAsync"/>.</summary>
    public abstract int Pending { get; }

    public abstract void ReadRow(CellParser cells);

    /// <summary>Checks the pending rows against the database and, while the file has no error, writes them.</summary>
    public abstract Task FlushAsync(bool final, CancellationToken cancellationToken);
}
