namespace Cartera.Domain.Communications.Outbox;

/// <summary>
/// Where an outbox message is. Text codes (snake_case): <c>queued</c>, <c>sending</c>, <c>sent</c>, <c>delivered</c>,
/// <c>failed</c>, <c>blocked</c>, <c>suppressed</c>, <c>expired</c>, <c>opted_out</c>. Add members at the end only.
/// </summary>
public enum OutboxStatus
{
    /// <summary>Waiting for its next attempt (<c>next_attempt_at</c>).</summary>
    Queued,

    /// <summary>Claimed by a worker, the provider call may be under way (a lease: reclaimed when it runs out).</summary>
    Sending,

    /// <summary>The provider accepted it.</summary>
    Sent,

    /// <summary>The provider reported it delivered (a delivery callback).</summary>
    Delivered,

    /// <summary>Every attempt failed, or the provider reported it undeliverable.</summary>
    Failed,

    /// <summary>The compliance gate blocked it at send time for a permanent reason (the reasons in <c>last_error</c>).</summary>
    Blocked,

    /// <summary>What it asked for was paid, promised or disputed since it was planned.</summary>
    Suppressed,

    /// <summary>The next allowed instant was after the message's expiry (a before-due reminder after the due date).</summary>
    Expired,

    /// <summary>The debtor opted out of the channel (an inbound opt-out keyword or an override) before it was sent.</summary>
    OptedOut,
}

/// <summary>Final and open statuses.</summary>
public static class OutboxStatuses
{
    /// <summary>No worker touches the message again (a delivery callback may still move <c>sent</c> on).</summary>
    public static bool IsFinal(OutboxStatus status) => status is not (OutboxStatus.Queued or OutboxStatus.Sending);
}
