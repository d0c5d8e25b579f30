using System.Diagnostics;
using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Cartera.Application.Import;
using Cartera.Domain.Collection.Assignments;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Bench;

/// <summary>
/// Work-queue benchmark (<c>--suite queue</c>): imports a generated portfolio (<see cref="BenchData"/>: N debtors, ten
/// obligations each, 12 installments), writes one delinquency snapshot per obligation for the closed date set-based
/// (DPD 0–199, overdue amounts, buckets), assigns the debtors round-robin to C collectors, computes every queue with
/// <see cref="QueueRefresh.AllAsync"/> (the close-of-day step's code), skips 1% of the debtors for today, then, for
/// each sample, a random collector's first page of 25 is read (1) through <see cref="WorkQueueService.PageAsync"/> — the
/// page's and API's code path, EF query included — and (2) by a hand-written SQL query over the same index returning the
/// same rows. Prints p50/p95/p99 of both and the ratio Cartera ÷ raw (goal p99 ≤ 10), after checking both return the
/// same debtors.
/// </summary>
public static class QueueBench
{
    private static readonly DateOnly Closed = new(2026, 12, 4);
    private static readonly DateOnly Today = Closed.AddDays(1);

    public static async Task<int> RunAsync(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var debtors = int.Parse(Value("--debtors", "100000"), CultureInfo.InvariantCulture);
        var collectors = int.Parse(Value("--collectors", "50"), CultureInfo.InvariantCulture);
        var samples = int.Parse(Value("--samples", "500"), CultureInfo.InvariantCulture);
        var provider = Value("--provider", DatabaseOptions.Sqlite);
        var postgres = args.Contains("--pg") ? Value("--pg", string.Empty) : Environment.GetEnvironmentVariable("CARTERA_PG");
        var providers = provider == "both" ? new[] { DatabaseOptions.Sqlite, DatabaseOptions.Postgres } : [provider];
        var obligations = debtors * 10;
        var data = new BenchData(Path.Combine(Path.GetTempPath(), $"cartera-bench-v2-{debtors}-{obligations}-12"), debtors, obligations, 12);
        if (!File.Exists(data.InstallmentsFile))
        {
            data.Write();
        }

        var lines = new List<string>();
        foreach (var p in providers)
        {
            var database = await Program.FreshDatabaseAsync(p, "cartera_bench_queue", postgres);
            var sw = Stopwatch.StartNew();
            Console.WriteLine($"[{p}] importing {debtors:N0} debtors and {obligations:N0} obligations…");
            var importer = new PortfolioImporter(database, TimeProvider.System, new FixedActor("bench", "bench"));
            foreach (var (kind, file) in new[] { (ImportKind.Debtors, data.DebtorsFile), (ImportKind.Obligations, data.ObligationsFile) })
            {
                var imported = await importer.ImportAsync(kind, file, new ImportOptions { WriteErrorReport = false });
                if (!imported.Succeeded)
                {
                    throw new InvalidOperationException($"{kind}: {imported.Errors[0]}");
                }
            }

            Console.WriteLine($"[{p}] imported in {sw.Elapsed.TotalSeconds:F0} s; snapshots, users, assignments…");
            var clock = new PaymentsBench.FixedClock(new DateTimeOffset(Today.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero));
            await using var db = new CarteraDbContext(CarteraDatabase.Options(database), new FixedActor("bench", "bench"), clock);
            await PrepareAsync(db, collectors);
            sw.Restart();
            var rows = await QueueRefresh.AllAsync(db, Today);
            var refresh = sw.Elapsed;
            Console.WriteLine($"[{p}] queue computed: {rows:N0} rows in {refresh.TotalSeconds:F1} s");
            await SkipSomeAsync(db, collectors, clock);

            var queue = new WorkQueueService(db, new FixedActor("bench", "bench"), clock);
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            if (args.Contains("--sql"))
            {
                Console.WriteLine(queue.PageQuery(User(0), null, null, 26).ToQueryString());
            }

            var random = new Random(42);
            var cartera = new List<double>(samples);
            var raw = new List<double>(samples);
            for (var i = 0; i < samples + 20; i++)
            {
                var user = User(random.Next(collectors));
                sw.Restart();
                var page = await queue.PageAsync(user, null, null, 25);
                var ours = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                var reference = await RawPageAsync(connection, db.IsPostgres, user, clock);
                var theirs = sw.Elapsed.TotalMilliseconds;
                if (!page.Items.Select(x => x.DebtorId).SequenceEqual(reference))
                {
                    throw new InvalidOperationException($"the pages differ for {user}: {string.Join(',', page.Items.Select(x => x.DebtorId))} vs {string.Join(',', reference)}");
                }

                if (i >= 20)
                {
                    cartera.Add(ours);
                    raw.Add(theirs);
                }
            }

            cartera.Sort();
            raw.Sort();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{p,-10} {debtors,8:N0} debtors {obligations,10:N0} obligations {collectors} collectors ({rows / collectors:N0} rows each), refresh {refresh.TotalSeconds:F1} s, {samples} pages of 25: cartera p50 {Percentile(cartera, 0.50):F2} / p95 {Percentile(cartera, 0.95):F2} / p99 {Percentile(cartera, 0.99):F2} ms; raw SQL p50 {Percentile(raw, 0.50):F2} / p95 {Percentile(raw, 0.95):F2} / p99 {Percentile(raw, 0.99):F2} ms; ratio p50 {Percentile(cartera, 0.50) / Percentile(raw, 0.50):F2}, p99 {Percentile(cartera, 0.99) / Percentile(raw, 0.99):F2}"));
            Console.WriteLine(lines[^1]);
        }

        Console.WriteLine();
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    private static string User(int n) => "bench-collector-" + n.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Collectors, one snapshot per obligation of the closed date (set-based SQL), and the assignments.</summary>
    private static async Task PrepareAsync(CarteraDbContext db, int collectors)
    {
        for (var c = 0; c < collectors; c++)
        {
            var email = $"gestor{c}@bench.cartera";
            db.Users.Add(new CarteraUser { Id = User(c), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), DisplayName = email });
        }

        await db.SaveChangesAsync();
        var no = db.IsPostgres ? "false" : "0";
        var dpd = "((o.id * 7919) % 200)";
        var snapshots =
            $"""
            INSERT INTO delinquency_snapshots (obligation_id, business_date, debtor_id, product, currency, dpd, bucket, total_due_minor,
                outstanding_principal_minor, own_category, classification, arrears_accrued_today_minor, arrears_interest_minor, cap_assumed,
                credit_balance_minor, fees_minor, ifrs9_stage, overdue_insurance_minor, overdue_interest_minor, overdue_other_minor,
                overdue_principal_minor, provision_minor, write_off_proposed)
            SELECT o.id, '{Closed:yyyy-MM-dd}', o.debtor_id, o.product, o.currency, {dpd},
                CASE WHEN {dpd} = 0 THEN '0' WHEN {dpd} <= 30 THEN '1-30' WHEN {dpd} <= 60 THEN '31-60' WHEN {dpd} <= 90 THEN '61-90' WHEN {dpd} <= 180 THEN '91-180' ELSE '180+' END,
                CASE WHEN {dpd} = 0 THEN 0 ELSE ((o.id * 104729) % 5000) * 10000 END,
                o.principal_minor, 'A', 'A', 0, 0, {no}, 0, 0, 1, 0, 0, 0, 0, 0, {no}
            FROM obligations o
            """;
        await db.Database.ExecuteSqlRawAsync(snapshots);

        var ids = await db.Debtors.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var chunk in ids.Chunk(5_000))
        {
            db.DebtorAssignments.AddRange(chunk.Select(id => DebtorAssignment.Create(id, User((int)(id % collectors)), AssignmentRole.Collector, Closed.AddDays(-30), "bench", DateTimeOffset.UnixEpoch)));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    /// <summary>Every collector skips five debtors (ids divisible by 3) among their first 50 rows (so the anti-join has work).</summary>
    private static async Task SkipSomeAsync(CarteraDbContext db, int collectors, TimeProvider clock)
    {
        var queue = new WorkQueueService(db, new FixedActor("bench", "bench"), clock);
        for (var c = 0; c < collectors; c++)
        {
            foreach (var item in (await queue.PageAsync(User(c), null, null, 50)).Items.Where(i => i.DebtorId % 3 == 0).Take(5))
            {
                await queue.MarkAsync(User(c), item.DebtorId, Domain.Collection.Queue.QueueItemState.Skipped, null, "bench");
            }
        }
    }

    /// <summary>The same page by hand: the index range of the user's rows in queue order, the same exclusions, LIMIT 25.</summary>
    private static async Task<List<long>> RawPageAsync(System.Data.Common.DbConnection connection, bool postgres, string user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var start = QueueRefresh.StartOf(Today, clock);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT e.debtor_id, d.full_name
            FROM work_queue_entries e
            JOIN debtors d ON d.id = e.debtor_id
            WHERE e.user_id = @user
              AND EXISTS (SELECT 1 FROM debtor_assignments a WHERE a.debtor_id = e.debtor_id AND a.user_id = @user AND a.ended_at IS NULL AND a.valid_from <= @today)
              AND NOT EXISTS (SELECT 1 FROM queue_item_states s WHERE s.user_id = @user AND s.debtor_id = e.debtor_id
                              AND ((s.work_date = @today AND s.state <> 'snoozed') OR (s.state = 'snoozed' AND s.snoozed_until > @now)))
              AND NOT EXISTS (SELECT 1 FROM collection_activities c WHERE c.debtor_id = e.debtor_id AND c.at >= @start)
            ORDER BY e.tier, e.points DESC, e.debtor_id
            LIMIT 25
            """;
        Add(command, "@user", user);
        Add(command, "@today", postgres ? Today : Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add(command, "@now", postgres ? now : Sqlite(now));
        Add(command, "@start", postgres ? start : Sqlite(start));
        var ids = new List<long>(25);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static long Sqlite(DateTimeOffset at) => at.UtcTicks; // SQLite stores instants as UTC ticks (ModelConventions)

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
