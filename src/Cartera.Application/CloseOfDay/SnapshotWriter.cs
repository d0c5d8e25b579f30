using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// Replaces the snapshots of one set of debtors on one date inside the caller's transaction: delete, then one bulk
/// insert — binary COPY on PostgreSQL (one command streaming every row); on SQLite one prepared <c>INSERT</c> stepped
/// once per row inside the transaction, SQLite's own bulk-load path (an in-process call, not a round trip to a server;
/// measured about three times faster than carrying the rows as one JSON parameter through <c>json_each</c>).
/// </summary>
internal static class SnapshotWriter
{
    private static readonly string[] Columns =
    [
        "business_date", "obligation_id", "debtor_id", "product", "currency", "dpd", "bucket", "oldest_unpaid_due_date",
        "overdue_principal_minor", "overdue_interest_minor", "overdue_insurance_minor", "overdue_other_minor",
        "arrears_interest_minor", "arrears_accrued_today_minor", "fees_minor", "total_due_minor",
        "outstanding_principal_minor", "credit_balance_minor", "own_category", "classification", "provision_minor",
        "ifrs9_stage", "write_off_proposed", "cap_assumed",
    ];

    /// <summary>The columns SQLite stores as text (codes and dates); the others are integers.</summary>
    private static readonly HashSet<string> TextColumns =
        ["business_date", "product", "currency", "bucket", "oldest_unpaid_due_date", "own_category", "classification"];

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
            Insert((SqliteConnection)db.Database.GetDbConnection(), (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(), date, snapshots);
        }
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction? transaction, DateOnly date, IReadOnlyList<DelinquencySnapshot> snapshots)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO delinquency_snapshots ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select((_, k) => "@p" + k.ToString(CultureInfo.InvariantCulture)))})";
        var p = new SqliteParameter[Columns.Length];
        for (var k = 0; k < p.Length; k++)
        {
            p[k] = insert.Parameters.Add("@p" + k.ToString(CultureInfo.InvariantCulture), TextColumns.Contains(Columns[k]) ? SqliteType.Text : SqliteType.Integer);
        }

        insert.Prepare();
        p[0].Value = Day(date);
        foreach (var s in snapshots)
        {
            p[1].Value = s.ObligationId;
            p[2].Value = s.DebtorId;
            p[3].Value = s.Product;
            p[4].Value = s.CurrencyCode;
            p[5].Value = s.Dpd;
            p[6].Value = s.Bucket;
            p[7].Value = s.OldestUnpaidDueDate is { } oldest ? Day(oldest) : DBNull.Value;
            var amounts = Amounts(s);
            for (var k = 0; k < amounts.Length; k++)
            {
                p[8 + k].Value = amounts[k];
            }

            p[18].Value = s.OwnCategory;
            p[19].Value = s.Classification;
            p[20].Value = s.ProvisionMinor;
            p[21].Value = s.Ifrs9Stage;
            p[22].Value = s.WriteOffProposed ? 1 : 0;
            p[23].Value = s.CapAssumed ? 1 : 0;
            insert.ExecuteNonQuery();
        }
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

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
            await copy.WriteAsync(s.CapAssumed, NpgsqlDbType.Boolean, cancellationToken);
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
}
