using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Strategies;

/// <summary>An installment of a debtor with something unpaid in the position on S − 1 (minor units of its currency).</summary>
public sealed record ReminderInstallment(long ObligationId, int InstallmentNumber, DateOnly DueDate, long UnpaidMinor, string CurrencyCode);

/// <summary>
/// What a due-date step triggers for one debtor on send date S: every installment it covers (their obligations, in id
/// order), the earliest due date and the sum of their unpaid amounts.
/// </summary>
public sealed record ReminderTrigger(IReadOnlyList<long> ObligationIds, DateOnly DueDate, long AmountMinor, string CurrencyCode);

// Stored and printed as snake_case (see EnumCodes). Add members at the end only.

/// <summary>A planned message's status (RULES §15): <c>planned</c>, <c>blocked</c> (a permanent reason) or <c>expired</c>
/// (a before-due reminder that could only go out after the due date).</summary>
public enum ReminderStatus
{
    Planned,
    Blocked,
    Expired,
}

/// <summary>When and whether a planned message goes out: its status, the scheduled instant (null when blocked) and the gate's reasons.</summary>
public sealed record ReminderSchedule(ReminderStatus Status, DateTimeOffset? ScheduledAt, IReadOnlyList<ComplianceReason> Reasons);

/// <summary>
/// Reminders and scheduled messages, exactly as RULES §15, pure. Messages for send date S are planned by the close of
/// S − 1 from the position on S − 1:
/// <list type="bullet">
/// <item><see cref="Trigger"/>: a step with day offset k relative to the due date triggers for every installment with
/// something unpaid due on S − k; one message per (debtor, step, S) covers them all, with the earliest due date and the
/// sum of their unpaid amounts (the exact installment value when nothing is paid). An installment with nothing unpaid
/// triggers nothing.</item>
/// <item><see cref="Channel"/>: the step's channel, else its fallbacks in order, skipping channels the debtor has not
/// authorized or has no valid contact point for.</item>
/// <item><see cref="Schedule"/>: the strategy's send time (default 09:00) on S in the debtor's time zone; when the gate
/// blocks for a temporary reason the next allowed instant — unless that falls after the due date of a before-due
/// reminder (<c>expired</c>); a permanent reason → <c>blocked</c> with the reasons. The gate is asked again at send time
/// (Communications).</item>
/// </list>
/// </summary>
public static class Reminders
{
    /// <summary>The default send time of a strategy.</summary>
    public static readonly TimeOnly DefaultSendTime = new(9, 0);

    /// <summary>The send date of a step with offset <paramref name="offsetDays"/> for an installment due on <paramref name="dueDate"/>.</summary>
    public static DateOnly SendDate(DateOnly dueDate, int offsetDays) => dueDate.AddDays(offsetDays);

    /// <summary>What a due-date step with day offset <paramref name="offsetDays"/> triggers on <paramref name="sendDate"/> for
    /// one debtor's unpaid installments; null when nothing does.</summary>
    /// <exception cref="DomainException"><c>mixed_currencies</c> when the triggering installments are in more than one
    /// currency (one message carries one amount).</exception>
    public static ReminderTrigger? Trigger(IReadOnlyList<ReminderInstallment> unpaid, int offsetDays, DateOnly sendDate)
    {
        ArgumentNullException.ThrowIfNull(unpaid);
        var due = sendDate.AddDays(-offsetDays);
        var triggering = unpaid.Where(i => i.UnpaidMinor > 0 && i.DueDate == due).ToList();
        if (triggering.Count == 0)
        {
            return null;
        }

        var currencies = triggering.Select(i => i.CurrencyCode).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            throw new DomainException("mixed_currencies", $"The installments due on {due:yyyy-MM-dd} are in {string.Join(", ", currencies)}: one message carries one amount.", "currency");
        }

        long amount = 0;
        foreach (var i in triggering)
        {
            amount = checked(amount + i.UnpaidMinor);
        }

        return new ReminderTrigger(triggering.Select(i => i.ObligationId).Distinct().Order().ToList(), due, amount, currencies[0]);
    }

    /// <summary>The step's channel when the debtor can be reached on it, else the first of its fallbacks that can be;
    /// null when none (blocked: <see cref="ComplianceReason.UnauthorizedChannel"/>).</summary>
    public static ConsentChannel? Channel(ConsentChannel channel, IReadOnlyList<ConsentChannel> fallbacks, ChannelSet reachable)
    {
        ArgumentNullException.ThrowIfNull(fallbacks);
        if (reachable.Contains(channel))
        {
            return channel;
        }

        foreach (var fallback in fallbacks)
        {
            if (reachable.Contains(fallback))
            {
                return fallback;
            }
        }

        return null;
    }

    /// <summary>The instant the strategy's send time shows on <paramref name="sendDate"/> in the debtor's zone (the first
    /// instant after a daylight-saving gap when it never does).</summary>
    public static DateTimeOffset ProposedAt(DateOnly sendDate, TimeOnly sendTime, TimeZoneInfo zone) =>
        LocalClock.ToInstant(sendDate.ToDateTime(sendTime), zone);

    /// <summary>
    /// The schedule of a message whose channel is known, from the gate's answer at the proposed instant: allowed →
    /// <c>planned</c> then; blocked with a next allowed instant (hours, Sunday, holiday, frequency) → <c>planned</c> at
    /// that instant, or <c>expired</c> when the step is a before-due reminder (<paramref name="offsetDays"/> &lt; 0) and
    /// that instant falls, in the debtor's zone, after <paramref name="dueDate"/>; blocked for good → <c>blocked</c>.
    /// </summary>
    public static ReminderSchedule Schedule(DateTimeOffset proposed, ComplianceDecision decision, int offsetDays, DateOnly dueDate, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(zone);
        if (decision.Allowed)
        {
            return new ReminderSchedule(ReminderStatus.Planned, proposed, []);
        }

        if (decision.NextAllowedAt is not { } next)
        {
            return new ReminderSchedule(ReminderStatus.Blocked, null, decision.Reasons);
        }

        return offsetDays < 0 && DateOnly.FromDateTime(LocalClock.ToLocal(next, zone)) > dueDate
            ? new ReminderSchedule(ReminderStatus.Expired, null, decision.Reasons)
            : new ReminderSchedule(ReminderStatus.Planned, next, decision.Reasons);
    }

    /// <summary>The schedule of a message no channel can carry: <c>blocked</c>, unauthorized channel.</summary>
    public static ReminderSchedule NoChannel { get; } = new(ReminderStatus.Blocked, null, [ComplianceReason.UnauthorizedChannel]);
}
