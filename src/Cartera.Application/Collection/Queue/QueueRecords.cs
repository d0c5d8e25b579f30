using Cartera.Application.Audit;
using Cartera.Domain.Collection.Queue;

namespace Cartera.Application.Collection.Queue;

/// <summary>
/// One precomputed row of a user's work queue (<c>work_queue_entries</c>, owned by Collection): one per active
/// assignment (user, debtor) with the debtor's tier, points and the facts shown on the page, as of
/// <see cref="ComputedFor"/>. Derived data, replaced by close-of-day (step 11, <c>work_queue</c>) and for a debtor when
/// its promises or activities change — not audited row by row, like the snapshots.
/// </summary>
public sealed class WorkQueueEntry : ISelfAudited
{
    public string UserId { get; set; } = string.Empty;

    public long DebtorId { get; set; }

    public int Tier { get; set; }

    public long Points { get; set; }

    public int Dpd { get; set; }

    public string Bucket { get; set; } = string.Empty;

    public string Product { get; set; } = string.Empty;

    /// <summary>Total due (overdue) on the last closed date, minor units of <see cref="CurrencyCode"/>.</summary>
    public long OverdueMinor { get; set; }

    public string CurrencyCode { get; set; } = string.Empty;

    public bool BrokenPromise { get; set; }

    public bool PromiseDueToday { get; set; }

    public bool CallbackDue { get; set; }

    public bool AgreementOverdue { get; set; }

    public double? Probability { get; set; }

    public string? NextAction { get; set; }

    /// <summary>The kind of an open strategy task due on or before <see cref="ComputedFor"/> (a visit when both are open), or null.</summary>
    public QueueTaskKind? StrategyTask { get; set; }

    /// <summary>The lender's date the row was computed for ("today" of the queue).</summary>
    public DateOnly ComputedFor { get; set; }

    public DateTimeOffset ComputedAt { get; set; }
}

/// <summary>A user's mark on a queue debtor for a day (<c>queue_item_states</c>, owned by Collection; audited).</summary>
public sealed class QueueItemStateRecord
{
    public const int MaxReasonLength = 500;

    public long Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    public long DebtorId { get; set; }

    public DateOnly WorkDate { get; set; }

    public QueueItemState State { get; set; }

    /// <summary>For <c>snoozed</c>: the instant (UTC) the debtor comes back to the queue.</summary>
    public DateTimeOffset? SnoozedUntil { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset At { get; set; }

    public string By { get; set; } = string.Empty;
}

/// <summary>The stored queue priority (<c>work_queue_settings</c>, one row, id 1; audited): <see cref="QueuePrioritySettings"/> reads and writes it.</summary>
public sealed class WorkQueueSettingsRecord
{
    public int Id { get; set; }

    public string PriorityJson { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}
