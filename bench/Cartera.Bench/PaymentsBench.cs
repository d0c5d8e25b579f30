using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Cartera.Application.Import;
using Cartera.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cartera.Bench;

/// <summary>
/// Payments benchmark (issue 12 item 7; docs/benchmarks.md, "Payments"). Generates a portfolio of obligations, then
/// (a) imports N payments with <c>cartera import payments</c> and, in the same run, writes the same payments and ledger
/// lines raw (binary COPY on PostgreSQL, prepared inserts in one transaction on SQLite) into a second database with the
/// same portfolio: payments/s and the ratio; (b) on SQLite, posts payments through the API over HTTP on a real Kestrel
/// host with 16 concurrent clients (payments/s, p50/p95/p99 per request), against a raw reference: the same number of
/// clients each inserting one payment and its ledger lines per transaction straight into the database.
///   dotnet run -c Release --project bench/Cartera.Bench -- --suite payments [--provider sqlite|postgres|both]
///       [--obligations N] [--payments N] [--api-payments N] [--clients N] [--pg CONNECTION]
/// </summary>
internal static class PaymentsBench
{
    /// <summary>The benchmark's "today": every generated obligation is running, the payments fall in the back-dating window.</summary>
    private static readonly DateTimeOffset Now = new(2026, 1, 20, 15, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        string Value(string name, string fallback) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var provider = Value("--provider", "both");
        var providers = provider == "both" ? new[] { DatabaseOptions.Sqlite, DatabaseOptions.Postgres } : [provider];
        var obligations = int.Parse(Value("--obligations", "20000"), CultureInfo.InvariantCulture);
        var payments = int.Parse(Value("--payments", "100000"), CultureInfo.InvariantCulture);
        var apiPayments = int.Parse(Value("--api-payments", "5000"), CultureInfo.InvariantCulture);
        var clients = int.Parse(Value("--clients", "16"), CultureInfo.InvariantCulture);
        var postgres = args.Contains("--pg") ? Value("--pg", string.Empty) : Environment.GetEnvironmentVariable("CARTERA_PG");

        var data = new BenchData(Path.Combine(Path.GetTempPath(), $"cartera-bench-payments-{obligations}"), Math.Max(1, obligations / 2), obligations, 12);
        if (!File.Exists(data.ObligationsFile))
        {
            data.Write();
        }

        var file = Path.Combine(data.Folder, $"payments-{payments}.csv");
        WritePayments(file, payments, obligations);
        var lines = new List<string>();
        foreach (var p in providers)
        {
            lines.Add(await ImportAsync(p, data, file, payments, postgres));
            Console.WriteLine(lines[^1]);
        }

        if (apiPayments > 0)
        {
            lines.Add(await ApiAsync(data, apiPayments, clients));
        }

        Console.WriteLine();
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    /// <summary>Payment k goes to obligation k mod N (so each obligation gets several), value dates in the 10 days
    /// before "today", amounts small enough never to leave an excess credit balance.</summary>
    private static void WritePayments(string path, int count, int obligations)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("payment_id,obligation_id,amount,currency,received_on,channel,reference");
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        for (var k = 0; k < count; k++)
        {
            var obligation = BenchData.ObligationId((k % obligations) + 1);
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PAY-{k:D9},{obligation},{10_000 + (k * 7_919 % 90_000)}.00,COP,{today.AddDays(-(k * 31 % 10)):yyyy-MM-dd},bank,ref {k}"));
        }
    }

    private static async Task<DatabaseOptions> PortfolioAsync(string provider, string name, BenchData data, string? postgres)
    {
        var db = await Program.FreshDatabaseAsync(provider, name, postgres);
        var importer = new PortfolioImporter(db, new FixedClock(Now), new FixedActor("bench", "bench"));
        foreach (var (kind, path) in new[] { (ImportKind.Debtors, data.DebtorsFile), (ImportKind.Obligations, data.ObligationsFile) })
        {
            var result = await importer.ImportAsync(kind, path, new ImportOptions { WriteErrorReport = false });
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"{kind}: {result.Errors[0]}");
            }
        }

        return db;
    }

    private static async Task<string> ImportAsync(string provider, BenchData data, string file, int payments, string? postgres)
    {
        Console.WriteLine($"[{provider}] portfolio of {data.Obligations:N0} obligations, twice…");
        var ours = await PortfolioAsync(provider, "cartera_bench_pay_ours", data, postgres);
        var reference = await PortfolioAsync(provider, "cartera_bench_pay_ref", data, postgres);

        Console.WriteLine($"[{provider}] importing {payments:N0} payments with Cartera…");
        var importer = new PortfolioImporter(ours, new FixedClock(Now), new FixedActor("bench", "bench"));
        var sw = Stopwatch.StartNew();
        var result = await importer.ImportAsync(ImportKind.Payments, file, new ImportOptions { WriteErrorReport = false });
        var cartera = sw.Elapsed;
        if (!result.Succeeded || result.Inserted != payments)
        {
            throw new InvalidOperationException($"payments: {result.Inserted} inserted, {result.Errors.Count} errors, first: {(result.Errors.Count > 0 ? result.Errors[0] : null)}");
        }

        Console.WriteLine($"[{provider}] writing the same payments and ledger lines raw…");
        var (rawTime, ledgerLines) = provider == DatabaseOptions.Postgres
            ? await RawPostgresAsync(ours.EffectiveConnectionString, reference.EffectiveConnectionString)
            : await RawSqliteAsync(ours.EffectiveConnectionString, reference.EffectiveConnectionString);
        return string.Create(CultureInfo.InvariantCulture,
            $"import {provider,-9} {payments:N0} payments ({ledgerLines:N0} ledger lines): cartera {cartera.TotalSeconds:F2} s = {payments / cartera.TotalSeconds:N0} payments/s; raw insert {rawTime.TotalSeconds:F2} s = {payments / rawTime.TotalSeconds:N0} payments/s; ratio {cartera / rawTime:F2}");
    }

    private static string Columns(BulkTable table) => string.Join(", ", table.Columns.Select(c => c.Column));

    /// <summary>Reads the imported rows (untimed), then COPYs them into the reference database (timed).</summary>
    private static async Task<(TimeSpan, long)> RawPostgresAsync(string from, string to)
    {
        var tables = new BulkTable[] { PaymentImporter.PaymentsTable, PaymentImporter.LedgerTable };
        var rows = new List<object[]>[tables.Length];
        await using (var source = new NpgsqlConnection(from))
        {
            await source.OpenAsync();
            for (var t = 0; t < tables.Length; t++)
            {
                rows[t] = await ReadAsync(source, $"SELECT {Columns(tables[t])} FROM {tables[t].Name}{(t == 1 ? " WHERE payment_id IS NOT NULL" : string.Empty)} ORDER BY id");
            }
        }

        await using var target = new NpgsqlConnection(to);
        await target.OpenAsync();
        var sw = Stopwatch.StartNew();
        await using var transaction = await target.BeginTransactionAsync();
        for (var t = 0; t < tables.Length; t++)
        {
            await using var copy = await target.BeginBinaryImportAsync($"COPY {tables[t].Name} ({Columns(tables[t])}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows[t])
            {
                await copy.StartRowAsync();
                for (var c = 0; c < row.Length; c++)
                {
                    if (row[c] is DBNull)
                    {
                        await copy.WriteNullAsync();
                    }
                    else
                    {
                        await copy.WriteAsync(row[c], tables[t].Columns[c].Type);
                    }
                }
            }

            await copy.CompleteAsync();
        }

        await transaction.CommitAsync();
        return (sw.Elapsed, rows[1].Count);
    }

    /// <summary>Reads the imported rows (untimed), then inserts them with prepared INSERTs in one transaction (timed).</summary>
    private static async Task<(TimeSpan, long)> RawSqliteAsync(string from, string to)
    {
        var tables = new BulkTable[] { PaymentImporter.PaymentsTable, PaymentImporter.LedgerTable };
        var rows = new List<object[]>[tables.Length];
        await using (var source = new SqliteConnection(from))
        {
            await source.OpenAsync();
            for (var t = 0; t < tables.Length; t++)
            {
                rows[t] = await ReadAsync(source, $"SELECT {Columns(tables[t])}{(tables[t].Versioned ? ", version" : string.Empty)} FROM {tables[t].Name}{(t == 1 ? " WHERE payment_id IS NOT NULL" : string.Empty)} ORDER BY id");
            }
        }

        await using var target = new SqliteConnection(to);
        await target.OpenAsync();
        var sw = Stopwatch.StartNew();
        await using var transaction = (SqliteTransaction)await target.BeginTransactionAsync();
        for (var t = 0; t < tables.Length; t++)
        {
            var width = rows[t].Count > 0 ? rows[t][0].Length : 0;
            var columns = Columns(tables[t]) + (tables[t].Versioned ? ", version" : string.Empty);
            await using var insert = target.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {tables[t].Name} ({columns}) VALUES ({string.Join(", ", Enumerable.Range(0, width).Select(i => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
            var parameters = Enumerable.Range(0, width).Select(i => insert.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null))).ToArray();
            insert.Prepare();
            foreach (var row in rows[t])
            {
                for (var c = 0; c < width; c++)
                {
                    parameters[c].Value = row[c];
                }

                await insert.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
        return (sw.Elapsed, rows[1].Count);
    }

    private static async Task<List<object[]>> ReadAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>(b): the API over HTTP on Kestrel, SQLite, <paramref name="clients"/> concurrent clients.</summary>
    private static async Task<string> ApiAsync(BenchData data, int count, int clients)
    {
        Console.WriteLine($"[api] portfolio of {data.Obligations:N0} obligations on SQLite, Kestrel on a loopback port…");
        var db = await PortfolioAsync(DatabaseOptions.Sqlite, "cartera_bench_pay_api", data, null);
        var app = CarteraWebApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = db.Provider,
                ["ConnectionStrings:Cartera"] = db.ConnectionString,
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["RateLimits:SignInPerMinute"] = "1000",
            });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddSingleton<TimeProvider>(new FixedClock(Now));
        });
        await app.StartAsync();
        try
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
                await users.EnsureRolesAsync();
                await users.AddAsync("bench@cartera.test", Roles.Supervisor, "Cartera-Bench-2026!");
            }

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = new Uri(app.Urls.First()) };
            var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { email = "bench@cartera.test", password = "Cartera-Bench-2026!" });
            token.EnsureSuccessStatusCode();
            using (var json = JsonDocument.Parse(await token.Content.ReadAsStringAsync()))
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("access_token").GetString());
            }

            var ids = await ObligationIdsAsync(db.EffectiveConnectionString);
            var today = DateOnly.FromDateTime(Now.UtcDateTime);
            async Task<double> PostAsync(int k)
            {
                var body = string.Create(CultureInfo.InvariantCulture,
                    $$"""{"obligation_id":{{ids[k % ids.Count]}},"amount":{"amount":"{{10_000 + (k * 7_919 % 90_000)}}.00","currency":"COP"},"received_on":"{{today.AddDays(-(k * 31 % 10)):yyyy-MM-dd}}","channel":"bank","reference":"api {{k}}"}""");
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", "api-" + k.ToString(CultureInfo.InvariantCulture));
                var start = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if ((int)response.StatusCode != 201)
                {
                    throw new InvalidOperationException($"payment {k}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                return ms;
            }

            for (var k = count; k < count + 50; k++)
            {
                await PostAsync(k); // warm-up, not measured
            }

            var (apiTime, api) = await ConcurrentAsync(count, clients, PostAsync);
            var (rawTime, raw) = await ConcurrentAsync(count, clients, k => RawPostAsync(db.EffectiveConnectionString, ids[k % ids.Count], k, today));
            return string.Create(CultureInfo.InvariantCulture,
                $"api    sqlite    {count:N0} payments, {clients} clients over HTTP: {count / apiTime.TotalSeconds:N0} payments/s, p50 {P(api, 0.50):F1} ms, p95 {P(api, 0.95):F1} ms, p99 {P(api, 0.99):F1} ms; raw reference (one transaction per payment: payment + 2 lines, same clients) {count / rawTime.TotalSeconds:N0} payments/s, p50 {P(raw, 0.50):F1} ms, p99 {P(raw, 0.99):F1} ms; ratio {apiTime / rawTime:F2}");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<(TimeSpan, List<double>)> ConcurrentAsync(int count, int clients, Func<int, Task<double>> post)
    {
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var k = Interlocked.Increment(ref next); k < count; k = Interlocked.Increment(ref next))
            {
                latencies.Add(await post(k));
            }
        })));
        var elapsed = sw.Elapsed;
        var sorted = latencies.ToList();
        sorted.Sort();
        return (elapsed, sorted);
    }

    private static double P(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<List<long>> ObligationIdsAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return (await ReadAsync(connection, "SELECT id FROM obligations ORDER BY id")).Select(r => (long)r[0]).ToList();
    }

    /// <summary>The raw reference of one API post: one write transaction with the payment row and two ledger lines.</summary>
    private static async Task<double> RawPostAsync(string connectionString, long obligationId, int k, DateOnly today)
    {
        var start = Stopwatch.GetTimestamp();
        await using var connection = new SqliteConnection(connectionString + ";Default Timeout=30");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 30000";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        var created = Now.UtcTicks;
        var date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        insert.CommandText =
            "INSERT INTO payments (external_id, obligation_id, amount_minor, currency, received_on, business_date, channel, reference, idempotency_key, request_hash, status, created_by, created_at, version) " +
            "VALUES ($k, $o, 1000000, 'COP', $d, $d, 'bank', 'raw', $k, 'hash', 'posted', 'bench', $c, 0) RETURNING id";
        insert.Parameters.AddWithValue("$k", "raw-" + k.ToString(CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$o", obligationId);
        insert.Parameters.AddWithValue("$d", date);
        insert.Parameters.AddWithValue("$c", created);
        var paymentId = (long)(await insert.ExecuteScalarAsync())!;
        await using var line = connection.CreateCommand();
        line.Transaction = transaction;
        line.CommandText =
            "INSERT INTO ledger_entries (obligation_id, business_date, value_date, kind, component, amount_minor, currency, installment_number, description, created_by, created_at, payment_id) " +
            "VALUES ($o, $d, $d, 'payment', $component, -500000, 'COP', 1, 'raw', 'bench', $c, $p)";
        line.Parameters.AddWithValue("$o", obligationId);
        line.Parameters.AddWithValue("$d", date);
        line.Parameters.AddWithValue("$c", created);
        line.Parameters.AddWithValue("$p", paymentId);
        var component = line.Parameters.AddWithValue("$component", "interest");
        await line.ExecuteNonQueryAsync();
        component.Value = "principal";
        await line.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
