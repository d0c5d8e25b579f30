namespace Cartera.Application.CloseOfDay;

/// <summary>
/// One named step of the close-of-day, numbered as in DESIGN §5. The runner orders the steps by
/// (<see cref="Number"/>, <see cref="Order"/>), skips a step whose progress row (partition 0) of the date is done, runs
/// it with the date's <see cref="CloseOfDayStepContext"/>, then records its outcome — unless the step recorded its own
/// rows (<see cref="CloseOfDayStepOutcome.Recorded"/>). A crash between a step's work and its progress row makes the
/// resumed run call it again, so every step is idempotent on its own.
/// <para>
/// A feature adds a step (8 promises, 10 assignment, 11 strategies, 12 KPIs) by implementing this interface and listing
/// it in <see cref="CloseOfDayPlugins.Default"/>; nothing else changes.
/// </para>
/// </summary>
public interface ICloseOfDayStep
{
    /// <summary>The DESIGN §5 number of the step (the first one, for a step that covers several).</summary>
    int Number { get; }

    /// <summary>The last DESIGN §5 number the step covers: the number itself unless it computes several in one pass.</summary>
    int Through => Number;

    /// <summary>The order among steps that share <see cref="Number"/> (lower first).</summary>
    int Order => 0;

    /// <summary>The progress-table name of the step (one of <see cref="CloseOfDaySteps"/>): stable, a resumed run finds its rows by it.</summary>
    string Name { get; }

    Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken);
}

/// <summary>
/// What a step did: how many items it handled and a sentence for the progress table; for a partitioned step also the
/// partitions and snapshots it wrote. <see cref="Recorded"/>: the step committed its own progress rows with its work, so
/// the runner writes none. <see cref="Status"/> is <see cref="CloseOfDayStepStatus.Done"/> or
/// <see cref="CloseOfDayStepStatus.Skipped"/>.
/// </summary>
public sealed record CloseOfDayStepOutcome(long Count, string Note)
{
    public string Status { get; init; } = CloseOfDayStepStatus.Done;

    public int Partitions { get; init; }

    public long Snapshots { get; init; }

    public bool Recorded { get; init; }
}
