using System.Globalization;
using Cartera.Application.Delinquency;

namespace Cartera.Application.CloseOfDay.Steps;

/// <summary>
/// <c>recompute_caps</c>, placed in DESIGN §5 at 4–7 (order 2, after <c>recompute</c>, before the date's snapshots):
/// a change of the cap table (import, edit) requests a recompute from the first date it affects; every debtor is
/// recomputed on each closed date from that date to the last closed one, one transaction per date with its progress
/// row, read and written in debtor-id ranges like the snapshot step. The requests are marked done with this date.
/// </summary>
internal sealed class RecomputeCapsStep : ICloseOfDayStep
{
    public int Number => 4;

    public int Through => 7;

    public int Order => 2;

    public string Name => CloseOfDaySteps.RecomputeCaps;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var (pendingFrom, upToId) = await SnapshotRecompute.PendingAsync(db, cancellationToken);
        if (pendingFrom is not { } requested)
        {
            return new CloseOfDayStepOutcome(0, "No cap-table change waits for a recompute.");
        }

        if (await ClosedDateRecompute.ClosedBeforeAsync(db, context.Date, cancellationToken) is not var (firstClosed, lastClosed) || requested > lastClosed)
        {
            await SnapshotRecompute.MarkDoneAsync(db, upToId, context.Date, cancellationToken);
            return new CloseOfDayStepOutcome(0, "The cap-table changes reach no closed date before this one: nothing to recompute.");
        }

        var from = requested < firstClosed ? firstClosed : requested;
        var ranges = await DebtorPartitions.RangesAsync(db, context.Options.Partitions, cancellationToken);
        var done = await context.RowsAsync(Name, cancellationToken);
        long obligations = 0;
        var partition = 0;
        for (var target = from; target <= lastClosed; target = target.AddDays(1))
        {
            partition++;
            var day = target;
            if (done.Exists(r => r.Partition == partition && r.TargetDate == day && r.Status != CloseOfDayStepStatus.Pending))
            {
                continue;
            }

            obligations += await ClosedDateRecompute.RecomputeAsync(context, Name, partition, target, ranges, cancellationToken);
            context.Report(Name, partition, 0, obligations);
        }

        await SnapshotRecompute.MarkDoneAsync(db, upToId, context.Date, cancellationToken);
        db.ChangeTracker.Clear();
        var note = $"Cap table changed: recomputed every debtor on {partition.ToString(CultureInfo.InvariantCulture)} closed date(s) from {CloseOfDayRunner.Day(from)} to {CloseOfDayRunner.Day(lastClosed)}.";
        return new CloseOfDayStepOutcome(obligations, note) { Partitions = partition, Snapshots = obligations };
    }
}
