using Cartera.Application.Audit;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Communications.Outbox;

/// <summary>
/// One message to deliver (<c>outbox_messages</c>, owned by Communications): who, which strategy step and send date, the
/// channel and the contact point it goes to, the text already rendered, and where its delivery stands. Unique per
/// (debtor, strategy, step, send date), so planning the same day again adds nothing. Its status, attempts, errors and
/// timestamps are its own record (not copied to <c>audit_entries</c>); every gate check is recorded in
/// <c>contact_attempts</c>.
/// </summary>
public sealed class OutboxMessage : ISelfAudited
{
    public const int MaxSubjectLength = 300;
    public const int MaxBodyLength = 20_000;
    public const int MaxErrorLength = 400;

    public long Id { get; set; }

    public long DebtorId { get; set; }

    /// <summary>The strategy code (or another sender's code, such as <c>manual</c>).</summary>
    public string Strategy { get; set; } = string.Empty;

    public string? Variant { get; set; }

    /// <summary>The step id within the strategy.</summary>
    public string Step { get; set; } = string.Empty;

    public DateOnly SendDate { get; set; }

    public ConsentChannel Channel { get; set; }

    public ConsentPurpose Purpose { get; set; } = ConsentPurpose.Collection;

    /// <summary>The id of the contact point the message goes to (never the address itself: logs show this id); null
    /// only for a message its planner recorded as blocked or expired.</summary>
    public long? Recipient { get; set; }

    /// <summary>The planned instant (UTC).</summary>
    public DateTimeOffset ScheduledAt { get; set; }

    /// <summary>After this instant the message is not sent (<c>expired</c>); null: no limit.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public string? Subject { get; set; }

    /// <summary>The template code the text was rendered from.</summary>
    public string? Template { get; set; }

    /// <summary>What the message asks for (checked again at send time): the obligation ids (comma-separated), the earliest
    /// due date (null: everything overdue), the amount in minor units of <see cref="CurrencyCode"/>.</summary>
    public string? ObligationIds { get; set; }

    public DateOnly? DueDate { get; set; }

    public long? AmountMinor { get; set; }

    public string? CurrencyCode { get; set; }

    public string Body { get; set; } = string.Empty;

    public OutboxStatus Status { get; set; }

    /// <summary>Provider calls made (a gate block is no attempt).</summary>
    public int Attempts { get; set; }

    /// <summary>When a worker may take it (queued), UTC.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>While <c>sending</c>: when the claim runs out and another worker may take it again.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>A code, never personal data: gate reasons (<c>hours;sunday</c>), <c>smtp_550</c>, <c>http_503</c>…</summary>
    public string? LastError { get; set; }

    public string? ProviderMessageId { get; set; }

    /// <summary>The <c>contact_attempts</c> row of the last allowed gate check.</summary>
    public long? GateAttemptId { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The idempotency key of every provider call for this message: the same on every retry, so a provider that
    /// honours it never delivers twice (HTTP providers: the client reference; e-mail: the Message-ID's local part).
    /// </summary>
    public string IdempotencyKey => OutboxKeys.For(Id);
}

/// <summary>The idempotency-key convention (docs/user/communications.md, "Outbox and delivery").</summary>
public static class OutboxKeys
{
    public static string For(long messageId) => $"cartera-outbox-{messageId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
