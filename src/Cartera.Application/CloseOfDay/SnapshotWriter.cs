using System.Globalization;
using System.Text;
using System.Text.Json;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// Replaces the snapshots of one set of debtors on one date inside the caller's transaction: delete, then one bulk
/// insert — binary COPY on PostgreSQL; on SQLite one <c>INSERT … SELECT … FROM json_each(@batch)</c> carrying every
/// row as JSON. Either way a constant number of commands, whatever the number of obligations.
/// </summary>
internal static class SnapshotWriter
{
    private static readonly string[] Columns =
    [
        "business_date", "obligation_id", "debtor_id", "product", "currency", "dpd", "bucket", "oldest_unpaid_due_date",
        "overdue_principal_minor", "overdue_interest_minor", "overdue_insurance_minor", "overdue_other_minor",
        "arrears_interest_minor", "arrears_accrued_today_minor", "fees_minor", "total_due_minor",
        "outstanding_principal_minor", "credit_balance_minor", "own_category", "classification", "provision_minor",
        "ifrs9_stage", "write_off_proposed",
    ];

    public static async Task ReplaceAsync(CarteraDbContext db, DateOnly date, ObligationFilter filter, IReadOnlyList<DelinquencySnapshot> snapshots, CancellationToken cancellationToken)
    {
        var postgres = db.IsPostgres;
        var parameters = new List<object> { date };
        var delete = $"DELETE FROM delinquency_snapshots WHERE business_date = {{0}} AND {filter.SnapshotCondition(parameters, postgres)}";
        await db.Database.ExecuteSqlRawAsync(delete, parameters, cancellationToken);
        if (snapshots.Count == 0)
        {
            return;
        }

        if (postgres)
        {
            await CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), snapshots, cancellationToken);
        }
        else
        {
            var select = string.Join(", ", Columns.Skip(1).Select((c, k) => $"value ->> {k.ToString(CultureInfo.InvariantCulture)}"));
            var insert = $"INSERT INTO delinquency_snapshots ({string.Join(", ", Columns)}) SELECT {{0}}, {select} FROM json_each({{1}})";
            await db.Database.ExecuteSqlRawAsync(insert, [date, Json(snapshots)], cancellationToken);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<DelinquencySnapshot> snapshots, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY delinquency_snapshots ({string.Join(", ", Columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var s in snapshots)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(s.BusinessDate, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(s.ObligationId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(s.DebtorId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(s.Product, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(s.CurrencyCode, NpgsqlDbType.Char, cancellationToken);
            await copy.WriteAsync(s.Dpd, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(s.Bucket, NpgsqlDbType.Varchar, cancellationToken);
            if (s.OldestUnpaidDueDate is { } oldest)
            {
                await copy.WriteAsync(oldest, NpgsqlDbType.Date, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            foreach (var amount in Amounts(s))
            {
                await copy.WriteAsync(amount, NpgsqlDbType.Bigint, cancellationToken);
            }

            await copy.WriteAsync(s.OwnCategory, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(s.Classification, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(s.ProvisionMinor, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(s.Ifrs9Stage, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(s.WriteOffProposed, NpgsqlDbType.Boolean, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>The ten amount columns from overdue_principal_minor to credit_balance_minor, in column order.</summary>
    private static long[] Amounts(DelinquencySnapshot s) =>
    [
        s.OverduePrincipalMinor, s.OverdueInterestMinor, s.OverdueInsuranceMinor, s.OverdueOtherMinor,
        s.ArrearsInterestMinor, s.ArrearsAccruedTodayMinor, s.FeesMinor, s.TotalDueMinor,
        s.OutstandingPrincipalMinor, s.CreditBalanceMinor,
    ];

    /// <summary>Every row as a JSON array of the columns after business_date.</summary>
    private static string Json(IReadOnlyList<DelinquencySnapshot> snapshots)
    {
        using var buffer = new MemoryStream(snapshots.Count * 160);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var s in snapshots)
            {
                w.WriteStartArray();
                w.WriteNumberValue(s.ObligationId);
                w.WriteNumberValue(s.DebtorId);
                w.WriteStringValue(s.Product);
                w.WriteStringValue(s.CurrencyCode);
                w.WriteNumberValue(s.Dpd);
                w.WriteStringValue(s.Bucket);
                if (s.OldestUnpaidDueDate is { } oldest)
                {
                    w.WriteStringValue(oldest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }
                else
                {
                    w.WriteNullValue();
                }

                foreach (var amount in Amounts(s))
                {
                    w.WriteNumberValue(amount);
                }

                w.WriteStringValue(s.OwnCategory);
                w.WriteStringValue(s.Classification);
                w.WriteNumberValue(s.ProvisionMinor);
                w.WriteNumberValue(s.Ifrs9Stage);
                w.WriteNumberValue(s.WriteOffProposed ? 1 : 0);
                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
