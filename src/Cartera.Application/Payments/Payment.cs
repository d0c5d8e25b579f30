namespace Cartera.Application.Payments;

/// <summary>How a payment reached the lender.</summary>
public enum PaymentChannel
{
    Bank,
    Cash,
    Pse,
    Agent,
    Transfer,
    Other,
}

/// <summary>
/// Where a payment stands: <see cref="Pending"/> while its value date is after the current business date (close-of-day
/// posts it on that date), <see cref="Posted"/> once allocated in the ledger, <see cref="Reversed"/> after a reversal.
/// </summary>
public enum PaymentStatus
{
    Pending,
    Posted,
    Reversed,
}

/// <summary>
/// A payment received for one obligation (pago). The money it moves is in the ledger: its allocation lines (kind
/// payment) and their reversals carry its id in <c>ledger_entries.payment_id</c>; this row is the payment's identity,
/// its idempotency record and its status. Amounts in minor units of <see cref="CurrencyCode"/>.
/// </summary>
public sealed class Payment
{
    /// <summary>The shadow property of ledger entries that links a line to its payment (column <c>payment_id</c>).</summary>
    public const string LedgerPaymentId = "PaymentId";

    public long Id { get; set; }

    /// <summary>The payer's or bank's id of the payment (payment_id in files); unique per obligation.</summary>
    public string ExternalId { get; set; } = string.Empty;

    public long ObligationId { get; set; }

    public long AmountMinor { get; set; }

    public string CurrencyCode { get; set; } = string.Empty;

    /// <summary>The value date: when the money was received (fecha valor). Allocation happens as of this date.</summary>
    public DateOnly ReceivedOn { get; set; }

    /// <summary>The business date the payment was recorded on (a pending payment gets the date it is posted on).</summary>
    public DateOnly BusinessDate { get; set; }

    public PaymentChannel Channel { get; set; }

    public string? Reference { get; set; }

    /// <summary>The client's key for the request that created the payment (the Idempotency-Key header, or payment_id in a file). Unique.</summary>
    public string IdempotencyKey { get; set; } = string.Empty;

    /// <summary>SHA-256 (hex) of the normalized request: the same key with another body is a conflict.</summary>
    public string RequestHash { get; set; } = string.Empty;

    public PaymentStatus Status { get; set; }

    public string? ReversalReason { get; set; }

    public string? ReversedBy { get; set; }

    public DateTimeOffset? ReversedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public uint Version { get; set; }
}
