using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Export;

/// <summary>
/// The delinquency export of one closed business date (DESIGN §6): one row per snapshot of that date, in the order of the
/// obligations' external ids, read from <c>delinquency_snapshots</c> (what close-of-day computed, never recomputed
/// here). Amounts are in major units with exactly their currency's decimals and '.' as decimal separator. A date that is
/// not closed is refused (<c>date_not_closed</c>): its figures do not exist yet. <c>pending_recompute</c> is <c>true</c> on
/// a row whose snapshot is stale: lines back-dated into the date were booked after it closed, and the next close-of-day
/// recomputes it (<see cref="CloseOfDay.PendingRecompute"/>).
/// </summary>
public sealed class DelinquencyExporter(DatabaseOptions database)
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "obligation_id", "business_date", "dpd", "bucket", "overdue_principal", "overdue_interest", "arrears_interest", "fees",
        "total_due", "classification", "provision", "ifrs9_stage", "cap_assumed", "pending_recompute",
    ];

    public async Task<long> ExportAsync(DateOnly businessDate, ExportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database));
        await EnsureClosedAsync(db, businessDate, cancellationToken);
        var columns = Columns.ToArray();
        var pending = await CloseOfDay.PendingRecompute.LoadAsync(db, cancellationToken);
        var rows = Rows(db, businessDate, pending);
        return format == ExportFormat.Csv
            ? await TabularWriter.WriteCsvAsync(columns, rows, output, cancellationToken)
            : await TabularWriter.WriteXlsxAsync("delinquency", columns, rows, output, cancellationToken);
    }

    /// <summary>Refuses a business date that close-of-day has not closed.</summary>
    public static async Task EnsureClosedAsync(CarteraDbContext db, DateOnly businessDate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var closed = await db.BusinessDays.AsNoTracking().AnyAsync(d => d.Date == businessDate && d.Status == BusinessDayStatus.Closed, cancellationToken);
        if (!closed)
        {
            var last = await new BusinessCalendar(db).LastClosedAsync(cancellationToken);
            var hint = last is { } l ? string.Create(CultureInfo.InvariantCulture, $" The last closed date is {l:yyyy-MM-dd}.") : " No date has been closed yet.";
            throw new DomainException("date_not_closed", string.Create(CultureInfo.InvariantCulture, $"The business date {businessDate:yyyy-MM-dd} has not been closed: run close-of-day for it first.") + hint, "date");
        }
    }

    private static IEnumerable<object?[]> Rows(CarteraDbContext db, DateOnly businessDate, CloseOfDay.PendingRecompute pending)
    {
        var snapshots =
            from s in db.DelinquencySnapshots.AsNoTracking()
            join o in db.Obligations.AsNoTracking() on s.ObligationId equals o.Id
            where s.BusinessDate == businessDate
            orderby o.ExternalId, o.Id
            select new { o.ExternalId, o.DebtorId, Snapshot = s };
        var date = businessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var row in snapshots.AsEnumerable())
        {
            var s = row.Snapshot;
            var currency = Currency.Of(s.CurrencyCode);
            decimal Amount(long minor) => TabularWriter.Major(minor, currency);
            yield return
            [
                row.ExternalId, date, s.Dpd, s.Bucket, Amount(s.OverduePrincipalMinor), Amount(s.OverdueInterestMinor), Amount(s.ArrearsInterestMinor),
                Amount(s.FeesMinor), Amount(s.TotalDueMinor), s.Classification, Amount(s.ProvisionMinor), s.Ifrs9Stage,
                s.CapAssumed ? "true" : "false",
                pending.IsPending(row.DebtorId, businessDate) ? "true" : "false",
            ];
        }
    }
}
