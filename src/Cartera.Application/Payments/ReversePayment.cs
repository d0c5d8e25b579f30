using Cartera.Application.Data;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Payments;

/// <summary>Reverses a posted (or cancels a pending) payment: its net lines are negated and later payments re-allocated.</summary>
internal sealed class ReversePayment(CarteraDbContext db)
{
    private readonly PaymentUnitOfWork _work = new(db);

    public Task<PaymentView> ReverseAsync(long paymentId, string reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("required", "A reversal needs a reason.", "reason");
        }

        return _work.RunAsync(
            async () =>
            {
                var obligationId = await db.Payments.Where(p => p.Id == paymentId).Select(p => (long?)p.ObligationId).FirstOrDefaultAsync(ct)
                    ?? throw new DomainException("not_found", $"Payment {paymentId} does not exist.", "payment_id");
                await _work.LockAsync(obligationId, ct);
                var payment = await db.Payments.SingleAsync(p => p.Id == paymentId, ct);
                if (payment.Status == PaymentStatus.Reversed)
                {
                    throw new DomainException("already_reversed", $"Payment {paymentId} is already reversed.", "payment_id");
                }

                var wasPosted = payment.Status == PaymentStatus.Posted;
                payment.Status = PaymentStatus.Reversed;
                payment.ReversalReason = reason.Trim();
                payment.ReversedBy = _work.Actor;
                payment.ReversedAt = _work.Now;
                var state = await _work.LoadAsync(obligationId, ct);
                if (wasPosted)
                {
                    state.Ledger.ReverseNet(payment.Id, state.Business, "Payment reversed: " + payment.ReversalReason, _work.Actor, _work.Now);
                    await _work.ReallocateAsync(state, payment.ReceivedOn, payment.ExternalId, ct);
                }

                await _work.SaveAsync(ct);
                return state.View(payment);
            },
            ct);
    }
}
