using Cartera.Domain.Common;

namespace Cartera.Application.Payments;

/// <summary>The same idempotency key was used with a different request body (HTTP 409).</summary>
public sealed class IdempotencyConflictException(string key, long paymentId)
    : ConflictException(MismatchCode, $"The Idempotency-Key was already used for payment {paymentId} with a different request body.", "Idempotency-Key")
{
    public const string MismatchCode = "idempotency_mismatch";

    public string Key { get; } = key;

    public long PaymentId { get; } = paymentId;
}
