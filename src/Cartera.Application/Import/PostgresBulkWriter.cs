using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Cartera.Application.Import;

/// <summary>Bulk writes on PostgreSQL: binary COPY into the real tables, ids under a table lock, lookups as semi-joins on an array parameter.</summary>
internal sealed class PostgresBulkWriter(NpgsqlConnection connection, DbTransaction transaction) : BulkWriter(connection, transaction)
{
    public override bool InClauseUsesArray => true;

    public override ITableSink Open(BulkTable table)
    {
        var columns = string.Join(", ", table.Columns.Select(c => c.Column));
        var importer = connection.BeginBinaryImport($"COPY {table.Name} ({columns}) FROM STDIN (FORMAT BINARY)");
        return new Sink(importer);
    }

    protected override async Task<long> LockAndReadMaxIdAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = Command($"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE; SELECT coalesce(max(id), 0) FROM {table}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override async Task AdvanceIdGeneratorAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), m) FROM (SELECT max(id) AS m FROM {table}) t WHERE m IS NOT NULL");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private readonly List<(string Table, string Name, string Definition)> _deferred = [];
    private readonly List<string> _largeLoads = [];

    /// <summary>
    /// A foreign key is checked by a trigger per inserted row (an index probe and a row lock on the referenced row):
    /// for 1.2 million installments that is 10 s of a 12 s COPY. When the file is large next to a table it writes (a
    /// first load; a file of at least a quarter of the table's size), the table's foreign keys are dropped for the
    /// load and added back at the end, where PostgreSQL checks each once with a join over the whole table. Dropping
    /// them locks the table and the tables it references (ACCESS EXCLUSIVE) until the import commits or rolls back,
    /// and a rollback restores them. A small file into a large table keeps its per-row checks.
    /// </summary>
    public override async Task DeferForeignKeysAsync(IReadOnlyList<string> tables, long fileBytes, CancellationToken cancellationToken)
    {
        foreach (var table in tables)
        {
            await using var size = Command($"SELECT pg_table_size('{table}')");
            var bytes = Convert.ToInt64(await size.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (fileBytes * 4 < bytes)
            {
                continue;
            }

            var keys = new List<(string, string, string)>();
            await using (var query = Command(
                $"SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND conrelid = '{table}'::regclass ORDER BY conname"))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    keys.Add((table, reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (_, name, _) in keys)
            {
                await using var drop = Command($"ALTER TABLE {table} DROP CONSTRAINT {name}");
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }

            _deferred.AddRange(keys);
            _largeLoads.Add(table);
        }
    }

    protected override async Task RestoreForeignKeysAsync(CancellationToken cancellationToken)
    {
        foreach (var (table, name, definition) in _deferred)
        {
            await using var add = Command($"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}");
            add.CommandTimeout = 0;
            await add.ExecuteNonQueryAsync(cancellationToken);
        }

        // Statistics for what a large load wrote: without them the next import (installments after obligations) is
        // planned against an empty table and scans it whole for each batch.
        foreach (var table in _largeLoads)
        {
            await using var analyze = Command($"ANALYZE {table}");
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        _deferred.Clear();
        _largeLoads.Clear();
    }

    public override string InList<T>(DbCommand command, string column, IReadOnlyCollection<T> values)
    {
        var name = "p" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        command.Parameters.Add(new NpgsqlParameter(name, values.ToArray()));
        // A semi-join rather than "= ANY(@p)": PostgreSQL tests "= ANY" of a parameter array by a linear search per row,
        // and a table loaded in this transaction (or not yet analyzed) is scanned whole — 5,000 ids × every row, per batch.
        return $"{column} IN (SELECT unnest(@{name}))";
    }

    private sealed class Sink(NpgsqlBinaryImporter importer) : ITableSink
    {
        private bool _inRow;

        public void Long(long value)
        {
            Start();
            importer.Write(value, NpgsqlDbType.Bigint);
        }

        public void Int(int value)
        {
            Start();
            importer.Write(value, NpgsqlDbType.Integer);
        }

        public void Text(string? value)
        {
            Start();
            if (value is null)
            {
                importer.WriteNull();
            }
            else
            {
                importer.Write(value, NpgsqlDbType.Text);
            }
        }

        public void Bool(bool value)
        {
            Start();
            importer.Write(value, NpgsqlDbType.Boolean);
        }

        public void Date(DateOnly? value)
        {
            Start();
            if (value is { } d)
            {
                importer.Write(d, NpgsqlDbType.Date);
            }
            else
            {
                importer.WriteNull();
            }
        }

        public void Instant(DateTimeOffset value)
        {
            Start();
            importer.Write(value.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        }

        public void Rate(decimal? value)
        {
            Start();
            if (value is { } r)
            {
                importer.Write(r, NpgsqlDbType.Numeric);
            }
            else
            {
                importer.WriteNull();
            }
        }

        public void LongOrNull(long? value)
        {
            Start();
            if (value is { } v)
            {
                importer.Write(v, NpgsqlDbType.Bigint);
            }
            else
            {
                importer.WriteNull();
            }
        }

        public void IntOrNull(int? value)
        {
            Start();
            if (value is { } v)
            {
                importer.Write(v, NpgsqlDbType.Integer);
            }
            else
            {
                importer.WriteNull();
            }
        }

        public void EndRow() => _inRow = false;

        public void Complete() => importer.Complete();

        public void Dispose() => importer.Dispose();

        private void Start()
        {
            if (!_inRow)
            {
                importer.StartRow();
                _inRow = true;
            }
        }
    }
}
