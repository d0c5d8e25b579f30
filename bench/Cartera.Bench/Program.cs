using System.Diagnostics;
using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Import;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cartera.Bench;

/// <summary>
/// Import benchmark: generates a portfolio, imports it with Cartera's importer into a fresh database, loads the same
/// rows with the raw reference into another fresh database, and prints rows/s, per-batch latency percentiles and the
/// time ratio (Cartera ÷ reference; lower is better, goal ≤ 1.5). See docs/benchmarks.md.
/// Other suites: <c>--suite close-of-day</c> (<see cref="CloseOfDayBench"/>); the import benchmark is the default.
///   dotnet run -c Release --project bench/Cartera.Bench -- [--provider sqlite|postgres|both] [--debtors N]
///       [--obligations N] [--term N] [--shape generated|explicit|both] [--pg CONNECTION] [--data DIR] [--reference-only]
/// Shapes: <c>generated</c> imports debtors and obligations (Cartera generates the schedules); <c>explicit</c> also
/// imports the core system's schedules (<see cref="BenchData.CoreInstallmentsFile"/>) with the installments import.
/// PostgreSQL: --pg or CARTERA_PG names a server where the benchmark may create and drop databases.
/// <c>--suite compliance</c> runs the compliance gate benchmark instead (<see cref="ComplianceBench"/>); <c>--suite
/// payments</c> the payments import and API benchmark (<see cref="PaymentsBench"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return await RunSuiteAsync(args);
        }
        finally
        {
            Console.WriteLine(Memory.Line("suite end"));
        }
    }

    private static async Task<int> RunSuiteAsync(string[] args)
    {
        var suite = Array.IndexOf(args, "--suite") is var s && s >= 0 && s + 1 < args.Length ? args[s + 1] : "import";
        if (suite == "close-of-day")
        {
            return await CloseOfDayBench.RunAsync(args);
        }

        if (suite == "compliance")
        {
            return ComplianceBench.Run(args);
        }

        if (suite == "payments")
        {
            return await PaymentsBench.RunAsync(args);
        }

        if (suite == "queue")
        {
            return await QueueBench.RunAsync(args);
        }

        if (suite == "messages")
        {
            return await MessagesBench.RunAsync(args);
        }

        if (suite != "import")
        {
            Console.Error.WriteLine($"unknown suite '{suite}': import (default), compliance, close-of-day, payments, queue or messages");
            return 2;
        }

        var options = Options.Parse(args);
        var folder = options.Data ?? Path.Combine(Path.GetTempPath(), $"cartera-bench-v2-{options.Debtors}-{options.Obligations}-{options.Term}");
        var data = new BenchData(folder, options.Debtors, options.Obligations, options.Term);
        if (!File.Exists(data.InstallmentsFile) || !File.Exists(data.CoreInstallmentsFile))
        {
            var sw = Stopwatch.StartNew();
            data.Write();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {data.Debtors:N0} debtors, {data.Obligations:N0} obligations, {data.InstallmentRows:N0} installments in {sw.Elapsed.TotalSeconds:F1} s → {folder}"));
        }

        var results = new List<Result>();
        foreach (var provider in options.Providers)
        {
            foreach (var explicitSchedules in options.Shapes)
            {
                results.Add(await RunAsync(provider, data, options, explicitSchedules));
            }
        }

        Console.WriteLine();
        Console.WriteLine("provider   shape      path         rows         seconds   rows/s      batch p50 ms  p95 ms  p99 ms   ratio   peak MB (process, after the import)");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Provider,-10} {r.Shape,-10} cartera      {r.Rows,-12:N0} {r.Cartera.TotalSeconds,7:F1}   {r.Rows / r.Cartera.TotalSeconds,-11:N0} {r.P50,8:F1} {r.P95,7:F1} {r.P99,7:F1}   {r.Cartera / r.Reference:F2}    {r.PeakMb,6:N0}{(r.PeakMb > Memory.BudgetMb ? " over the 500 MB budget" : string.Empty)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Provider,-10} {r.Shape,-10} reference    {r.ReferenceRows,-12:N0} {r.Reference.TotalSeconds,7:F1}   {r.ReferenceRows / r.Reference.TotalSeconds,-11:N0}"));
            if (r.CsvCopy is { } copy)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Provider,-10} {r.Shape,-10} csv-copy     {r.CsvCopyRows,-12:N0} {copy.TotalSeconds,7:F1}   {r.CsvCopyRows / copy.TotalSeconds,-11:N0} {string.Empty,8} {string.Empty,7} {string.Empty,7}   {r.Cartera / copy:F2}   (\\copy of the three CSV files into plain tables with primary keys)"));
            }
        }

        return options.ReferenceOnly || results.TrueForAll(r => r.Rows == r.ReferenceRows) ? 0 : 1;
    }

    private static async Task<Result> RunAsync(string provider, BenchData data, Options options, bool explicitSchedules)
    {
        var shape = explicitSchedules ? "explicit" : "generated";
        var installmentsFile = explicitSchedules ? data.CoreInstallmentsFile : data.InstallmentsFile;
        Console.WriteLine($"[{provider}] shape {shape}");
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var ours = await FreshDatabaseAsync(provider, "cartera_bench_ours", options);
        var reference = await FreshDatabaseAsync(provider, "cartera_bench_ref", options);

        var cartera = TimeSpan.Zero;
        long rows = 0;
        var batches = new List<double>();
        if (!options.ReferenceOnly)
        {
            (cartera, rows) = await ImportWithCarteraAsync(provider, data, ours, batches, explicitSchedules);
        }

        var peakMb = Memory.PeakMb; // before the reference runs: the process's peak while Cartera imported (and before)

        Console.WriteLine($"[{provider}] loading the same rows with the raw reference…");
        var sw = Stopwatch.StartNew();
        var referenceRows = provider == DatabaseOptions.Postgres
            ? await RawReference.PostgresAsync(reference.EffectiveConnectionString, data, now, installmentsFile)
            : await RawReference.SqliteAsync(reference.EffectiveConnectionString, data, now, installmentsFile);
        var referenceTime = sw.Elapsed;
        var countedReference = await CountRowsAsync(reference);
        if (countedReference != referenceRows)
        {
            throw new InvalidOperationException($"reference wrote {referenceRows} rows but {countedReference} are in the tables");
        }

        TimeSpan? csvCopy = null;
        long csvCopyRows = 0;
        if (provider == DatabaseOptions.Postgres)
        {
            Console.WriteLine($"[{provider}] \\copy of the three CSV files into plain tables…");
            var raw = await FreshDatabaseAsync(provider, "cartera_bench_raw", options);
            sw.Restart();
            csvCopyRows = await RawReference.PostgresCsvCopyAsync(raw.EffectiveConnectionString, data, installmentsFile);
            csvCopy = sw.Elapsed;
        }

        batches.Sort();
        return new Result(provider, shape, rows, cartera, referenceRows, referenceTime, csvCopyRows, csvCopy, Percentile(batches, 0.50), Percentile(batches, 0.95), Percentile(batches, 0.99), peakMb);
    }

    private static async Task<(TimeSpan Elapsed, long Rows)> ImportWithCarteraAsync(string provider, BenchData data, DatabaseOptions ours, List<double> batches, bool explicitSchedules)
    {
        Console.WriteLine($"[{provider}] importing with Cartera…");
        var importer = new PortfolioImporter(ours, TimeProvider.System, new FixedActor("bench", "bench"));
        var last = Stopwatch.GetTimestamp();
        var progress = new SynchronousProgress(_ =>
        {
            var t = Stopwatch.GetTimestamp();
            batches.Add(Stopwatch.GetElapsedTime(last, t).TotalMilliseconds);
            last = t;
        });
        var sw = Stopwatch.StartNew();
        var files = new List<(ImportKind, string)> { (ImportKind.Debtors, data.DebtorsFile), (ImportKind.Obligations, data.ObligationsFile) };
        if (explicitSchedules)
        {
            files.Add((ImportKind.Installments, data.CoreInstallmentsFile));
        }

        foreach (var (kind, file) in files)
        {
            var result = await importer.ImportAsync(kind, file, new ImportOptions { WriteErrorReport = false }, progress);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"{kind}: {result.Errors.Count} errors, first: {result.Errors[0]}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{provider}]   {kind}: {result.Inserted:N0} inserted, {result.Updated:N0} updated in {result.Elapsed.TotalSeconds:F1} s; {Memory.Line("memory")}"));
        }

        return (sw.Elapsed, await CountRowsAsync(ours));
    }

    private static async Task<long> CountRowsAsync(DatabaseOptions options)
    {
        await using var db = new CarteraDbContext(CarteraDatabase.Options(options));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT (SELECT count(*) FROM debtors) + (SELECT count(*) FROM contact_points) + (SELECT count(*) FROM obligations) + (SELECT count(*) FROM ledger_entries) + (SELECT count(*) FROM installments)";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static Task<DatabaseOptions> FreshDatabaseAsync(string provider, string name, Options options) =>
        FreshDatabaseAsync(provider, name, options.Postgres);

    /// <summary>A fresh, migrated database: dropped and created on the PostgreSQL server, or a new SQLite file.</summary>
    internal static async Task<DatabaseOptions> FreshDatabaseAsync(string provider, string name, string? postgres)
    {
        DatabaseOptions db;
        if (provider == DatabaseOptions.Postgres)
        {
            var admin = postgres ?? throw new InvalidOperationException("PostgreSQL needs --pg CONNECTION or CARTERA_PG.");
            NpgsqlConnection.ClearAllPools(); // idle pooled connections to a database dropped WITH (FORCE) would fail on next use
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await create.ExecuteNonQueryAsync();
            }

            db = new DatabaseOptions { Provider = provider, ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, CommandTimeout = 0 }.ConnectionString };
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), name + ".db");
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }

            db = new DatabaseOptions { Provider = provider, ConnectionString = $"Data Source={file}" };
        }

        await DatabaseMigrator.MigrateAsync(db);
        return db;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed record Result(string Provider, string Shape, long Rows, TimeSpan Cartera, long ReferenceRows, TimeSpan Reference, long CsvCopyRows, TimeSpan? CsvCopy, double P50, double P95, double P99, long PeakMb);

    /// <summary>Reports on the caller's thread, so batch timings are taken when the batch ends (Progress&lt;T&gt; posts later).</summary>
    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    private sealed record Options(IReadOnlyList<string> Providers, IReadOnlyList<bool> Shapes, int Debtors, int Obligations, int Term, string? Postgres, string? Data, bool ReferenceOnly)
    {
        public static Options Parse(string[] args)
        {
            string Value(string name, string fallback)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }

            var provider = Value("--provider", "both");
            var providers = provider == "both" ? new[] { DatabaseOptions.Sqlite, DatabaseOptions.Postgres } : [provider];
            var shape = Value("--shape", "both");
            bool[] shapes = shape switch { "both" => [false, true], "explicit" => [true], _ => [false] };
            return new Options(
                providers,
                shapes,
                int.Parse(Value("--debtors", "100000"), CultureInfo.InvariantCulture),
                int.Parse(Value("--obligations", "1000000"), CultureInfo.InvariantCulture),
                int.Parse(Value("--term", "12"), CultureInfo.InvariantCulture),
                args.Contains("--pg") ? Value("--pg", string.Empty) : Environment.GetEnvironmentVariable("CARTERA_PG"),
                args.Contains("--data") ? Value("--data", string.Empty) : null,
                args.Contains("--reference-only"));
        }
    }
}

/// <summary>Memory figures printed by every suite: the process's peak working set (what /usr/bin/time -v calls maximum resident set size) and the GC's view.</summary>
internal static class Memory
{
    /// <summary>The import's memory budget (docs/user/import-formats.md, "Limits and memory").</summary>
    public const long BudgetMb = 500;

    public static long PeakMb
    {
        get
        {
            using var process = Process.GetCurrentProcess();
            return process.PeakWorkingSet64 >> 20;
        }
    }

    public static string Line(string label)
    {
        var gc = GC.GetGCMemoryInfo();
        return string.Create(CultureInfo.InvariantCulture,
            $"{label}: peak working set {PeakMb:N0} MB, GC heap {gc.HeapSizeBytes >> 20:N0} MB, GC committed {gc.TotalCommittedBytes >> 20:N0} MB, allocated {GC.GetTotalAllocatedBytes() >> 20:N0} MB in total");
    }
}
