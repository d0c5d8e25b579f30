using System.Diagnostics;
using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay.Steps;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// The close-of-day (cierre diario, DESIGN §5): closes business dates one at a time, in order. The runner only orders,
/// resumes, locks and records: it holds the close-of-day lock, refuses an earlier date or a gap, runs the
/// <see cref="ICloseOfDayStep"/>s ordered by their DESIGN §5 number (each in its own file: 1 <c>open</c>,
/// 2 <c>post_payments</c>, 3 <c>regular_interest</c>, 4–7 <c>recompute</c>, <c>recompute_caps</c> and
/// <c>snapshots</c>, 9 <c>score</c> and <c>observe_outcomes</c>), skips those whose progress row of the date is done
/// (<c>close_of_day_steps</c>, per date and partition), records each outcome and finally closes the date. A crash
/// resumes at the first unfinished step and partition (ADR 0011, ADR 0012).
/// </summary>
public sealed class CloseOfDayRunner
{
    private readonly Func<CarteraDbContext> _newContext;
    private readonly CloseOfDayOptions _options;
    private readonly List<ICloseOfDayStep> _steps;

    public CloseOfDayRunner(DatabaseOptions database, TimeProvider clock, IActor actor, CloseOfDayOptions? options = null, IEnumerable<ICloseOfDayStep>? steps = null)
        : this(() => new CarteraDbContext(CarteraDatabase.Options(database), actor, clock), options, steps)
    {
    }

    /// <param name="newContext">Creates the context the run works with (tests add interceptors through it).</param>
    /// <param name="options">Partitions, pause, who runs it.</param>
    /// <param name="steps">
    /// The steps other features register (<see cref="CloseOfDayPlugins.Default"/>: 2 post payments, 9 risk scores and
    /// action outcomes), added to the runner's own (1 open, 3 regular interest, 4–7 recomputes and snapshots); all run
    /// ordered by DESIGN §5 number. Without a step 2 nothing waits to be posted.
    /// </param>
    public CloseOfDayRunner(Func<CarteraDbContext> newContext, CloseOfDayOptions? options = null, IEnumerable<ICloseOfDayStep>? steps = null)
    {
        _newContext = newContext ?? throw new ArgumentNullException(nameof(newContext));
        _options = options ?? new CloseOfDayOptions();
        _steps = Ordered(steps ?? []);
        if (_options.Partitions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Partitions, "At least one partition.");
        }
    }

    /// <summary>The steps of a date in the order they run: by DESIGN §5 number, then order (registration order breaks ties).</summary>
    public IReadOnlyList<ICloseOfDayStep> Steps => _steps;

    /// <summary>
    /// The runner's own steps and the registered ones, ordered by (number, order); each name once. Without a registered
    /// step 2, <see cref="NothingToPostStep"/> records that nothing waits to be posted.
    /// </summary>
    private static List<ICloseOfDayStep> Ordered(IEnumerable<ICloseOfDayStep> registered)
    {
        var steps = new List<ICloseOfDayStep> { new OpenDateStep(), new RegularInterestStep(), new RecomputeBackDatedStep(), new RecomputeCapsStep(), new SnapshotsStep() };
        steps.AddRange(registered);
        if (!steps.Exists(s => s.Number == 2))
        {
            steps.Add(new NothingToPostStep());
        }

        foreach (var step in steps)
        {
            if (step.Number is < 1 or > 12 || step.Through < step.Number || step.Through > 12)
            {
                throw new ArgumentException($"Close-of-day step '{step.Name}' is numbered {step.Number}–{step.Through}: DESIGN §5 numbers its steps 1 to 12.", nameof(registered));
            }

            if (step.Name == CloseOfDaySteps.Close || steps.Count(s => s.Name == step.Name) > 1)
            {
                throw new ArgumentException($"Close-of-day step name '{step.Name}' is taken: each step has its own progress-table name.", nameof(registered));
            }
        }

        return [.. steps.Select((step, index) => (step, index)).OrderBy(x => x.step.Number).ThenBy(x => x.step.Order).ThenBy(x => x.index).Select(x => x.step)];
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

        return new CloseOfDayResult([await CloseDateAsync(db, date, progress, cancellationToken)], null);
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

        var results = new List<CloseOfDayDateResult>();
        for (var date = start; date <= through; date = date.AddDays(1))
        {
            results.Add(await CloseDateAsync(db, date, progress, cancellationToken));
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

    /// <summary>The position of a step in the run (the close last, names no registered step has after it).</summary>
    private int IndexOf(string step)
    {
        var k = _steps.FindIndex(s => s.Name == step);
        return k >= 0 ? k : step == CloseOfDaySteps.Close ? _steps.Count : _steps.Count + 1;
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

    private async Task<CloseOfDayDateResult> CloseDateAsync(CarteraDbContext db, DateOnly date, IProgress<CloseOfDayProgress>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var clock = db.Clock;
        var day = await db.BusinessDays.AsNoTracking().FirstOrDefaultAsync(d => d.Date == date, cancellationToken);
        if (day?.Status == BusinessDayStatus.Closed)
        {
            return Nothing(date);
        }

        var resumed = day is not null;
        var context = new CloseOfDayStepContext(db, date, _options, _newContext, progress, started);
        var rows = await db.CloseOfDaySteps.AsNoTracking().Where(s => s.BusinessDate == date && s.Partition == 0).ToListAsync(cancellationToken);
        var summaries = new List<CloseOfDayStepSummary>();
        foreach (var step in _steps)
        {
            if (rows.Exists(r => r.Step == step.Name && r.Status != CloseOfDayStepStatus.Pending))
            {
                continue;
            }

            context.Report(step.Name, 0, 0, 0);
            var t0 = clock.GetUtcNow();
            var timer = Stopwatch.GetTimestamp();
            var outcome = await step.RunAsync(context, cancellationToken);
            db.ChangeTracker.Clear();
            if (!outcome.Recorded)
            {
                await Progress.RecordAsync(db, date, step.Name, outcome.Status, outcome.Note, t0, cancellationToken, obligations: outcome.Count);
            }

            summaries.Add(new CloseOfDayStepSummary(step.Name, outcome.Partitions, outcome.Count, outcome.Snapshots, outcome.Note, Stopwatch.GetElapsedTime(timer)));
        }

        // Every step is done: close the date.
        context.Report(CloseOfDaySteps.Close, 0, 0, summaries.Where(s => s.Step == CloseOfDaySteps.Snapshots).Sum(s => s.Obligations));
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
        return new CloseOfDayDateResult(date, false, resumed, summaries, context.Latencies, Stopwatch.GetElapsedTime(started))
        {
            MissingCapMonths = [.. context.MissingCapMonths],
        };
    }

    private static CloseOfDayDateResult Nothing(DateOnly date) => new(date, true, false, [], [], TimeSpan.Zero);

    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record DayState(DateOnly? FirstClosed, DateOnly? LastClosed, DateOnly? Open)
    {
        /// <summary>Closed dates are contiguous from the first to the last.</summary>
        public bool IsClosed(DateOnly date) => FirstClosed <= date && date <= LastClosed;
    }
}

/// <summary>What <c>cartera close-of-day status</c> shows.</summary>
public sealed record CloseOfDayStatusReport(DateOnly? LastClosed, DateOnly? Open, DateOnly? Shown, IReadOnlyList<CloseOfDayStepStatusLine> Steps);

/// <summary>One step of the shown date: partitions done of all, obligations handled, its note.</summary>
public sealed record CloseOfDayStepStatusLine(string Step, int Done, int Partitions, long Obligations, string? Note);
