using System.Data.Common;

namespace Cartera.Application.Import;

/// <summary>
/// Writes new rows of one table in column order: <c>Long</c>/<c>Text</c>/… once per column, then <see cref="EndRow"/>.
/// PostgreSQL streams them through binary COPY; SQLite executes a prepared INSERT per row.
/// </summary>
internal interface ITableSink : IDisposable
{
    void Long(long value);

    void Int(int value);

    void Text(string? value);

    void Bool(bool value);

    void Date(DateOnly? value);

    void Instant(DateTimeOffset value);

    void Rate(decimal? value);

    /// <summary>A bigint column that may be null.</summary>
    void LongOrNull(long? value);

    /// <summary>An integer column that may be null.</summary>
    void IntOrNull(int? value);

    void EndRow();

    /// <summary>Makes the rows part of the transaction (COPY is only applied on completion).</summary>
    void Complete();
}

/// <summary>The provider-specific half of the bulk path, on the import's connection and inside its one transaction.</summary>
internal abstract class BulkWriter(DbConnection connection, DbTransaction transaction)
{
    private readonly Dictionary<string, long> _nextIds = new(StringComparer.Ordinal);

    protected DbConnection Connection { get; } = connection;

    protected DbTransaction Transaction { get; } = transaction;

    public abstract bool InClauseUsesArray { get; }

    public abstract ITableSink Open(BulkTable table);

    /// <summary>Locks the table against other writers until commit and returns max(id); new rows take the ids after it.</summary>
    protected abstract Task<long> LockAndReadMaxIdAsync(string table, CancellationToken cancellationToken);

    /// <summary>Moves the table's id generator past the ids the import assigned, so later inserts continue after them.</summary>
    protected abstract Task AdvanceIdGeneratorAsync(string table, CancellationToken cancellationToken);

    public async Task ReserveIdsAsync(IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        foreach (var table in tables)
        {
            _nextIds[table] = await LockAndReadMaxIdAsync(table, cancellationToken) + 1;
        }
    }

    public long NextId(string table) => _nextIds[table]++;

    /// <summary>
    /// Before a large load: lets the provider drop the foreign keys of <paramref name="tables"/> that checking row by row
    /// would make the load's largest cost (the import checks every reference itself, set-wise, before it writes).
    /// <see cref="FinishAsync"/> puts them back, each checked once over the whole table, inside the same transaction.
    /// </summary>
    public virtual Task DeferForeignKeysAsync(IReadOnlyList<string> tables, long fileBytes, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Restores what <see cref="DeferForeignKeysAsync"/> dropped.</summary>
    protected virtual Task RestoreForeignKeysAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After the last row: id generators past the assigned ids, deferred foreign keys back (and checked).</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        foreach (var table in _nextIds.Keys)
        {
            await AdvanceIdGeneratorAsync(table, cancellationToken);
        }

        await RestoreForeignKeysAsync(cancellationToken);
    }

    public DbCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds a list parameter and returns the SQL that tests membership: <c>IN (SELECT unnest(@p))</c> on PostgreSQL, <c>IN (SELECT value FROM json_each(…))</c> on SQLite.</summary>
    public abstract string InList<T>(DbCommand command, string column, IReadOnlyCollection<T> values);
}
