using Cartera.Application.Data;

namespace Cartera.Application.Payments;

/// <summary>
/// The payments feature's entry point (RULES §5; docs/user/payments.md; ADR 0010): one method per use case, each a class
/// of its own over the shared "lock, load, save" unit of work (<see cref="PaymentUnitOfWork"/>): <see cref="PostPayment"/>,
/// <see cref="ReversePayment"/>, <see cref="RefundCreditBalance"/>, <see cref="PostPendingPayments"/> and
/// <see cref="ApplyCreditBalance"/>; <see cref="PaymentQueries"/> reads payments with their allocations.
/// </summary>
public sealed class PaymentPosting(CarteraDbContext db)
{
    /// <summary>Posts a payment (or stores it as pending when its value date is after the current business date).</summary>
    public Task<PaymentPostingResult> PostAsync(PostPaymentCommand command, CancellationToken ct = default) =>
        new PostPayment(db).PostAsync(command, ct);

    /// <summary>Reverses a posted (or cancels a pending) payment; later payments are re-allocated.</summary>
    public Task<PaymentView> ReverseAsync(long paymentId, string reason, CancellationToken ct = default) =>
        new ReversePayment(db).ReverseAsync(paymentId, reason, ct);

    /// <summary>Refunds part or all of an obligation's credit balance (a refund line on the credit balance).</summary>
    public Task<RefundResult> RefundAsync(long obligationId, decimal amount, string currency, string reason, CancellationToken ct = default) =>
        new RefundCreditBalance(db).RefundAsync(obligationId, amount, currency, reason, ct);

    /// <summary>
    /// Close-of-day step 2: posts every pending payment whose value date is <paramref name="date"/> or earlier, one
    /// obligation per transaction. Idempotent: a posted payment is no longer pending. Returns how many were posted.
    /// </summary>
    public Task<int> PostPendingAsync(DateOnly date, CancellationToken ct = default) =>
        new PostPendingPayments(db).PostPendingAsync(date, ct);

    /// <summary>
    /// Close-of-day step 2: applies credit balances to the installments that fell due on <paramref name="date"/> (and any
    /// older one still unpaid), as adjustment pairs: credit balance +x, the component −x. Idempotent: once applied the
    /// installments are paid or the balance is gone. Returns how many obligations got an application.
    /// </summary>
    public Task<int> ApplyCreditBalanceAsync(DateOnly date, CancellationToken ct = default) =>
        new ApplyCreditBalance(db).ApplyAsync(date, ct);

    /// <summary>A payment with its current allocation, or null.</summary>
    public Task<PaymentView?> FindAsync(long paymentId, CancellationToken ct = default) =>
        new PaymentQueries(db).FindAsync(paymentId, ct);

    /// <summary>An obligation's payments, newest value date first, with their allocations.</summary>
    public Task<IReadOnlyList<PaymentView>> ListAsync(long obligationId, CancellationToken ct = default) =>
        new PaymentQueries(db).ListAsync(obligationId, ct);
}
