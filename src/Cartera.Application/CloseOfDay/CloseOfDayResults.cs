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

    /// <summary>
    /// The months without a cap row whose arrears were computed with the last published cap carried forward (those
    /// snapshots are marked <c>cap_assumed</c>), as seen by the partitions and recomputes this run computed.
    /// </summary>
    public IReadOnlyList<MissingCapMonth> MissingCapMonths { get; init; } = [];
}

/// <summary>A month of a cap modality without a row of the cap table (<see cref="Month"/> is its first day).</summary>
public sealed record MissingCapMonth(string Modality, DateOnly Month)
{
    /// <summary>By modality (ordinal), then month.</summary>
    public static readonly IComparer<MissingCapMonth> Order = Comparer<MissingCapMonth>.Create((a, b) =>
        string.CompareOrdinal(a.Modality, b.Modality) is var c and not 0 ? c : a.Month.CompareTo(b.Month));

    public override string ToString() => $"{Modality} {Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>A run over one or more dates.</summary>
public sealed record CloseOfDayResult(IReadOnlyList<CloseOfDayDateResult> Dates, string? Message)
{
    public long Obligations => Dates.Sum(d => d.Obligations);

    /// <summary>Every date's <see cref="CloseOfDayDateResult.MissingCapMonths"/>, once each, in order.</summary>
    public IReadOnlyList<MissingCapMonth> MissingCapMonths => Dates.SelectMany(d => d.MissingCapMonths).Distinct().Order(MissingCapMonth.Order).ToList();
}
