using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay.Steps;

/// <summary>
/// <c>recompute</c>, placed in DESIGN §5 at 4–7 (order 1, before the date's own snapshots): steps 4–7 again for earlier
/// closed dates. Lines booked since the last close (ledger id above its watermark, up to this date's) whose value date
/// is on or before the last closed date make that date's snapshots stale: every affected debtor is recomputed (all of
/// its obligations, for arrastre) for each closed date from the earliest value date, one transaction per date with its
/// progress row (partition k = the k-th date), so a crash resumes at the first date not recomputed.
/// </summary>
internal sealed class RecomputeBackDatedStep : ICloseOfDayStep
{
    public int Number => 4;

    public int Through => 7;

    public int Order => 1;

    public string Name => CloseOfDaySteps.Recompute;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        var db = context.Db;
        if (await ClosedDateRecompute.ClosedBeforeAsync(db, context.Date, cancellationToken) is not var (firstClosed, lastClosed))
        {
            return new CloseOfDayStepOutcome(0, "No earlier closed date: nothing to recompute.");
        }

        var lastWatermark = await db.CloseOfDaySteps.AsNoTracking()
            .Where(s => s.BusinessDate == lastClosed && s.Step == CloseOfDaySteps.Open && s.Partition == 0)
            .Select(s => s.LedgerWatermark).FirstOrDefaultAsync(cancellationToken) ?? 0;
        var watermark = (await context.RowsAsync(CloseOfDaySteps.Open, cancellationToken)).First(r => r.Partition == 0).LedgerWatermark ?? 0;
        var affected = await db.Database.SqlQueryRaw<AffectedDebtor>(
            """
            SELECT o.debtor_id AS "DebtorId", min(e.value_date) AS "From"
            FROM ledger_entries e JOIN obligations o ON o.id = e.obligation_id
            WHERE e.id > {0} AND e.id <= {1} AND e.value_date <= {2}
            GROUP BY o.debtor_id
            ORDER BY o.debtor_id
            """, lastWatermark, watermark, lastClosed).ToListAsync(cancellationToken);
        if (affected.Count == 0)
        {
            return new CloseOfDayStepOutcome(0, "Nothing booked since the last close reaches back to a closed date.");
        }

        var from = affected.Min(a => a.From);
        if (from < firstClosed)
        {
            from = firstClosed;
        }

        var done = await context.RowsAsync(Name, cancellationToken);
        long obligations = 0;
        var partition = 0;
        for (var target = from; target <= lastClosed; target = target.AddDays(1))
        {
            partition++;
            if (done.Exists(r => r.Partition == partition && r.Status != CloseOfDayStepStatus.Pending))
            {
                continue;
            }

            var day = target;
            var filter = new DebtorSet(affected.Where(a => a.From <= day).Select(a => a.DebtorId).ToList());
            obligations += await ClosedDateRecompute.RecomputeAsync(context, Name, partition, target, [filter], cancellationToken);
            context.Report(Name, partition, 0, obligations);
        }

        var note = $"Recomputed {affected.Count.ToString(CultureInfo.InvariantCulture)} debtor(s) on {partition.ToString(CultureInfo.InvariantCulture)} closed date(s) from {CloseOfDayRunner.Day(from)} to {CloseOfDayRunner.Day(lastClosed)}.";
        return new CloseOfDayStepOutcome(obligations, note) { Partitions = partition, Snapshots = obligations };
    }
}
