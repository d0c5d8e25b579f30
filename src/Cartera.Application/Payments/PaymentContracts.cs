using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;

namespace Cartera.Application.Payments;

/// <summary>
/// A payment to post. <see cref="IdempotencyKey"/> identifies the request (the API's Idempotency-Key header, a file's
/// payment_id); <see cref="ExternalId"/> is the payment's own id (defaults to the key).
/// </summary>
public sealed record PostPaymentCommand(
    long ObligationId,
    decimal Amount,
    string Currency,
    DateOnly ReceivedOn,
    PaymentChannel Channel,
    string? Reference,
    string IdempotencyKey,
    string? ExternalId = null)
{
    /// <summary>
    /// A supervisor (or admin) confirmed that this payment may leave a credit balance above the product's limit
    /// (<c>excess_credit_balance</c>). The caller sets it only for those roles; it is not part of the request hash.
    /// </summary>
    public bool ExcessCreditBalanceConfirmed { get; init; }

    public const int MaxKeyLength = 200;

    public string PaymentId => string.IsNullOrWhiteSpace(ExternalId) ? IdempotencyKey.Trim() : ExternalId.Trim();

    /// <summary>
    /// SHA-256 (hex, lower case) of the normalized request: obligation, payment id, amount in minor units, currency,
    /// value date, channel code and trimmed reference, joined by '|'. Two requests are "the same body" when equal.
    /// </summary>
    public string Hash(long amountMinor)
    {
        var normalized = string.Join(
            '|',
            "v1",
            ObligationId.ToString(CultureInfo.InvariantCulture),
            PaymentId,
            amountMinor.ToString(CultureInfo.InvariantCulture),
            Currency.Trim().ToUpperInvariant(),
            ReceivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            EnumCodes.ToCode(Channel),
            Reference?.Trim() ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }
}

/// <summary>One line of a payment's allocation as shown: installment (null for the credit balance), component, amount,
/// and whether it prepaid principal of an installment not yet due.</summary>
public sealed record AllocatedLine(int? InstallmentNumber, LedgerComponent Component, long AmountMinor, bool Prepayment);

/// <summary>A payment and its current allocation (net of re-allocations and reversals).</summary>
public sealed record PaymentView(Payment Payment, IReadOnlyList<AllocatedLine> Allocation)
{
    /// <summary>Scheduled interest of future installments that the payment's prepayment relieved (not money received).</summary>
    public IReadOnlyList<AllocatedLine> InterestRelief { get; init; } = [];

    public long CreditBalanceMinor => Allocation.Where(l => l.Component == LedgerComponent.CreditBalance).Sum(l => l.AmountMinor);
}

/// <summary>The outcome of a posting: the payment, its allocation, and whether the request repeated an earlier one
/// (same idempotency key and body: nothing new was booked).</summary>
public sealed record PaymentPostingResult(PaymentView View, bool Replayed)
{
    public Payment Payment => View.Payment;
}

/// <summary>A refund of part of an obligation's credit balance.</summary>
public sealed record RefundResult(long LedgerEntryId, long AmountMinor, long CreditBalanceMinor, string CurrencyCode);
