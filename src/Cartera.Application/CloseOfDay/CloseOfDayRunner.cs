using System.Diagnostics;
using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Obligations;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// The close-of-day (cierre diario, DESIGN §5): closes business dates one at a time, in order, each through named steps
/// recorded per date and partition in <c>close_of_day_steps</c>, so a crash resumes at the first unfinished step and
/// partition. Snapshots are derived by replaying the ledger (ADR 0011): a partition's snapshots and its progress row
/// commit in one transaction, and each partition deletes its (date, debtors) snapshots before inserting, so a rerun
/// changes nothing.
/// </summary>
public sealed class CloseOfDayRunner
{
    private readonly Func<CarteraDbContext> _newContext;
    private readonly CloseOfDayOptions _options;
    private readonly List<ICloseOfDayStep> _steps;
    private readonly List<ICloseOfDayStep> _afterSnapshots;

    public CloseOfDayRunner(DatabaseOptions database, TimeProvider clock, IActor actor, CloseOfDayOptions? options = null, IEnumerable<ICloseOfDayStep>? steps = null, IEnumerable<ICloseOfDayStep>? afterSnapshots = null)
        : this(() => new CarteraDbContext(CarteraDatabase.Options(database), actor, clock), options, steps, afterSnapshots)
    {
    }

    /// <param name="newContext">Creates the context the run works with (tests add interceptors through it).</param>
    /// <param name="options">Partitions, pause, who runs it.</param>
    /// <param name="steps">Pluggable steps run before the snapshots (step 2); none means nothing is waiting to be posted.</param>
    /// <param name="afterSnapshots">Pluggable steps run after the snapshots and before the close (step 8, risk scores), in order.</param>
    public CloseOfDayRunner(Func<CarteraDbContext> newContext, CloseOfDayOptions? options = null, IEnumerable<ICloseOfDayStep>? steps = null, IEnumerable<ICloseOfDayStep>? afterSnapshots = null)
    {
        _newContext = newContext ?? throw new ArgumentNullException(nameof(newContext));
        _options = options ?? new CloseOfDayOptions();
        _steps = steps?.ToList() ?? [];
        _afterSnapshots = afterSnapshots?.ToList() ?? [];
        if (_options.Partitions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Partitions, "At least one partition.");
        }
    }

    /// <summary>Closes one date: the day after the last closed one, the open (interrupted) date, or any date on a fresh portfolio.</summary>
    public async Task<CloseOfDayResult> RunAsync(DateOnly date, IProgress<CloseOfDayProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var runLock = await CloseOfDayLock.AcquireAsync(db, cancellationToken);
        var state = await StateAsync(db, cancellationToken);
        if (state.IsClosed(date))
        {
            return new CloseOfDayResult([Nothing(date)], $"{Day(date)} is already closed; nothing changed.");
        }

        if (state.Open is { } open && open != date)
        {
            throw new DomainException("close_open_date", $"The close of {Day(open)} was interrupted and must finish first: run close-of-day --date {Day(open)}.", "date");
        }

        if (state.Open is null && state.LastClosed is { } last)
        {
            if (date < last)
            {
                throw new DomainException("close_earlier_date", $"{Day(date)} is earlier than the last closed date {Day(last)}; dates are closed in order.", "date");
            }

            if (date > last.AddDays(1))
            {
                throw new DomainException("close_gap", $"Closing {Day(date)} would leave a gap: the last closed date is {Day(last)}, so the next one is {Day(last.AddDays(1))}. Use --through {Day(date)} to close every date up to it.", "date");
            }
        }

        var context = await RunContext.LoadAsync(db, cancellationToken);
        return new CloseOfDayResult([await CloseDateAsync(db, context, date, progress, cancellationToken)], null);
    }

    /// <summary>
    /// Closes every date up to <paramref name="through"/>: first an interrupted (open) date, then from the day after the
    /// last closed one. On a fresh portfolio it starts at <paramref name="from"/>, or at the earliest issue date.
    /// </summary>
    public async Task<CloseOfDayResult> RunThroughAsync(DateOnly through, DateOnly? from = null, IProgress<CloseOfDayProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var runLock = await CloseOfDayLock.AcquireAsync(db, cancellationToken);
        var state = await StateAsync(db, cancellationToken);
        DateOnly start;
        if (state.Open is { } open)
        {
            start = open;
        }
        else if (state.LastClosed is { } last)
        {
            start = last.AddDays(1);
        }
        else
        {
            var earliest = await db.Obligations.AsNoTracking().Where(o => o.Status != ObligationStatus.Cancelled)
                .MinAsync(o => (DateOnly?)o.IssueDate, cancellationToken);
            start = from ?? earliest ?? through;
        }

        if (from is { } f && f > start)
        {
            throw new DomainException("close_gap", $"--from {Day(f)} would leave a gap: the next date to close is {Day(start)}.", "from");
        }

        if (through < start)
        {
            return new CloseOfDayResult([], state.LastClosed is { } l && through <= l
                ? $"Every date through {Day(through)} is already closed (last closed {Day(l)}); nothing changed."
                : $"Nothing to close: the next date is {Day(start)}.");
        }

        var context = await RunContext.LoadAsync(db, cancellationToken);
        var results = new List<CloseOfDayDateResult>();
        for (var date = start; date <= through; date = date.AddDays(1))
        {
            results.Add(await CloseDateAsync(db, context, date, progress, cancellationToken));
        }

        return new CloseOfDayResult(results, null);
    }

    /// <summary>The last closed date, the open one and the progress rows of the open (else the last closed) date.</summary>
    public async Task<CloseOfDayStatusReport> StatusAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _newContext();
        var state = await StateAsync(db, cancellationToken);
        var shown = state.Open ?? state.LastClosed;
        var rows = shown is { } d
            ? await db.CloseOfDaySteps.AsNoTracking().Where(s => s.BusinessDate == d).ToListAsync(cancellationToken)
            : [];
        var steps = rows
            .GroupBy(r => r.Step)
            .OrderBy(g => IndexOf(g.Key))
            .Select(g =>
            {
                var parts = g.Where(r => r.Partition > 0 || g.Count() == 1).ToList();
                return new CloseOfDayStepStatusLine(
                    g.Key,
                    parts.Count(r => r.Status != CloseOfDayStepStatus.Pending),
                    parts.Count,
                    parts.Sum(r => r.Obligations),
                    g.FirstOrDefault(r => r.Partition == 0)?.Note ?? parts.FirstOrDefault()?.Note);
            })
            .ToList();
        return new CloseOfDayStatusReport(state.LastClosed, state.Open, shown, steps);
    }

    private static int IndexOf(string step)
    {
        for (var k = 0; k < CloseOfDaySteps.InOrder.Count; k++)
        {
            if (CloseOfDaySteps.InOrder[k] == step)
            {
                return k;
            }
        }

        return CloseOfDaySteps.InOrder.Count;
    }

    private async Task<CarteraDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        var db = _newContext();
        await db.Database.OpenConnectionAsync(cancellationToken);
        return db;
    }

    private static async Task<DayState> StateAsync(CarteraDbContext db, CancellationToken cancellationToken)
    {
        var days = await db.BusinessDays.AsNoTracking()
            .GroupBy(d => d.Status)
            .Select(g => new { Status = g.Key, Min = g.Min(d => d.Date), Max = g.Max(d => d.Date) })
            .ToListAsync(cancellationToken);
        var closed = days.FirstOrDefault(d => d.Status == BusinessDayStatus.Closed);
        var open = days.FirstOrDefault(d => d.Status == BusinessDayStatus.Open);
        return new DayState(closed?.Min, closed?.Max, open?.Min);
    }

    private async Task<CloseOfDayDateResult> CloseDateAsync(CarteraDbContext db, RunContext context, DateOnly date, IProgress<CloseOfDayProgress>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var clock = db.Clock;
        var day = await db.BusinessDays.AsNoTracking().FirstOrDefaultAsync(d => d.Date == date, cancellationToken);
        if (day?.Status == BusinessDayStatus.Closed)
        {
            return Nothing(date);
        }

        var resumed = day is not null;
        var summaries = new List<CloseOfDayStepSummary>();
        var latencies = new List<TimeSpan>();
        void Report(string step, int partition, int partitions, long done) =>
            progress?.Report(new CloseOfDayProgress(date, step, partition, partitions, done, Stopwatch.GetElapsedTime(started)));

        // 1. Open the date and record the ledger watermark, in one transaction.
        Report(CloseOfDaySteps.Open, 0, 0, 0);
        if (!resumed)
        {
            var now = clock.GetUtcNow();
            var watermark = await db.Database.SqlQueryRaw<long>("SELECT coalesce(max(id), 0) AS \"Value\" FROM ledger_entries").SingleAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            db.BusinessDays.Add(new BusinessDay { Date = date, Status = BusinessDayStatus.Open, OpenedAt = now, RunBy = _options.RunBy });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await Progress.RecordAsync(db, date, CloseOfDaySteps.Open, CloseOfDayStepStatus.Done, $"Opened; ledger watermark {watermark.ToString(CultureInfo.InvariantCulture)}.", now, cancellationToken, watermark: watermark);
            await tx.CommitAsync(cancellationToken);
            summaries.Add(new CloseOfDayStepSummary(CloseOfDaySteps.Open, 0, 0, 0, "opened", TimeSpan.Zero));
        }

        var rows = await db.CloseOfDaySteps.AsNoTracking().Where(s => s.BusinessDate == date).ToListAsync(cancellationToken);
        bool Done(string step, int partition) => rows.Exists(r => r.Step == step && r.Partition == partition && r.Status != CloseOfDayStepStatus.Pending);

        async Task RunPluggableAsync(IEnumerable<ICloseOfDayStep> steps)
        {
            foreach (var step in steps)
            {
                if (Done(step.Name, 0))
                {
                    continue;
                }

                Report(step.Name, 0, 0, 0);
                var t0 = clock.GetUtcNow();
                var outcome = await step.RunAsync(db, date, cancellationToken);
                db.ChangeTracker.Clear();
                await Progress.RecordAsync(db, date, step.Name, CloseOfDayStepStatus.Done, outcome.Note, t0, cancellationToken, obligations: outcome.Count);
                summaries.Add(new CloseOfDayStepSummary(step.Name, 0, outcome.Count, 0, outcome.Note, clock.GetUtcNow() - t0));
            }
        }

        // 2. Pluggable steps (posting value-dated payments); none wired means nothing waits to be posted.
        var pluggable = _steps.Count > 0 ? _steps : [NothingToPost.Instance];
        await RunPluggableAsync(pluggable);

        // 3. Regular interest: every product carries its interest in the schedule's installments.
        if (!Done(CloseOfDaySteps.RegularInterest, 0))
        {
            const string note = "No product accrues regular interest daily: interest is part of each scheduled installment, so there is nothing to accrue.";
            var now = clock.GetUtcNow();
            await Progress.RecordAsync(db, date, CloseOfDaySteps.RegularInterest, CloseOfDayStepStatus.Skipped, note, now, cancellationToken);
            summaries.Add(new CloseOfDayStepSummary(CloseOfDaySteps.RegularInterest, 0, 0, 0, note, TimeSpan.Zero));
        }

        var products = await RunContext.ProductsAsync(db, cancellationToken);
        var engine = new SnapshotEngine(context.Caps, products);

        // Recompute earlier closed dates that lines booked since the last close reach back to.
        if (!Done(CloseOfDaySteps.Recompute, 0))
        {
            summaries.Add(await RecomputeAsync(db, engine, date, rows, Report, cancellationToken));
        }

        // Recompute the closed dates a cap-table change reaches back to (imports and edits request it).
        if (!Done(CloseOfDaySteps.RecomputeCaps, 0))
        {
            summaries.Add(await RecomputeCapsAsync(db, engine, date, rows, Report, cancellationToken));
        }

        // 4–7. Snapshots, one streamed pass per partition.
        var plan = rows.Where(r => r.Step == CloseOfDaySteps.Snapshots && r.Partition > 0).OrderBy(r => r.Partition).ToList();
        if (plan.Count == 0)
        {
            plan = await PlanAsync(db, date, cancellationToken);
        }

        long obligations = 0, snapshots = 0;
        var snapshotStarted = Stopwatch.GetTimestamp();
        var pending = plan.Where(p => p.Status == CloseOfDayStepStatus.Pending).ToList();

        // While a partition is computed and written, the next one is read on a second connection (the database and the
        // replay overlap); the read is read-only, so a crash still resumes at the first partition not committed.
        await using var readerDb = pending.Count > 1 ? await OpenAsync(cancellationToken) : null;
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
                    await Progress.FinishAsync(db, date, CloseOfDaySteps.Snapshots, part.Partition, computed.Count, computed.Count, startedAt, clock.GetUtcNow(), cancellationToken);
                    await tx.CommitAsync(cancellationToken);
                }

                obligations += computed.Count;
                snapshots += computed.Count;
                latencies.Add(Stopwatch.GetElapsedTime(t0));
                Report(CloseOfDaySteps.Snapshots, part.Partition, plan.Count, obligations);
                if (_options.PauseBetweenPartitions > TimeSpan.Zero)
                {
                    await Task.Delay(_options.PauseBetweenPartitions, cancellationToken);
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

        summaries.Add(new CloseOfDayStepSummary(CloseOfDaySteps.Snapshots, plan.Count, obligations, snapshots, null, Stopwatch.GetElapsedTime(snapshotStarted)));

        // 8. Pluggable steps after the snapshots (risk scores).
        await RunPluggableAsync(_afterSnapshots);

        // 10. Close the date.
        Report(CloseOfDaySteps.Close, 0, 0, obligations);
        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var open = await db.BusinessDays.FirstAsync(d => d.Date == date, cancellationToken);
            var now = clock.GetUtcNow();
            open.Status = BusinessDayStatus.Closed;
            open.ClosedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await Progress.RecordAsync(db, date, CloseOfDaySteps.Close, CloseOfDayStepStatus.Done, "Closed.", now, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        summaries.Add(new CloseOfDayStepSummary(CloseOfDaySteps.Close, 0, 0, 0, "closed", TimeSpan.Zero));
        return new CloseOfDayDateResult(date, false, resumed, summaries, latencies, Stopwatch.GetElapsedTime(started))
        {
            MissingCapMonths = [.. engine.MissingCapMonths],
        };
    }

    private static DebtorRange Range(CloseOfDayStepRecord part) => new(part.DebtorFrom ?? long.MinValue, part.DebtorTo ?? long.MaxValue);

    /// <summary>
    /// Lines booked since the last close (ledger id above its watermark, up to this date's) whose value date is on or
    /// before the last closed date make that date's snapshots stale: every affected debtor is recomputed (all of its
    /// obligations, for arrastre) for each closed date from the earliest value date, one transaction per date.
    /// </summary>
    private static async Task<CloseOfDayStepSummary> RecomputeAsync(CarteraDbContext db, SnapshotEngine engine, DateOnly date, List<CloseOfDayStepRecord> rows, Action<string, int, int, long> report, CancellationToken cancellationToken)
    {
        var clock = db.Clock;
        var t0 = clock.GetUtcNow();
        var last = await db.BusinessDays.AsNoTracking().Where(d => d.Status == BusinessDayStatus.Closed && d.Date < date)
            .MaxAsync(d => (DateOnly?)d.Date, cancellationToken);
        string note;
        long obligations = 0;
        var dates = 0;
        if (last is not { } lastClosed)
        {
            note = "No earlier closed date: nothing to recompute.";
        }
        else
        {
            var lastWatermark = await db.CloseOfDaySteps.AsNoTracking()
                .Where(s => s.BusinessDate == lastClosed && s.Step == CloseOfDaySteps.Open && s.Partition == 0)
                .Select(s => s.LedgerWatermark).FirstOrDefaultAsync(cancellationToken) ?? 0;
            var watermark = rows.First(r => r.Step == CloseOfDaySteps.Open && r.Partition == 0).LedgerWatermark ?? 0;
            var firstClosed = await db.BusinessDays.AsNoTracking().Where(d => d.Status == BusinessDayStatus.Closed)
                .MinAsync(d => d.Date, cancellationToken);
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
                note = "Nothing booked since the last close reaches back to a closed date.";
            }
            else
            {
                var from = affected.Min(a => a.From);
                if (from < firstClosed)
                {
                    from = firstClosed;
                }

                var partition = 0;
                for (var target = from; target <= lastClosed; target = target.AddDays(1))
                {
                    partition++;
                    dates++;
                    if (rows.Exists(r => r.Step == CloseOfDaySteps.Recompute && r.Partition == partition && r.Status != CloseOfDayStepStatus.Pending))
                    {
                        continue;
                    }

                    var startedAt = clock.GetUtcNow();
                    var filter = new DebtorSet(affected.Where(a => a.From <= target).Select(a => a.DebtorId).ToList());
                    var computed = await engine.ComputeAsync(db, target, filter, cancellationToken);
                    await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
                    {
                        await SnapshotWriter.ReplaceAsync(db, target, filter, computed, cancellationToken);
                        await Progress.UpsertAsync(db, new CloseOfDayStepRecord
                        {
                            BusinessDate = date,
                            Step = CloseOfDaySteps.Recompute,
                            Partition = partition,
                            Status = CloseOfDayStepStatus.Done,
                            TargetDate = target,
                            Obligations = computed.Count,
                            Snapshots = computed.Count,
                            StartedAt = startedAt,
                            FinishedAt = clock.GetUtcNow(),
                        }, cancellationToken);
                        await tx.CommitAsync(cancellationToken);
                    }

                    obligations += computed.Count;
                    report(CloseOfDaySteps.Recompute, partition, 0, obligations);
                }

                note = $"Recomputed {affected.Count.ToString(CultureInfo.InvariantCulture)} debtor(s) on {dates.ToString(CultureInfo.InvariantCulture)} closed date(s) from {Day(from)} to {Day(lastClosed)}.";
            }
        }

        await Progress.RecordAsync(db, date, CloseOfDaySteps.Recompute, CloseOfDayStepStatus.Done, note, t0, cancellationToken, obligations: obligations);
        return new CloseOfDayStepSummary(CloseOfDaySteps.Recompute, dates, obligations, obligations, note, clock.GetUtcNow() - t0);
    }

    /// <summary>
    /// A change of the cap table (import, edit) requests a recompute from the first date it affects: every debtor is
    /// recomputed on each closed date from that date to the last closed one, one transaction per date, read and written
    /// in debtor-id ranges like the snapshot step. The requests are marked done with this close's date.
    /// </summary>
    private async Task<CloseOfDayStepSummary> RecomputeCapsAsync(CarteraDbContext db, SnapshotEngine engine, DateOnly date, List<CloseOfDayStepRecord> rows, Action<string, int, int, long> report, CancellationToken cancellationToken)
    {
        var clock = db.Clock;
        var t0 = clock.GetUtcNow();
        var (pendingFrom, upToId) = await SnapshotRecompute.PendingAsync(db, cancellationToken);
        var last = await db.BusinessDays.AsNoTracking().Where(d => d.Status == BusinessDayStatus.Closed && d.Date < date)
            .MaxAsync(d => (DateOnly?)d.Date, cancellationToken);
        string note;
        long obligations = 0;
        var dates = 0;
        if (pendingFrom is not { } requested)
        {
            note = "No cap-table change waits for a recompute.";
        }
        else if (last is not { } lastClosed || requested > lastClosed)
        {
            note = "The cap-table changes reach no closed date before this one: nothing to recompute.";
            await SnapshotRecompute.MarkDoneAsync(db, upToId, date, cancellationToken);
        }
        else
        {
            var firstClosed = await db.BusinessDays.AsNoTracking().Where(d => d.Status == BusinessDayStatus.Closed)
                .MinAsync(d => d.Date, cancellationToken);
            var from = requested < firstClosed ? firstClosed : requested;
            var ranges = (await RangesAsync(db, cancellationToken)).ToList();
            var partition = 0;
            for (var target = from; target <= lastClosed; target = target.AddDays(1))
            {
                partition++;
                dates++;
                var day = target;
                if (rows.Exists(r => r.Step == CloseOfDaySteps.RecomputeCaps && r.Partition == partition && r.TargetDate == day && r.Status != CloseOfDayStepStatus.Pending))
                {
                    continue;
                }

                var startedAt = clock.GetUtcNow();
                long count = 0;
                await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
                {
                    foreach (var range in ranges)
                    {
                        var computed = await engine.ComputeAsync(db, target, range, cancellationToken);
                        await SnapshotWriter.ReplaceAsync(db, target, range, computed, cancellationToken);
                        count += computed.Count;
                    }

                    await Progress.UpsertAsync(db, new CloseOfDayStepRecord
                    {
                        BusinessDate = date,
                        Step = CloseOfDaySteps.RecomputeCaps,
                        Partition = partition,
                        Status = CloseOfDayStepStatus.Done,
                        TargetDate = target,
                        Obligations = count,
                        Snapshots = count,
                        StartedAt = startedAt,
                        FinishedAt = clock.GetUtcNow(),
                    }, cancellationToken);
                    await tx.CommitAsync(cancellationToken);
                }

                obligations += count;
                report(CloseOfDaySteps.RecomputeCaps, partition, 0, obligations);
            }

            await SnapshotRecompute.MarkDoneAsync(db, upToId, date, cancellationToken);
            db.ChangeTracker.Clear();
            note = $"Cap table changed: recomputed every debtor on {dates.ToString(CultureInfo.InvariantCulture)} closed date(s) from {Day(from)} to {Day(lastClosed)}.";
        }

        await Progress.RecordAsync(db, date, CloseOfDaySteps.RecomputeCaps, CloseOfDayStepStatus.Done, note, t0, cancellationToken, obligations: obligations);
        return new CloseOfDayStepSummary(CloseOfDaySteps.RecomputeCaps, dates, obligations, obligations, note, clock.GetUtcNow() - t0);
    }

    /// <summary>At most <see cref="CloseOfDayOptions.Partitions"/> contiguous debtor-id ranges of about the same number of obligations.</summary>
    private async Task<IEnumerable<DebtorRange>> RangesAsync(CarteraDbContext db, CancellationToken cancellationToken)
    {
        var starts = await db.Database.SqlQueryRaw<long>(
            """
            SELECT min(debtor_id) AS "Value" FROM (
                SELECT debtor_id, ntile({0}) OVER (ORDER BY debtor_id) AS tile FROM obligations
            ) t GROUP BY tile ORDER BY 1
            """, _options.Partitions).ToListAsync(cancellationToken);
        var distinct = starts.Distinct().Order().ToList();
        return Enumerable.Range(0, Math.Max(1, distinct.Count)).Select(k => new DebtorRange(
            k == 0 ? long.MinValue : distinct[k],
            k + 1 < distinct.Count ? distinct[k + 1] - 1 : long.MaxValue));
    }

    /// <summary>
    /// Splits the debtors into at most <see cref="CloseOfDayOptions.Partitions"/> contiguous id ranges of about the same
    /// number of obligations (a debtor is never split) and stores the plan as pending progress rows.
    /// </summary>
    private async Task<List<CloseOfDayStepRecord>> PlanAsync(CarteraDbContext db, DateOnly date, CancellationToken cancellationToken)
    {
        var starts = await db.Database.SqlQueryRaw<long>(
            """
            SELECT min(debtor_id) AS "Value" FROM (
                SELECT debtor_id, ntile({0}) OVER (ORDER BY debtor_id) AS tile FROM obligations
            ) t GROUP BY tile ORDER BY 1
            """, _options.Partitions).ToListAsync(cancellationToken);
        var distinct = starts.Distinct().Order().ToList();
        var plan = new List<CloseOfDayStepRecord>();
        for (var k = 0; k < Math.Max(1, distinct.Count); k++)
        {
            plan.Add(new CloseOfDayStepRecord
            {
                BusinessDate = date,
                Step = CloseOfDaySteps.Snapshots,
                Partition = k + 1,
                Status = CloseOfDayStepStatus.Pending,
                DebtorFrom = k == 0 ? long.MinValue : distinct[k],
                DebtorTo = k + 1 < distinct.Count ? distinct[k + 1] - 1 : long.MaxValue,
            });
        }

        await Progress.InsertPlanAsync(db, plan, cancellationToken);
        return plan;
    }

    private static CloseOfDayDateResult Nothing(DateOnly date) => new(date, true, false, [], [], TimeSpan.Zero);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record DayState(DateOnly? FirstClosed, DateOnly? LastClosed, DateOnly? Open)
    {
        /// <summary>Closed dates are contiguous from the first to the last.</summary>
        public bool IsClosed(DateOnly date) => FirstClosed <= date && date <= LastClosed;
    }

    internal sealed class AffectedDebtor
    {
        public long DebtorId { get; set; }

        public DateOnly From { get; set; }
    }

    /// <summary>What stays the same for a whole run: the cap table; product settings are loaded per date.</summary>
    private sealed class RunContext(CapTable caps)
    {
        public CapTable Caps { get; } = caps;

        public static async Task<RunContext> LoadAsync(CarteraDbContext db, CancellationToken cancellationToken) =>
            new(await new CapTableStore(db).LoadAsync(ct: cancellationToken));

        public static async Task<IReadOnlyDictionary<string, ProductSettings>> ProductsAsync(CarteraDbContext db, CancellationToken cancellationToken)
        {
            var codes = await db.Obligations.AsNoTracking().Select(o => o.Product).Distinct().ToListAsync(cancellationToken);
            return await new ProductCatalog(db).ForCodesAsync(codes, cancellationToken);
        }
    }

    /// <summary>Step 2 when no payment posting is wired: nothing waits to be posted.</summary>
    private sealed class NothingToPost : ICloseOfDayStep
    {
        public static readonly NothingToPost Instance = new();

        public string Name => CloseOfDaySteps.PostPayments;

        public Task<CloseOfDayStepOutcome> RunAsync(CarteraDbContext db, DateOnly businessDate, CancellationToken cancellationToken) =>
            Task.FromResult(new CloseOfDayStepOutcome(0, "No payment posting is wired in: no value-dated payments to post."));
    }
}

/// <summary>What <c>cartera close-of-day status</c> shows.</summary>
public sealed record CloseOfDayStatusReport(DateOnly? LastClosed, DateOnly? Open, DateOnly? Shown, IReadOnlyList<CloseOfDayStepStatusLine> Steps);

/// <summary>One step of the shown date: partitions done of all, obligations handled, its note.</summary>
public sealed record CloseOfDayStepStatusLine(string Step, int Done, int Partitions, long Obligations, string? Note);
