using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Cartera.Application.Import;

/// <summary>
/// Bulk writes on SQLite: one prepared, parameterized INSERT per table reused for every row, inside the import's
/// transaction (SQLite's write transaction is exclusive, so max(id)+1 cannot collide with another writer).
/// </summary>
internal sealed class SqliteBulkWriter(SqliteConnection connection, DbTransaction transaction) : BulkWriter(connection, transaction)
{
    public override bool InClauseUsesArray => false;

    public override ITableSink Open(BulkTable table)
    {
        var columns = table.Columns.Select(c => c.Column).ToList();
        if (table.Versioned)
        {
            columns.Add("version");
        }

        var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)Transaction;
        command.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = new SqliteParameter[columns.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = command.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text);
        }

        if (table.Versioned)
        {
            parameters[^1].SqliteType = SqliteType.Integer;
            parameters[^1].Value = 0L;
        }

        command.Prepare();
        return new Sink(command, parameters);
    }

    protected override async Task<long> LockAndReadMaxIdAsync(string table, CancellationToken cancellationToken)
    {
        // AUTOINCREMENT never reuses ids of deleted rows: start after both max(id) and the table's sequence.
        await using var command = Command(
            $"SELECT max(coalesce((SELECT max(id) FROM {table}), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0))");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    // SQLite's AUTOINCREMENT sequence follows explicitly inserted ids by itself.
    protected override Task AdvanceIdGeneratorAsync(string table, CancellationToken cancellationToken) => Task.CompletedTask;

    // One JSON parameter instead of one per value: no limit on SQLite's variable count, whatever the batch size.
    public override string InList<T>(DbCommand command, string column, IReadOnlyCollection<T> values)
    {
        var name = "$p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
        ((SqliteCommand)command).Parameters.AddWithValue(name, System.Text.Json.JsonSerializer.Serialize(values));
        return $"{column} IN (SELECT value FROM json_each({name}))";
    }

    private sealed class Sink(SqliteCommand command, SqliteParameter[] parameters) : ITableSink
    {
        private int _next;

        public void Long(long value) => Set(value, SqliteType.Integer);

        public void Int(int value) => Set(value, SqliteType.Integer);

        public void Text(string? value) => Set(value, SqliteType.Text);

        public void Bool(bool value) => Set(value ? 1L : 0L, SqliteType.Integer);

        public void Date(DateOnly? value) => Set(value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), SqliteType.Text);

        // As the model's converter stores instants on SQLite: UTC ticks.
        public void Instant(DateTimeOffset value) => Set(value.UtcTicks, SqliteType.Integer);

        // As EF Core stores decimals on SQLite: invariant text.
        public void Rate(decimal? value) => Set(value?.ToString("0.0###########################", CultureInfo.InvariantCulture), SqliteType.Text);

        public void LongOrNull(long? value) => Set(value, SqliteType.Integer);

        public void IntOrNull(int? value) => Set(value, SqliteType.Integer);

        public void EndRow()
        {
            command.ExecuteNonQuery();
            _next = 0;
        }

        public void Complete()
        {
        }

        public void Dispose() => command.Dispose();

        private void Set(object? value, SqliteType type)
        {
            var p = parameters[_next++];
            p.SqliteType = type;
            p.Value = value ?? DBNull.Value;
        }
    }
}
