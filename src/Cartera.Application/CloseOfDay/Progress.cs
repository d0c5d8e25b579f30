using System.Globalization;
using System.Text;
using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// Writes <c>close_of_day_steps</c> rows with plain SQL inside the caller's transaction (progress is operational data,
/// not audited). Instants go in as the model stores them: UTC ticks on SQLite, timestamptz on PostgreSQL.
/// </summary>
internal static class Progress
{
    public static Task UpsertAsync(CarteraDbContext db, CloseOfDayStepRecord row, CancellationToken cancellationToken)
    {
        var values = Values(db, row);
        var parameters = new List<object>();
        var sql = new StringBuilder("INSERT INTO close_of_day_steps (");
        sql.Append(string.Join(", ", values.Select(v => v.Column)));
        sql.Append(") VALUES (");
        sql.Append(string.Join(", ", values.Select(v => Placeholder(parameters, v.Value))));
        sql.Append(") ON CONFLICT (business_date, step, partition) DO UPDATE SET ");
        sql.Append(string.Join(", ", values.Skip(3).Select(v => $"{v.Column} = excluded.{v.Column}")));
        return db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
    }

    /// <summary>Records a step that runs once per date (partition 0), finished now.</summary>
    public static Task RecordAsync(CarteraDbContext db, DateOnly date, string step, string status, string? note, DateTimeOffset startedAt, CancellationToken cancellationToken, long obligations = 0, long? watermark = null) =>
        UpsertAsync(db, new CloseOfDayStepRecord
        {
            BusinessDate = date,
            Step = step,
            Status = status,
            Note = note,
            Obligations = obligations,
            LedgerWatermark = watermark,
            StartedAt = startedAt,
            FinishedAt = db.Clock.GetUtcNow(),
        }, cancellationToken);

    /// <summary>Marks a planned partition done, with its counts.</summary>
    public static Task FinishAsync(CarteraDbContext db, DateOnly date, string step, int partition, long obligations, long snapshots, DateTimeOffset startedAt, DateTimeOffset finishedAt, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            "UPDATE close_of_day_steps SET status = {0}, obligations = {1}, snapshots = {2}, started_at = {3}, finished_at = {4} WHERE business_date = {5} AND step = {6} AND partition = {7}",
            [CloseOfDayStepStatus.Done, obligations, snapshots, Instant(db, startedAt), Instant(db, finishedAt), date, step, partition],
            cancellationToken);

    /// <summary>Inserts the pending rows of a partition plan in one command.</summary>
    public static Task InsertPlanAsync(CarteraDbContext db, IReadOnlyList<CloseOfDayStepRecord> plan, CancellationToken cancellationToken)
    {
        var parameters = new List<object>();
        var rows = plan.Select(p =>
            $"({Placeholder(parameters, p.BusinessDate)}, {Placeholder(parameters, p.Step)}, {Placeholder(parameters, p.Partition)}, {Placeholder(parameters, p.Status)}, {Placeholder(parameters, p.DebtorFrom!.Value)}, {Placeholder(parameters, p.DebtorTo!.Value)}, 0, 0)");
        var sql = $"INSERT INTO close_of_day_steps (business_date, step, partition, status, debtor_from, debtor_to, obligations, snapshots) VALUES {string.Join(", ", rows)}";
        return db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }

    private static List<(string Column, object Value)> Values(CarteraDbContext db, CloseOfDayStepRecord row)
    {
        var values = new List<(string, object)>
        {
            ("business_date", row.BusinessDate), ("step", row.Step), ("partition", row.Partition), ("status", row.Status),
            ("obligations", row.Obligations), ("snapshots", row.Snapshots),
        };
        void Optional(string column, object? value)
        {
            if (value is not null)
            {
                values.Add((column, value));
            }
        }

        Optional("debtor_from", row.DebtorFrom);
        Optional("debtor_to", row.DebtorTo);
        Optional("ledger_watermark", row.LedgerWatermark);
        Optional("target_date", row.TargetDate);
        Optional("note", row.Note);
        Optional("started_at", row.StartedAt is { } s ? Instant(db, s) : null);
        Optional("finished_at", row.FinishedAt is { } f ? Instant(db, f) : null);
        return values;
    }

    private static object Instant(CarteraDbContext db, DateTimeOffset value) =>
        db.IsPostgres ? value.ToUniversalTime() : value.UtcTicks;

    private static string Placeholder(List<object> parameters, object value)
    {
        parameters.Add(value);
        return "{" + (parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
    }
}
