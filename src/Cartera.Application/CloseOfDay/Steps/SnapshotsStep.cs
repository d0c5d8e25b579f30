using System.Diagnostics;
using System.Globalization;

namespace Cartera.Application.CloseOfDay.Steps;

/// <summary>
/// DESIGN §5 steps 4–7 in one pass, <c>snapshots</c> (ADR 0011, ADR 0012): per partition the obligations are read once
/// and replayed once, and the stages of <see cref="SnapshotEngine"/> give, in the design's order, 4 days past due and
/// overdue per component, 5 arrears interest under the cap in force each day, 6 fees, 7 aging bucket, classification
/// with arrastre, provision and IFRS 9 stage; the partition's snapshots and its progress row commit in one transaction.
/// The plan (the partitions' debtor-id ranges) is stored as pending rows when the step starts, so a resumed run works
/// on the same partitions and starts at the first one not committed.
/// </summary>
internal sealed class SnapshotsStep : ICloseOfDayStep
{
    public int Number => 4;

    public int Through => 7;

    public int Order => 3;

    public string Name => CloseOfDaySteps.Snapshots;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var date = context.Date;
        var clock = context.Clock;
        var plan = (await context.RowsAsync(Name, cancellationToken)).Where(r => r.Partition > 0).OrderBy(r => r.Partition).ToList();
        if (plan.Count == 0)
        {
            plan = await PlanAsync(context, cancellationToken);
        }

        var engine = await context.EngineAsync(cancellationToken);
        long obligations = 0;
        var pending = plan.Where(p => p.Status == CloseOfDayStepStatus.Pending).ToList();

        // While a partition is computed and written, the next one is read on a second connection (the database and the
        // replay overlap); the read is read-only, so a crash still resumes at the first partition not committed.
        await using var readerDb = pending.Count > 1 ? await context.OpenSecondAsync(cancellationToken) : null;
        Task<SnapshotEngine.PartitionData>? next = null;
        try
        {
            for (var k = 0; k < pending.Count; k++)
            {
                var part = pending[k];
                cancellationToken.ThrowIfCancellationRequested();
                var t0 = Stopwatch.GetTimestamp();
                var startedAt = clock.GetUtcNow();
                var filter = Range(part);
                var data = next is null ? await SnapshotEngine.ReadAsync(db, date, filter, cancellationToken) : await next;
                next = null;
                if (k + 1 < pending.Count && readerDb is not null)
                {
                    var following = Range(pending[k + 1]);
                    next = Task.Run(() => SnapshotEngine.ReadAsync(readerDb, date, following, cancellationToken), cancellationToken);
                }

                var computed = engine.Compute(date, data);
                await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
                {
                    await SnapshotWriter.ReplaceAsync(db, date, filter, computed, cancellationToken);
                    await Progress.FinishAsync(db, date, Name, part.Partition, computed.Count, computed.Count, startedAt, clock.GetUtcNow(), cancellationToken);
                    await tx.CommitAsync(cancellationToken);
                }

                obligations += computed.Count;
                context.Latencies.Add(Stopwatch.GetElapsedTime(t0));
                context.Report(Name, part.Partition, plan.Count, obligations);
                if (context.Options.PauseBetweenPartitions > TimeSpan.Zero)
                {
                    await Task.Delay(context.Options.PauseBetweenPartitions, cancellationToken);
                }
            }
        }
        finally
        {
            // A failure while a read is in flight: let it finish (its own failure is secondary) before its connection closes.
            if (next is not null)
            {
                try
                {
                    await next;
                }
                catch (Exception) when (next.IsFaulted || next.IsCanceled)
                {
                }
            }
        }

        // Each partition's row was committed with its snapshots: there is no row for the step as a whole.
        var note = string.Create(CultureInfo.InvariantCulture, $"{obligations} obligation(s) in {pending.Count} of {plan.Count} partition(s).");
        return new CloseOfDayStepOutcome(obligations, note) { Partitions = plan.Count, Snapshots = obligations, Recorded = true };
    }

    private static DebtorRange Range(CloseOfDayStepRecord part) => new(part.DebtorFrom ?? long.MinValue, part.DebtorTo ?? long.MaxValue);

    /// <summary>Splits the debtors into the options' number of ranges and stores the plan as pending progress rows.</summary>
    private async Task<List<CloseOfDayStepRecord>> PlanAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        var ranges = await DebtorPartitions.RangesAsync(context.Db, context.Options.Partitions, cancellationToken);
        var plan = ranges.Select((range, k) => new CloseOfDayStepRecord
        {
            BusinessDate = context.Date,
            Step = Name,
            Partition = k + 1,
            Status = CloseOfDayStepStatus.Pending,
            DebtorFrom = range.From,
            DebtorTo = range.To,
        }).ToList();
        await Progress.InsertPlanAsync(context.Db, plan, cancellationToken);
        return plan;
    }
}
