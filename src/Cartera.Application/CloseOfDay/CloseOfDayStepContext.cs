using System.Diagnostics;
using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// What a step of one business date works with: the runner's open <see cref="CarteraDbContext"/> (it holds the
/// close-of-day lock), the date, the options, progress reporting, the date's progress rows, and what the snapshot steps
/// share for the date (the engine with its cap, classification and product tables, loaded once).
/// </summary>
public sealed class CloseOfDayStepContext
{
    private readonly Func<CarteraDbContext> _newContext;
    private readonly IProgress<CloseOfDayProgress>? _progress;
    private readonly long _started;
    private SnapshotEngine? _engine;

    internal CloseOfDayStepContext(CarteraDbContext db, DateOnly date, CloseOfDayOptions options, Func<CarteraDbContext> newContext, IProgress<CloseOfDayProgress>? progress, long started)
    {
        Db = db;
        Date = date;
        Options = options;
        _newContext = newContext;
        _progress = progress;
        _started = started;
    }

    public CarteraDbContext Db { get; }

    public DateOnly Date { get; }

    public CloseOfDayOptions Options { get; }

    public TimeProvider Clock => Db.Clock;

    /// <summary>A context for running one step alone on <paramref name="db"/> (tests); a second connection is not available.</summary>
    internal static CloseOfDayStepContext Alone(CarteraDbContext db, DateOnly date, CloseOfDayOptions? options = null) =>
        new(db, date, options ?? new CloseOfDayOptions(), () => throw new InvalidOperationException("A step run alone has no second connection."), null, Stopwatch.GetTimestamp());

    /// <summary>Per-partition latencies of the date's snapshot pass (the run's percentiles).</summary>
    internal List<TimeSpan> Latencies { get; } = [];

    /// <summary>Reports where the run is (the CLI prints it).</summary>
    public void Report(string step, int partition, int partitions, long done) =>
        _progress?.Report(new CloseOfDayProgress(Date, step, partition, partitions, done, Stopwatch.GetElapsedTime(_started)));

    /// <summary>The date's progress rows of one step, as stored now.</summary>
    public async Task<List<CloseOfDayStepRecord>> RowsAsync(string step, CancellationToken cancellationToken) =>
        await Db.CloseOfDaySteps.AsNoTracking().Where(s => s.BusinessDate == Date && s.Step == step).ToListAsync(cancellationToken);

    /// <summary>A second context with its connection open (the snapshot step reads the next partition on it).</summary>
    internal async Task<CarteraDbContext> OpenSecondAsync(CancellationToken cancellationToken)
    {
        var db = _newContext();
        await db.Database.OpenConnectionAsync(cancellationToken);
        return db;
    }

    /// <summary>The snapshot engine of the date (steps 4–7 and the recomputes), loaded on first use.</summary>
    internal async Task<SnapshotEngine> EngineAsync(CancellationToken cancellationToken) =>
        _engine ??= await SnapshotEngine.LoadAsync(Db, cancellationToken);

    /// <summary>The months the date's engine computed with a cap carried forward (empty when no snapshot step ran).</summary>
    internal IReadOnlyCollection<MissingCapMonth> MissingCapMonths => _engine?.MissingCapMonths ?? [];
}
