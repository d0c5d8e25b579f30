namespace Cartera.Application.CloseOfDay;

/// <summary>Where a running close is: the date, the step, the partition (1..Partitions; 0 outside the partitioned steps).</summary>
public sealed record CloseOfDayProgress(DateOnly Date, string Step, int Partition, int Partitions, long ObligationsDone, TimeSpan Elapsed);

/// <summary>What one step did on one date (partitioned steps: summed over their partitions).</summary>
public sealed record CloseOfDayStepSummary(string Step, int Partitions, long Obligations, long Snapshots, string? Note, TimeSpan Elapsed);

/// <summary>The close of one business date. <see cref="AlreadyClosed"/>: the date was closed before and nothing changed.</summary>
public sealed record CloseOfDayDateResult(
    DateOnly Date,
    bool AlreadyClosed,
    bool Resumed,
    IReadOnlyList<CloseOfDayStepSummary> Steps,
    IReadOnlyList<TimeSpan> PartitionLatencies,
    TimeSpan Elapsed)
{
    public long Obligations => Steps.Where(s => s.Step == CloseOfDaySteps.Snapshots).Sum(s => s.Obligations);
}

/// <summary>A run over one or more dates.</summary>
public sealed record CloseOfDayResult(IReadOnlyList<CloseOfDayDateResult> Dates, string? Message)
{
    public long Obligations => Dates.Sum(d => d.Obligations);
}
