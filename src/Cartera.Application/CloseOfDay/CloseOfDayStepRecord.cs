namespace Cartera.Application.CloseOfDay;

/// <summary>
/// One row of the close-of-day progress table (<c>close_of_day_steps</c>): a named step of a business date, for one
/// partition (0 for steps that run once per date). A step is done when its row says so; a crash resumes at the first
/// row that is not done. Partitioned steps store their plan (the debtor-id range of each partition) when they start, so
/// a resumed run works on exactly the same partitions.
/// </summary>
public sealed class CloseOfDayStepRecord
{
    public DateOnly BusinessDate { get; set; }

    /// <summary>One of <see cref="CloseOfDaySteps"/>.</summary>
    public string Step { get; set; } = string.Empty;

    public int Partition { get; set; }

    /// <summary><c>pending</c>, <c>done</c> or <c>skipped</c> (<see cref="CloseOfDayStepStatus"/>).</summary>
    public string Status { get; set; } = CloseOfDayStepStatus.Pending;

    /// <summary>First debtor id of the partition (inclusive); null for steps without partitions.</summary>
    public long? DebtorFrom { get; set; }

    /// <summary>Last debtor id of the partition (inclusive).</summary>
    public long? DebtorTo { get; set; }

    /// <summary>
    /// Step <c>open</c>: the highest ledger id when the date was opened. Lines above it were booked after the date's
    /// figures were computed, so the next date recomputes what they touch.
    /// </summary>
    public long? LedgerWatermark { get; set; }

    /// <summary>Step <c>recompute</c>: the past business date the partition recomputed.</summary>
    public DateOnly? TargetDate { get; set; }

    public long Obligations { get; set; }

    public long Snapshots { get; set; }

    /// <summary>What the step did or why it did nothing, in plain words.</summary>
    public string? Note { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>
/// The progress-table names of the close-of-day steps (stable: a resumed run finds its rows by them) and their DESIGN §5
/// numbers. Each step is an <see cref="ICloseOfDayStep"/> in its own file; the runner orders them by number.
/// </summary>
public static class CloseOfDaySteps
{
    /// <summary>1. Open the date: refuse an earlier date or a gap; record the ledger watermark (<c>Steps/OpenDateStep</c>).</summary>
    public const string Open = "open";

    /// <summary>2. Post value-dated payments waiting for the date (<c>Payments/PostPaymentsStep</c>).</summary>
    public const string PostPayments = "post_payments";

    /// <summary>3. Regular interest: products with a schedule carry their interest in the installments (<c>Steps/RegularInterestStep</c>).</summary>
    public const string RegularInterest = "regular_interest";

    /// <summary>4–7, order 1: recompute earlier closed dates touched by lines booked since the last close (<c>Steps/RecomputeBackDatedStep</c>).</summary>
    public const string Recompute = "recompute";

    /// <summary>4–7, order 2: recompute every closed date from the earliest pending cap-table change (<c>Steps/RecomputeCapsStep</c>).</summary>
    public const string RecomputeCaps = "recompute_caps";

    /// <summary>4–7, order 3, one pass: DPD, overdue, arrears, fees, bucket, classification with arrastre, provision, IFRS 9 stage, write-off proposal (<c>Steps/SnapshotsStep</c>).</summary>
    public const string Snapshots = "snapshots";

    /// <summary>8. Promises to pay: mark installments and promises kept, partial, broken (<c>Collection/Promises/PromisesStep</c>; not in <see cref="InOrder"/>).</summary>
    public const string Promises = "promises";

    /// <summary>8, order 1. Payment agreements: mark booked agreements broken (reinstating what was forgiven) or completed (<c>Collection/Agreements/AgreementsStep</c>; not in <see cref="InOrder"/>).</summary>
    public const string Agreements = "agreements";

    /// <summary>9. Risk scores of every debtor (<c>Scoring/Portfolio/ScoreDebtorsStep</c>; not in <see cref="InOrder"/>, which lists the steps every runner has).</summary>
    public const string Score = "score";

    /// <summary>9, order 1. Observe the champion/challenger outcomes whose window ended (<c>Scoring/Actions/ObserveActionOutcomesStep</c>; not in <see cref="InOrder"/>).</summary>
    public const string ObserveOutcomes = "observe_outcomes";

    /// <summary>11, order 1. The collectors' work queues for the next day (<c>Collection/Queue/WorkQueueStep</c>; not in <see cref="InOrder"/>).</summary>
    public const string WorkQueue = "work_queue";

    /// <summary>11. The strategies: messages for the next day to the outbox, call and visit steps to the queues (<c>Strategies/StrategiesStep</c>; not in <see cref="InOrder"/>).</summary>
    public const string Strategies = "strategies";

    /// <summary>12. The date's KPI figures per group and currency into <c>kpi_figures</c> (<c>Kpis/KpisStep</c>; not in <see cref="InOrder"/>).</summary>
    public const string Kpis = "kpis";

    /// <summary>Close the date: the runner's last record, after every step.</summary>
    public const string Close = "close";

    /// <summary>The steps of a runner without registered steps, in the order they run and are shown.</summary>
    public static readonly IReadOnlyList<string> InOrder = [Open, PostPayments, RegularInterest, Recompute, RecomputeCaps, Snapshots, Close];
}

public static class CloseOfDayStepStatus
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Skipped = "skipped";
}
