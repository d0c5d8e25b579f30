using System.Data.Common;
using System.Globalization;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Portfolio;

namespace Cartera.Bench;

/// <summary>
/// The hand-written set-based SQL reference of the close-of-day benchmark: plain SQL statements (temporary tables,
/// window functions, no procedural code) that compute, for every obligation on one date, what RULES §2–§3 define —
/// DPD, overdue principal, arrears interest and the aging bucket — with the engine's conventions, so its figures can be
/// compared one by one with the snapshots:
/// <list type="bullet">
/// <item>an installment due on X accrues for the days X+1 … D, each day round_half_even(unpaid principal × daily rate
/// of the cap in force that day); days are grouped into stretches where the unpaid principal and the cap are constant
/// (a stretch starts on X+1, on each principal payment's value date and on each cap row's first day);</item>
/// <item>a payment with value date d is applied before day d's accrual;</item>
/// <item>DPD counts from the oldest installment due on or before D with anything unpaid (principal, interest,
/// insurance, other or arrears interest) above the product's tolerance; the bucket follows the product's buckets.</item>
/// </list>
/// Every table it creates is temporary (no write-ahead log on PostgreSQL), on the connection it is given.
/// Scope (what the benchmark data holds, checked before running): one cap modality whose rows follow each other
/// without gaps, contract arrears rate left to the cap, no fees, no credit-balance lines, no paid-off obligations. Daily
/// rates come from <see cref="Rates.DailyFromEffectiveAnnual"/> (the engine's function) into a small table.
/// </summary>
internal static class CloseOfDayReference
{
    public static readonly string[] Tables = ["ref_caps", "ref_days", "ref_settled", "ref_open", "ref_arrears", "ref_full"];

    /// <summary>
    /// Creates the rate tables (not timed: they are input, like the ledger): the cap rows, and a calendar of every day
    /// they cover with its daily rate (keyed by day, so a stretch finds its rate by an equality join).
    /// </summary>
    public static async Task PrepareAsync(DbConnection connection, bool postgres, IReadOnlyList<UsuryCap> caps)
    {
        foreach (var table in Tables)
        {
            await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {table}");
        }

        await ExecuteAsync(connection, $"CREATE TEMP TABLE ref_caps (from_day integer, to_day integer, daily {(postgres ? "numeric" : "real")})");
        foreach (var cap in caps)
        {
            var daily = Rates.DailyFromEffectiveAnnual(cap.UsuryEa).ToString(CultureInfo.InvariantCulture);
            await ExecuteAsync(connection, Invariant($"INSERT INTO ref_caps VALUES ({cap.ValidFrom.DayNumber}, {cap.ValidTo.DayNumber}, {daily})"));
        }

        await ExecuteAsync(connection, $"CREATE TEMP TABLE ref_days (day integer PRIMARY KEY, daily {(postgres ? "numeric" : "real")})");
        await ExecuteAsync(connection, postgres
            ? "INSERT INTO ref_days SELECT g, c.daily FROM ref_caps c, generate_series(c.from_day, c.to_day) g"
            : "WITH RECURSIVE d(day, to_day, daily) AS (SELECT from_day, to_day, daily FROM ref_caps UNION ALL SELECT day + 1, to_day, daily FROM d WHERE day < to_day) INSERT INTO ref_days SELECT day, daily FROM d");
        if (postgres)
        {
            await ExecuteAsync(connection, "ANALYZE ref_caps; ANALYZE ref_days");
        }
    }

    /// <summary>Runs the reference for <paramref name="date"/> into <c>ref_full</c>; returns its row count.</summary>
    public static async Task<long> RunAsync(DbConnection connection, bool postgres, DateOnly date, ProductSettings settings)
    {
        var d = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dateLiteral = postgres ? $"DATE '{d}'" : $"'{d}'";
        var dn = date.DayNumber.ToString(CultureInfo.InvariantCulture);
        string Day(string column) => Application.Data.RawQuery.DayNumber(column, postgres);
        string Greatest(string a, string b) => postgres ? $"greatest({a}, {b})" : $"max({a}, {b})";
        var ignored = string.Join(", ", LedgerMovements.IgnoredKinds.Select(k => $"'{EnumCodes.ToCode(k)}'"));
        var live = $"o.status <> '{EnumCodes.ToCode(ObligationStatus.Cancelled)}'";

        if (postgres)
        {
            await ExecuteAsync(connection, "SET work_mem = '1GB'"); // sorts and hashes in memory, as a tuned batch would
        }

        // Settlements per installment and value date, by component (a payment line of −100 settles 100).
        await ExecuteAsync(connection, $"""
            CREATE TEMP TABLE ref_settled AS
            SELECT obligation_id, installment_number AS number, {Day("value_date")} AS day,
                   sum(CASE WHEN component = 'principal' THEN -amount_minor ELSE 0 END) AS principal,
                   sum(CASE WHEN component = 'interest' THEN -amount_minor ELSE 0 END) AS interest,
                   sum(CASE WHEN component = 'insurance' THEN -amount_minor ELSE 0 END) AS insurance,
                   sum(CASE WHEN component = 'other' THEN -amount_minor ELSE 0 END) AS other,
                   sum(CASE WHEN component = 'arrears_interest' THEN -amount_minor ELSE 0 END) AS arrears
            FROM ledger_entries
            WHERE value_date <= {dateLiteral} AND installment_number IS NOT NULL AND kind NOT IN ({ignored})
            GROUP BY obligation_id, installment_number, {Day("value_date")}
            """);

        await AnalyzeAsync(connection, postgres, "ref_settled");

        // Installments due before D with principal still unpaid after the payments of their first day of arrears: the
        // only ones that accrue.
        await ExecuteAsync(connection, $"""
            CREATE TEMP TABLE ref_open AS
            SELECT i.obligation_id, i.number, {Day("i.due_date")} + 1 AS first_day, i.principal_minor AS principal
            FROM installments i
            JOIN obligations o ON o.id = i.obligation_id AND {live}
            LEFT JOIN ref_settled s ON s.obligation_id = i.obligation_id AND s.number = i.number AND s.day <= {Day("i.due_date")} + 1
            WHERE i.due_date < {dateLiteral} AND i.principal_minor > 0
            GROUP BY i.obligation_id, i.number, i.due_date, i.principal_minor
            HAVING i.principal_minor - coalesce(sum(s.principal), 0) > 0
            """);
        await AnalyzeAsync(connection, postgres, "ref_open");

        // Stretches of constant unpaid principal and cap: one starts on the first day of arrears, on each principal
        // payment's value date (settlements on or before the first day count on that day) and on each cap row's first
        // day; it ends the day before the next one starts, or on D. Each accrues days × round_half_even(unpaid × daily
        // rate of its first day). Two starts on the same day make a stretch of zero days, which adds nothing.
        var x = "((g.principal - g.settled) * c.daily)";
        var truncated = postgres ? $"trunc{x}" : $"CAST({x} AS INTEGER)";
        var roundHalfEven = postgres
            ? $"CASE WHEN {x} - {truncated} = 0.5 THEN {truncated} + mod({truncated}, 2) ELSE round{x} END"
            : $"CASE WHEN {x} - {truncated} = 0.5 THEN {truncated} + ({truncated} % 2) ELSE CAST(round{x} AS INTEGER) END";
        await ExecuteAsync(connection, $"""
            CREATE TEMP TABLE ref_arrears AS
            WITH events AS (
                SELECT obligation_id, number, principal, first_day AS day, 0 AS delta FROM ref_open
                UNION ALL
                SELECT r.obligation_id, r.number, r.principal, {Greatest("s.day", "r.first_day")}, s.principal
                FROM ref_settled s JOIN ref_open r ON r.obligation_id = s.obligation_id AND r.number = s.number
                WHERE s.principal <> 0
                UNION ALL
                SELECT r.obligation_id, r.number, r.principal, c.from_day, 0
                FROM ref_open r JOIN ref_caps c ON c.from_day > r.first_day AND c.from_day <= {dn}
            ),
            stretches AS (
                SELECT obligation_id, number, principal, day,
                       sum(delta) OVER (PARTITION BY obligation_id, number ORDER BY day) AS settled,
                       coalesce(lead(day) OVER (PARTITION BY obligation_id, number ORDER BY day) - 1, {dn}) AS last_day
                FROM events
            )
            SELECT g.obligation_id, g.number, sum((g.last_day - g.day + 1) * {roundHalfEven}) AS accrued
            FROM stretches g JOIN ref_days c ON c.day = g.day
            WHERE g.principal - g.settled > 0 AND g.last_day >= g.day
            GROUP BY g.obligation_id, g.number
            """);
        await AnalyzeAsync(connection, postgres, "ref_arrears");

        // Per obligation: DPD, overdue principal, arrears interest; then the bucket.
        string Left(string due, string settled) => Greatest($"{due} - coalesce({settled}, 0)", "0");
        var unpaid = string.Join(" + ", Left("i.principal_minor", "s.principal"), Left("i.interest_minor", "s.interest"),
            Left("i.insurance_minor", "s.insurance"), Left("i.other_minor", "s.other"), Left("coalesce(a.accrued, 0)", "s.arrears"));
        await ExecuteAsync(connection, $"""
            CREATE TEMP TABLE ref_full AS
            SELECT i.obligation_id,
                   coalesce(max(CASE WHEN i.due_date <= {dateLiteral} AND {unpaid} > {settings.ToleranceMinor.ToString(CultureInfo.InvariantCulture)}
                                     THEN {dn} - {Day("i.due_date")} END), 0) AS dpd,
                   CAST(NULL AS text) AS bucket,
                   sum(CASE WHEN i.due_date < {dateLiteral} THEN {Left("i.principal_minor", "s.principal")} ELSE 0 END) AS overdue_principal_minor,
                   sum({Left("coalesce(a.accrued, 0)", "s.arrears")}) AS arrears_interest_minor
            FROM installments i
            JOIN obligations o ON o.id = i.obligation_id AND {live}
            LEFT JOIN (
                SELECT obligation_id, number, sum(principal) AS principal, sum(interest) AS interest, sum(insurance) AS insurance,
                       sum(other) AS other, sum(arrears) AS arrears
                FROM ref_settled GROUP BY obligation_id, number
            ) s ON s.obligation_id = i.obligation_id AND s.number = i.number
            LEFT JOIN ref_arrears a ON a.obligation_id = i.obligation_id AND a.number = i.number
            GROUP BY i.obligation_id
            """);
        var buckets = string.Join(" ", settings.Buckets.Select(b => b.To is { } to
            ? $"WHEN dpd <= {to.ToString(CultureInfo.InvariantCulture)} THEN '{b.Label}'"
            : $"ELSE '{b.Label}'"));
        await ExecuteAsync(connection, $"UPDATE ref_full SET bucket = CASE {buckets} END");
        return await ScalarAsync(connection, "SELECT count(*) FROM ref_full");
    }

    /// <summary>How many obligations differ between the engine's snapshots and the reference, field by field.</summary>
    public static async Task<Agreement> CompareAsync(DbConnection connection, bool postgres, DateOnly date)
    {
        var d = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        command.CommandText = $"""
            SELECT count(*),
                   sum(CASE WHEN s.obligation_id IS NULL THEN 1 ELSE 0 END),
                   sum(CASE WHEN s.dpd <> r.dpd THEN 1 ELSE 0 END),
                   sum(CASE WHEN s.bucket <> r.bucket THEN 1 ELSE 0 END),
                   sum(CASE WHEN s.overdue_principal_minor <> r.overdue_principal_minor THEN 1 ELSE 0 END),
                   sum(CASE WHEN s.arrears_interest_minor <> r.arrears_interest_minor THEN 1 ELSE 0 END),
                   coalesce(max(abs(s.arrears_interest_minor - r.arrears_interest_minor)), 0),
                   coalesce(sum(s.arrears_interest_minor), 0)
            FROM ref_full r
            LEFT JOIN delinquency_snapshots s ON s.obligation_id = r.obligation_id AND s.business_date = {(postgres ? $"DATE '{d}'" : $"'{d}'")}
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        long At(int k) => reader.IsDBNull(k) ? 0 : Convert.ToInt64(reader.GetValue(k), CultureInfo.InvariantCulture);
        return new Agreement(At(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7));
    }

    internal sealed record Agreement(long Rows, long Missing, long Dpd, long Bucket, long OverduePrincipal, long Arrears, long MaxArrearsDifference, long ArrearsTotal)
    {
        public bool Exact => Missing == 0 && Dpd == 0 && Bucket == 0 && OverduePrincipal == 0 && Arrears == 0;

        public override string ToString() => Invariant(
            $"{Rows:N0} obligations compared: missing {Missing}, DPD differs {Dpd}, bucket differs {Bucket}, overdue principal differs {OverduePrincipal}, arrears differ {Arrears} (max {MaxArrearsDifference} minor units; arrears total {ArrearsTotal:N0})");
    }

    /// <summary>PostgreSQL never analyzes temporary tables by itself; the planner needs their sizes.</summary>
    private static Task AnalyzeAsync(DbConnection connection, bool postgres, string table) =>
        postgres ? ExecuteAsync(connection, "ANALYZE " + table) : Task.CompletedTask;

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
