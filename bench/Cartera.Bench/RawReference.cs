using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Sylvan.Data.Csv;

namespace Cartera.Bench;

/// <summary>
/// The raw references the importer is measured against: the same files, the same final rows (debtors, their mobile
/// contact point, obligations, their disbursement ledger entry, installments), written the fastest plain way each
/// database offers. PostgreSQL: binary COPY into tables stripped of keys and indexes, then the keys, foreign keys and
/// indexes rebuilt. SQLite: one prepared INSERT per table, reused for every row, in one transaction.
/// No validation, no duplicate or existence checks, no audit: only parsing and writing.
/// </summary>
public static class RawReference
{
    private static readonly string[] Tables = ["debtors", "contact_points", "obligations", "ledger_entries", "installments"];

    /// <summary>
    /// The second PostgreSQL reference, as an operator would load the files by hand: <c>\copy</c> (text COPY, CSV
    /// format) of the three files as they are into plain tables with primary keys (text ids, no foreign keys, no
    /// other index, no internal ids). It writes fewer rows than Cartera (no contact points, no ledger) and resolves no
    /// reference: the cheapest possible load of the same data.
    /// </summary>
    public static async Task<long> PostgresCsvCopyAsync(string connectionString, BenchData data, string installmentsFile)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await Execute(connection, """
            DROP TABLE IF EXISTS raw_installments, raw_obligations, raw_debtors;
            CREATE TABLE raw_debtors (debtor_id text PRIMARY KEY, kind text, id_type text, id_number text, full_name text, birth_date date,
                country text, region text, city text, address text, mobile text);
            CREATE TABLE raw_obligations (obligation_id text PRIMARY KEY, debtor_id text, kind text, product text, currency text, issue_date date,
                principal numeric, annual_rate_ea numeric, arrears_rate_ea numeric, term integer, frequency text, amortization text,
                first_due_date date, branch text, co_debtor_ids text);
            CREATE TABLE raw_installments (obligation_id text, number integer, due_date date, principal numeric, interest numeric,
                insurance numeric, other numeric, PRIMARY KEY (obligation_id, number));
            """);
        long rows = 0;
        foreach (var (table, file) in new[] { ("raw_debtors", data.DebtorsFile), ("raw_obligations", data.ObligationsFile), ("raw_installments", installmentsFile) })
        {
            await using (var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)"))
            using (var reader = new StreamReader(file))
            {
                var buffer = new char[1 << 16];
                int read;
                while ((read = await reader.ReadAsync(buffer)) > 0)
                {
                    await writer.WriteAsync(buffer.AsMemory(0, read));
                }
            }

            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            rows += Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        return rows;
    }

    public static async Task<long> PostgresAsync(string connectionString, BenchData data, DateTimeOffset now, string installmentsFile)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var (dropSql, createSql) = await SchemaDefinitionsAsync(connection);
        foreach (var sql in dropSql)
        {
            await Execute(connection, sql);
        }

        long rows = 0;
        var debtorIds = new Dictionary<string, long>(data.Debtors, StringComparer.Ordinal);
        await using (var debtors = await connection.BeginBinaryImportAsync("COPY debtors (id, external_id, kind, id_type, id_number, full_name, birth_date, country, region, city, address, time_zone, language, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            await using var contacts = await OpenSecondCopy(connectionString, "COPY contact_points (id, debtor_id, channel, value, is_primary, verified, do_not_contact, created_at) FROM STDIN (FORMAT BINARY)");
            using var csv = Csv(data.DebtorsFile);
            long id = 0;
            while (await csv.ReadAsync())
            {
                id++;
                debtorIds[csv.GetString(0)] = id;
                await debtors.StartRowAsync();
                await debtors.WriteAsync(id, NpgsqlDbType.Bigint);
                await debtors.WriteAsync(csv.GetString(0), NpgsqlDbType.Varchar);
                await debtors.WriteAsync(csv.GetString(1), NpgsqlDbType.Varchar);
                await debtors.WriteAsync(csv.GetString(2), NpgsqlDbType.Varchar);
                await debtors.WriteAsync(csv.GetString(3), NpgsqlDbType.Varchar);
                await debtors.WriteAsync(csv.GetString(4), NpgsqlDbType.Varchar);
                await debtors.WriteAsync(DateOnly.ParseExact(csv.GetString(5), "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date);
                await debtors.WriteAsync(csv.GetString(6), NpgsqlDbType.Varchar);
                await debtors.WriteAsync(csv.GetString(7), NpgsqlDbType.Varchar);
                await debtors.WriteAsync(csv.GetString(8), NpgsqlDbType.Varchar);
                await debtors.WriteAsync(csv.GetString(9), NpgsqlDbType.Varchar);
                await debtors.WriteAsync("America/Bogota", NpgsqlDbType.Varchar);
                await debtors.WriteAsync("es", NpgsqlDbType.Varchar);
                await debtors.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await debtors.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await contacts.Writer.StartRowAsync();
                await contacts.Writer.WriteAsync(id, NpgsqlDbType.Bigint);
                await contacts.Writer.WriteAsync(id, NpgsqlDbType.Bigint);
                await contacts.Writer.WriteAsync("mobile", NpgsqlDbType.Varchar);
                await contacts.Writer.WriteAsync(csv.GetString(10), NpgsqlDbType.Varchar);
                await contacts.Writer.WriteAsync(true, NpgsqlDbType.Boolean);
                await contacts.Writer.WriteAsync(false, NpgsqlDbType.Boolean);
                await contacts.Writer.WriteAsync(false, NpgsqlDbType.Boolean);
                await contacts.Writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                rows += 2;
            }

            await contacts.Writer.CompleteAsync();
            await debtors.CompleteAsync();
        }

        var obligationIds = new Dictionary<string, long>(data.Obligations, StringComparer.Ordinal);
        await using (var obligations = await connection.BeginBinaryImportAsync("COPY obligations (id, external_id, debtor_id, kind, product, currency, issue_date, principal_minor, annual_rate_ea, term, frequency, amortization, first_due_date, branch, status, schedule_source, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            await using var ledger = await OpenSecondCopy(connectionString, "COPY ledger_entries (id, obligation_id, business_date, value_date, kind, component, amount_minor, currency, created_by, created_at) FROM STDIN (FORMAT BINARY)");
            using var csv = Csv(data.ObligationsFile);
            long id = 0;
            while (await csv.ReadAsync())
            {
                id++;
                obligationIds[csv.GetString(0)] = id;
                var issue = DateOnly.ParseExact(csv.GetString(5), "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var principal = Minor(csv.GetString(6));
                await obligations.StartRowAsync();
                await obligations.WriteAsync(id, NpgsqlDbType.Bigint);
                await obligations.WriteAsync(csv.GetString(0), NpgsqlDbType.Varchar);
                await obligations.WriteAsync(debtorIds[csv.GetString(1)], NpgsqlDbType.Bigint);
                await obligations.WriteAsync(csv.GetString(2), NpgsqlDbType.Varchar);
                await obligations.WriteAsync(csv.GetString(3), NpgsqlDbType.Varchar);
                await obligations.WriteAsync(csv.GetString(4), NpgsqlDbType.Char);
                await obligations.WriteAsync(issue, NpgsqlDbType.Date);
                await obligations.WriteAsync(principal, NpgsqlDbType.Bigint);
                await obligations.WriteAsync(decimal.Parse(csv.GetString(7), CultureInfo.InvariantCulture), NpgsqlDbType.Numeric);
                await obligations.WriteAsync(int.Parse(csv.GetString(9), CultureInfo.InvariantCulture), NpgsqlDbType.Integer);
                await obligations.WriteAsync(csv.GetString(10), NpgsqlDbType.Varchar);
                await obligations.WriteAsync(csv.GetString(11), NpgsqlDbType.Varchar);
                await obligations.WriteAsync(DateOnly.ParseExact(csv.GetString(12), "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date);
                await obligations.WriteAsync(csv.GetString(13), NpgsqlDbType.Varchar);
                await obligations.WriteAsync("active", NpgsqlDbType.Varchar);
                await obligations.WriteAsync("generated", NpgsqlDbType.Varchar);
                await obligations.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await ledger.Writer.StartRowAsync();
                await ledger.Writer.WriteAsync(id, NpgsqlDbType.Bigint);
                await ledger.Writer.WriteAsync(id, NpgsqlDbType.Bigint);
                await ledger.Writer.WriteAsync(issue, NpgsqlDbType.Date);
                await ledger.Writer.WriteAsync(issue, NpgsqlDbType.Date);
                await ledger.Writer.WriteAsync("disbursement", NpgsqlDbType.Varchar);
                await ledger.Writer.WriteAsync("principal", NpgsqlDbType.Varchar);
                await ledger.Writer.WriteAsync(principal, NpgsqlDbType.Bigint);
                await ledger.Writer.WriteAsync("COP", NpgsqlDbType.Char);
                await ledger.Writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await ledger.Writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                rows += 2;
            }

            await ledger.Writer.CompleteAsync();
            await obligations.CompleteAsync();
        }

        await using (var installments = await connection.BeginBinaryImportAsync("COPY installments (obligation_id, number, due_date, principal_minor, interest_minor, insurance_minor, other_minor, principal_paid_minor, interest_paid_minor, insurance_paid_minor, other_paid_minor) FROM STDIN (FORMAT BINARY)"))
        {
            using var csv = Csv(installmentsFile);
            while (await csv.ReadAsync())
            {
                await installments.StartRowAsync();
                await installments.WriteAsync(obligationIds[csv.GetString(0)], NpgsqlDbType.Bigint);
                await installments.WriteAsync(int.Parse(csv.GetString(1), CultureInfo.InvariantCulture), NpgsqlDbType.Integer);
                await installments.WriteAsync(DateOnly.ParseExact(csv.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date);
                await installments.WriteAsync(Minor(csv.GetString(3)), NpgsqlDbType.Bigint);
                await installments.WriteAsync(Minor(csv.GetString(4)), NpgsqlDbType.Bigint);
                await installments.WriteAsync(Minor(csv.GetString(5)), NpgsqlDbType.Bigint);
                await installments.WriteAsync(Minor(csv.GetString(6)), NpgsqlDbType.Bigint);
                for (var k = 0; k < 4; k++)
                {
                    await installments.WriteAsync(0L, NpgsqlDbType.Bigint);
                }

                rows++;
            }

            await installments.CompleteAsync();
        }

        foreach (var sql in createSql)
        {
            await Execute(connection, sql);
        }

        foreach (var table in Tables.Where(t => t != "installments"))
        {
            await Execute(connection, $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}");
        }

        return rows;
    }

    public static async Task<long> SqliteAsync(string connectionString, BenchData data, DateTimeOffset now, string installmentsFile)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        Cartera.Application.Data.SqlitePragmas.Apply(connection);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var ticks = now.UtcTicks;
        long rows = 0;

        var insertDebtor = Prepare(connection, tx, "INSERT INTO debtors (id, external_id, kind, id_type, id_number, full_name, birth_date, country, region, city, address, time_zone, language, version, created_at, updated_at) VALUES (@p0,@p1,@p2,@p3,@p4,@p5,@p6,@p7,@p8,@p9,@p10,'America/Bogota','es',0,@p11,@p11)", 12);
        var insertContact = Prepare(connection, tx, "INSERT INTO contact_points (id, debtor_id, channel, value, is_primary, verified, do_not_contact, created_at) VALUES (@p0,@p0,'mobile',@p1,1,0,0,@p2)", 3);
        var debtorIds = new Dictionary<string, long>(data.Debtors, StringComparer.Ordinal);
        using (var csv = Csv(data.DebtorsFile))
        {
            long id = 0;
            while (await csv.ReadAsync())
            {
                id++;
                debtorIds[csv.GetString(0)] = id;
                Run(insertDebtor, id, csv.GetString(0), csv.GetString(1), csv.GetString(2), csv.GetString(3), csv.GetString(4), csv.GetString(5), csv.GetString(6), csv.GetString(7), csv.GetString(8), csv.GetString(9), ticks);
                Run(insertContact, id, csv.GetString(10), ticks);
                rows += 2;
            }
        }

        var insertObligation = Prepare(connection, tx, "INSERT INTO obligations (id, external_id, debtor_id, kind, product, currency, issue_date, principal_minor, annual_rate_ea, term, frequency, amortization, first_due_date, branch, status, schedule_source, version, created_at) VALUES (@p0,@p1,@p2,@p3,@p4,@p5,@p6,@p7,@p8,@p9,@p10,@p11,@p12,@p13,'active','generated',0,@p14)", 15);
        var insertLedger = Prepare(connection, tx, "INSERT INTO ledger_entries (id, obligation_id, business_date, value_date, kind, component, amount_minor, currency, created_by, created_at) VALUES (@p0,@p0,@p1,@p1,'disbursement','principal',@p2,'COP','bench',@p3)", 4);
        var obligationIds = new Dictionary<string, long>(data.Obligations, StringComparer.Ordinal);
        using (var csv = Csv(data.ObligationsFile))
        {
            long id = 0;
            while (await csv.ReadAsync())
            {
                id++;
                obligationIds[csv.GetString(0)] = id;
                var principal = Minor(csv.GetString(6));
                Run(insertObligation, id, csv.GetString(0), debtorIds[csv.GetString(1)], csv.GetString(2), csv.GetString(3), csv.GetString(4), csv.GetString(5), principal, csv.GetString(7), int.Parse(csv.GetString(9), CultureInfo.InvariantCulture), csv.GetString(10), csv.GetString(11), csv.GetString(12), csv.GetString(13), ticks);
                Run(insertLedger, id, csv.GetString(5), principal, ticks);
                rows += 2;
            }
        }

        var insertInstallment = Prepare(connection, tx, "INSERT INTO installments (obligation_id, number, due_date, principal_minor, interest_minor, insurance_minor, other_minor, principal_paid_minor, interest_paid_minor, insurance_paid_minor, other_paid_minor) VALUES (@p0,@p1,@p2,@p3,@p4,@p5,@p6,0,0,0,0)", 7);
        using (var csv = Csv(installmentsFile))
        {
            while (await csv.ReadAsync())
            {
                Run(insertInstallment, obligationIds[csv.GetString(0)], int.Parse(csv.GetString(1), CultureInfo.InvariantCulture), csv.GetString(2), Minor(csv.GetString(3)), Minor(csv.GetString(4)), Minor(csv.GetString(5)), Minor(csv.GetString(6)));
                rows++;
            }
        }

        await tx.CommitAsync();
        return rows;
    }

    /// <summary>Statements that drop every key and secondary index of the loaded tables, and those that rebuild them.</summary>
    private static async Task<(List<string> Drop, List<string> Create)> SchemaDefinitionsAsync(NpgsqlConnection connection)
    {
        var drop = new List<string>();
        var createKeys = new List<string>();
        var createForeign = new List<string>();
        var createIndexes = new List<string>();
        var tableList = string.Join(",", Tables.Select(t => $"'{t}'"));
        await using (var cmd = new NpgsqlCommand($"""
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
            FROM pg_constraint c
            WHERE c.contype IN ('p','f','u') AND (c.conrelid::regclass::text IN ({tableList}))
            ORDER BY c.contype DESC
            """, connection))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            var foreignDrops = new List<string>();
            var keyDrops = new List<string>();
            while (await reader.ReadAsync())
            {
                var (table, name, def, type) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetChar(3));
                (type == 'f' ? foreignDrops : keyDrops).Add($"ALTER TABLE {table} DROP CONSTRAINT {name}");
                (type == 'f' ? createForeign : createKeys).Add($"ALTER TABLE {table} ADD CONSTRAINT {name} {def}");
            }

            drop.AddRange(foreignDrops);
            drop.AddRange(keyDrops);
        }

        // Foreign keys from other tables that point at the loaded ones must go too (and come back).
        await using (var cmd = new NpgsqlCommand($"""
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.confrelid::regclass::text IN ({tableList}) AND c.conrelid::regclass::text NOT IN ({tableList})
            """, connection))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                drop.Insert(0, $"ALTER TABLE {reader.GetString(0)} DROP CONSTRAINT {reader.GetString(1)}");
                createForeign.Add($"ALTER TABLE {reader.GetString(0)} ADD CONSTRAINT {reader.GetString(1)} {reader.GetString(2)}");
            }
        }

        await using (var cmd = new NpgsqlCommand($"""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename IN ({tableList}) AND i.indexname NOT IN (SELECT conname FROM pg_constraint)
            """, connection))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                drop.Add($"DROP INDEX {reader.GetString(0)}");
                createIndexes.Add(reader.GetString(1));
            }
        }

        return (drop, [.. createKeys, .. createIndexes, .. createForeign]);
    }

    private static async Task<SecondCopy> OpenSecondCopy(string connectionString, string copy)
    {
        // Two COPY streams cannot share one connection; the second table goes through its own.
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return new SecondCopy(connection, await connection.BeginBinaryImportAsync(copy));
    }

    private sealed record SecondCopy(NpgsqlConnection Connection, NpgsqlBinaryImporter Writer) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Writer.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    private static long Minor(string amount) => decimal.ToInt64(decimal.Parse(amount, NumberStyles.Number, CultureInfo.InvariantCulture) * 100m);

    private static CsvDataReader Csv(string path) => CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = true });

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, int parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        for (var p = 0; p < parameters; p++)
        {
            cmd.Parameters.Add(new SqliteParameter("@p" + p.ToString(CultureInfo.InvariantCulture), null));
        }

        cmd.Prepare();
        return cmd;
    }

    private static void Run(DbCommand cmd, params object[] values)
    {
        for (var p = 0; p < values.Length; p++)
        {
            cmd.Parameters[p].Value = values[p];
        }

        cmd.ExecuteNonQuery();
    }
}
