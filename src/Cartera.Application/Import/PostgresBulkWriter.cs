using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Cartera.Application.Import;

/// <summary>Bulk writes on PostgreSQL: binary COPY into the real tables, ids under a table lock, lookups with <c>= ANY(@ids)</c>.</summary>
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

    public override string InList<T>(DbCommand command, string column, IReadOnlyCollection<T> values)
    {
        var name = "p" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        command.Parameters.Add(new NpgsqlParameter(name, values.ToArray()));
        return $"{column} = ANY(@{name})";
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
