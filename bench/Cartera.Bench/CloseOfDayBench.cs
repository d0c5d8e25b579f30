using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Import;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Bench;

/// <summary>
/// Close-of-day benchmark (<c>--suite close-of-day</c>): imports a generated portfolio (N obligations, 12 monthly
/// installments, one debtor per ten obligations), books payments set-based so that DPD, arrears and buckets vary, then
/// in the same run times (1) a hand-written set-based SQL reference computing DPD, arrears interest per installment at
/// the current cap and the bucket of every obligation into a table, and (2) one Cartera close-of-day of the same date.
/// Prints wall time, obligations/s, per-partition latency percentiles and the ratio Cartera ÷ reference (goal ≤ 2).
/// </summary>
public static class CloseOfDayBench
{
    private static readonly DateOnly Date = new(2025, 12, 31);

    public static async Task<int> RunAsync(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var obligations = int.Parse(Value("--obligations", "1000000"), CultureInfo.InvariantCulture);
        var partitions = int.Parse(Value("--partitions", "32"), CultureInfo.InvariantCulture);
        var provider = Value("--provider", "both");
        var postgres = args.Contains("--pg") ? Value("--pg", string.Empty) : Environment.GetEnvironmentVariable("CARTERA_PG");
        var providers = provider == "both" ? new[] { DatabaseOptions.Postgres, DatabaseOptions.Sqlite } : [provider];
        var strategies = args.Contains("--strategies");
        var data = new BenchData(Path.Combine(Path.GetTempPath(), $"cartera-bench-v2-{Math.Max(1, obligations / 10)}-{obligations}-12"), Math.Max(1, obligations / 10), obligations, 12);
        if (!File.Exists(data.InstallmentsFile))
        {
            data.Write();
        }

        var lines = new List<string>();
        foreach (var p in providers)
        {
            var database = await Program.FreshDatabaseAsync(p, "cartera_bench_close", postgres);
            Console.WriteLine($"[{p}] importing {obligations:N0} obligations…");
            var importer = new PortfolioImporter(database, TimeProvider.System, new FixedActor("bench", "bench"));
            foreach (var (kind, file) in new[] { (ImportKind.Debtors, data.DebtorsFile), (ImportKind.Obligations, data.ObligationsFile) })
            {
                var imported = await importer.ImportAsync(kind, file, new ImportOptions { WriteErrorReport = false });
                if (!imported.Succeeded)
                {
                    throw new InvalidOperationException($"{kind}: {imported.Errors[0]}");
                }
            }

            await PrepareAsync(database);
            if (strategies)
            {
                await PrepareStrategiesAsync(database, data);
            }

            await using var refDb = new CarteraDbContext(CarteraDatabase.Options(database));
            var connection = refDb.Database.GetDbConnection();
            await connection.OpenAsync();
            var settings = await CheckScopeAsync(refDb);
            var caps = (await new CapTableStore(refDb).LoadAsync("CO")).Rows.Where(c => c.Modality == settings.CapModality).ToList();
            await CloseOfDayReference.PrepareAsync(connection, refDb.IsPostgres, caps);

            Console.WriteLine($"[{p}] reference (set-based SQL, RULES §2–§3 conventions)…");
            var sw = Stopwatch.StartNew();
            var referenceRows = await CloseOfDayReference.RunAsync(connection, refDb.IsPostgres, Date, settings);
            var reference = sw.Elapsed;

            Console.WriteLine($"[{p}] simplified reference (one rate for every day, no payment timing)…");
            sw.Restart();
            await SimplifiedReferenceAsync(database);
            var simplified = sw.Elapsed;

            Console.WriteLine($"[{p}] Cartera close-of-day of {Date:yyyy-MM-dd}…");
            var closeOptions = new CloseOfDayOptions { Partitions = partitions, RunBy = "bench" };
            var runner = strategies
                ? Application.CloseOfDayPlugins.Default.Runner(new(database, TimeProvider.System, new FixedActor("bench", "bench")), closeOptions)
                : new CloseOfDayRunner(database, TimeProvider.System, new FixedActor("bench", "bench"), closeOptions);
            sw.Restart();
            var result = await runner.RunAsync(Date);
            var cartera = sw.Elapsed;
            var day = result.Dates.Single();
            if (day.Obligations != referenceRows)
            {
                throw new InvalidOperationException($"close-of-day wrote {day.Obligations} snapshots, the reference {referenceRows} rows");
            }

            var agreement = await CloseOfDayReference.CompareAsync(connection, refDb.IsPostgres, Date);
            Console.WriteLine($"[{p}] agreement: {agreement}");
            var latencies = day.PartitionLatencies.Select(l => l.TotalMilliseconds).Order().ToList();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{p,-10} {day.Obligations,10:N0}  cartera {cartera.TotalSeconds,7:F1} s {day.Obligations / cartera.TotalSeconds,9:N0} obl/s  partitions {latencies.Count} p50 {Percentile(latencies, 0.50),7:F0} ms p95 {Percentile(latencies, 0.95),7:F0} ms p99 {Percentile(latencies, 0.99),7:F0} ms  reference {reference.TotalSeconds,6:F1} s  ratio {cartera / reference:F2}  (simplified reference {simplified.TotalSeconds:F1} s, ratio {cartera / simplified:F2})  figures {(agreement.Exact ? "equal" : "DIFFER")}"));
            Console.WriteLine(lines[^1]);
            if (strategies)
            {
                var step = day.Steps.Where(x => x.Step == CloseOfDaySteps.Strategies).Aggregate(TimeSpan.Zero, (t, x) => t + x.Elapsed);
                var rest = cartera - step;
                foreach (var x in day.Steps)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{p}]   step {x.Step,-18} {x.Elapsed.TotalSeconds,7:F1} s  {x.Note}"));
                }

                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{p,-10} strategies step {step.TotalSeconds:F1} s of a {cartera.TotalSeconds:F1} s close: adds {step / rest:P1} to the close without it ({rest.TotalSeconds:F1} s; goal ≤ 25 %)"));
                Console.WriteLine(lines[^1]);
            }
        }

        Console.WriteLine();
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    /// <summary>Caps (one row a month, so the engine meets cap changes) and payments, set-based.</summary>
    private static async Task PrepareAsync(DatabaseOptions database)
    {
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database));

        // The bench's own caps replace the shipped reference rows (migrate seeds the Colombian table).
        await db.UsuryCaps.ExecuteDeleteAsync();
        for (var month = new DateOnly(2024, 1, 1); month.Year < 2027; month = month.AddMonths(1))
        {
            db.UsuryCaps.Add(new Application.Delinquency.UsuryCapRow
            {
                Jurisdiction = "CO",
                Modality = "consumo_ordinario",
                ValidFrom = month,
                ValidTo = month.AddMonths(1).AddDays(-1),
                UsuryEa = 0.24m + (month.Month % 5 / 1000m),
                Source = "bench",
            });
        }

        await db.SaveChangesAsync();
        var now = db.IsPostgres ? (object)DateTimeOffset.UnixEpoch : 0L;

        // Obligation n pays its first n % 8 installments (interest, then principal) on the due date, every fourth
        // obligation three days late; every seventh pays only half the principal of the last of them.
        foreach (var component in new[] { "interest", "principal" })
        {
            var amount = component == "interest"
                ? "i.interest_minor"
                : "CASE WHEN i.obligation_id % 7 = 0 AND i.number = i.obligation_id % 8 THEN i.principal_minor / 2 ELSE i.principal_minor END";
            var valueDate = db.IsPostgres
                ? "i.due_date + CASE WHEN i.obligation_id % 4 = 0 THEN 3 ELSE 0 END"
                : "date(i.due_date, CASE WHEN i.obligation_id % 4 = 0 THEN '+3 days' ELSE '+0 days' END)";
            const string parameter = "{0}";
            var sql = $"""
                INSERT INTO ledger_entries (obligation_id, business_date, value_date, kind, component, amount_minor, currency, installment_number, created_by, created_at)
                SELECT i.obligation_id, {valueDate}, {valueDate}, 'payment', '{component}', -({amount}), 'COP', i.number, 'bench', {parameter}
                FROM installments i WHERE i.number <= i.obligation_id % 8 AND {amount} > 0
                """;
            await db.Database.ExecuteSqlRawAsync(sql, now);
        }

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await Execute(connection, db.IsPostgres ? "VACUUM ANALYZE" : "ANALYZE");
    }

    /// <summary>
    /// For <c>--strategies</c>: consent for SMS and calls on every debtor (the debtors file imported again with two more
    /// columns), the default templates and two strategies — reminders D−5, D−1 and D0 by SMS to every debtor, and an
    /// early-stage SMS on the first day past due and a call task on the fifth — so that the close runs step 11 on the
    /// whole portfolio.
    /// </summary>
    private static async Task PrepareStrategiesAsync(DatabaseOptions database, BenchData data)
    {
        var consents = Path.Combine(data.Folder, "debtors-consents.csv");
        if (!File.Exists(consents))
        {
            using var writer = new StreamWriter(consents);
            var first = true;
            foreach (var line in File.ReadLines(data.DebtorsFile))
            {
                writer.WriteLine(line + (first ? ",consent_sms,consent_calls" : ",si,si"));
                first = false;
            }
        }

        var actor = new FixedActor("bench", "bench");
        var imported = await new PortfolioImporter(database, TimeProvider.System, actor).ImportAsync(ImportKind.Debtors, consents, new ImportOptions { WriteErrorReport = false });
        if (!imported.Succeeded)
        {
            throw new InvalidOperationException($"consents: {imported.Errors[0]}");
        }

        await using var db = new CarteraDbContext(CarteraDatabase.Options(database), actor, TimeProvider.System);
        await new Application.Communications.MessageTemplates(db, actor, TimeProvider.System, new Application.Communications.LenderContact()).SeedDefaultsAsync();
        var result = await new Application.Strategies.StrategyCatalog(db, TimeProvider.System, actor).ImportAsync("""
            [
              {"code": "preventiva", "name": "Recordatorios", "send_time": "09:00",
               "steps": [
                 {"id": "d-5", "stage": "preventive", "anchor": "due_date", "offset_days": -5, "action": "reminder", "purpose": "collection", "channel": "sms", "template": "recordatorio_preventivo"},
                 {"id": "d-1", "stage": "preventive", "anchor": "due_date", "offset_days": -1, "action": "reminder", "purpose": "collection", "channel": "sms", "template": "recordatorio_preventivo"},
                 {"id": "d0", "stage": "preventive", "anchor": "due_date", "offset_days": 0, "action": "reminder", "purpose": "collection", "channel": "sms", "template": "recordatorio_preventivo"}]},
              {"code": "temprana", "name": "Mora temprana", "send_time": "10:00",
               "variants": [{"code": "campeon", "share": 80}, {"code": "retador", "share": 20}],
               "steps": [
                 {"id": "dia-1", "stage": "early", "anchor": "stage_entry", "offset_days": 1, "action": "message", "channel": "sms", "template": "recordatorio_preventivo"},
                 {"id": "dia-5", "stage": "early", "anchor": "stage_entry", "offset_days": 5, "action": "call", "channel": "calls"}]},
              {"code": "recuperacion", "name": "Prejurídica y jurídica", "send_time": "11:00", "steps": [{{RECOVERY}}]}
            ]
            """.Replace("{{RECOVERY}}", Recovery(), StringComparison.Ordinal));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("the bench strategies did not import");
        }
    }

    /// <summary>A message every ten days through the pre-legal (days 91–180) and legal (181 on) stages, and a call on the fifth day of each.</summary>
    private static string Recovery()
    {
        var steps = new List<string>();
        foreach (var (stage, days) in new[] { ("pre_legal", 90), ("legal", 180) })
        {
            for (var k = 1; k <= days; k += 10)
            {
                steps.Add($$"""{"id": "{{stage}}-{{k}}", "stage": "{{stage}}", "anchor": "stage_entry", "offset_days": {{k}}, "action": "message", "channel": "sms", "template": "recordatorio_preventivo"}""");
            }

            steps.Add($$"""{"id": "{{stage}}-llamada", "stage": "{{stage}}", "anchor": "stage_entry", "offset_days": 5, "action": "call", "channel": "calls"}""");
        }

        return string.Join(",\n", steps);
    }

    /// <summary>
    /// What the data must hold for <see cref="CloseOfDayReference"/> to compute the same figures as the engine (its scope),
    /// and the settings of the one product it uses.
    /// </summary>
    private static async Task<ProductSettings> CheckScopeAsync(CarteraDbContext db)
    {
        var products = await db.Obligations.Select(o => o.Product).Distinct().ToListAsync();
        var contractRates = await db.Obligations.CountAsync(o => o.ArrearsRateEa != null);
        var outOfScope = await db.LedgerEntries.CountAsync(e => e.Kind == Domain.Ledger.LedgerEntryKind.Fee || e.Component == Domain.Ledger.LedgerComponent.CreditBalance);
        if (products.Count != 1 || contractRates > 0 || outOfScope > 0)
        {
            throw new InvalidOperationException("The reference covers one product, arrears at the cap, no fees and no credit balances.");
        }

        return (await new ProductCatalog(db).ForCodesAsync(products))[products[0]];
    }

    /// <summary>
    /// The first, simplified reference (kept to compare with earlier runs): per installment, unpaid principal and total from the payment lines, DPD from the oldest
    /// installment due with anything unpaid, arrears = Σ round(unpaid principal × daily rate of the cap in force on the
    /// date × days overdue), the bucket; written into a table. No per-day rates, no arrastre, no provisions.
    /// </summary>
    private static async Task<long> SimplifiedReferenceAsync(DatabaseOptions database)
    {
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var daily = Rates.DailyFromEffectiveAnnual(0.24m + (Date.Month % 5 / 1000m)).ToString(CultureInfo.InvariantCulture);
        var d = Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var postgres = db.IsPostgres;
        var days = postgres ? $"(DATE '{d}' - x.due_date)" : $"(julianday('{d}') - julianday(x.due_date))";
        var dateLiteral = postgres ? $"DATE '{d}'" : $"'{d}'";
        await Execute(connection, "DROP TABLE IF EXISTS ref_snapshots");
        await Execute(connection, "CREATE TABLE ref_snapshots (obligation_id bigint, business_date date, dpd integer, bucket text, overdue_principal_minor bigint, arrears_interest_minor bigint)");
        var sql = $"""
            INSERT INTO ref_snapshots
            SELECT x.obligation_id, {dateLiteral},
                   coalesce(max(CASE WHEN x.due_date <= {dateLiteral} AND x.unpaid > 0 THEN {days} END), 0) AS dpd,
                   NULL,
                   sum(CASE WHEN x.due_date < {dateLiteral} THEN x.unpaid_principal ELSE 0 END),
                   sum(CASE WHEN x.due_date < {dateLiteral} AND x.unpaid_principal > 0 THEN round(x.unpaid_principal * {daily}) * {days} ELSE 0 END)
            FROM (
                SELECT i.obligation_id, i.due_date,
                       i.principal_minor - coalesce(p.principal, 0) AS unpaid_principal,
                       i.principal_minor + i.interest_minor + i.insurance_minor + i.other_minor - coalesce(p.total, 0) AS unpaid
                FROM installments i
                JOIN obligations o ON o.id = i.obligation_id AND o.status <> 'cancelled'
                LEFT JOIN (
                    SELECT obligation_id, installment_number,
                           sum(CASE WHEN component = 'principal' THEN -amount_minor ELSE 0 END) AS principal, sum(-amount_minor) AS total
                    FROM ledger_entries WHERE kind = 'payment' AND value_date <= {dateLiteral}
                    GROUP BY obligation_id, installment_number
                ) p ON p.obligation_id = i.obligation_id AND p.installment_number = i.number
            ) x
            GROUP BY x.obligation_id
            """;
        await Execute(connection, sql);
        await Execute(connection, """
            UPDATE ref_snapshots SET bucket = CASE WHEN dpd = 0 THEN 'current' WHEN dpd <= 30 THEN '1-30' WHEN dpd <= 60 THEN '31-60'
                WHEN dpd <= 90 THEN '61-90' WHEN dpd <= 120 THEN '91-120' WHEN dpd <= 180 THEN '121-180' WHEN dpd <= 360 THEN '181-360' ELSE '360+' END
            """);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM ref_snapshots";
        return Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
