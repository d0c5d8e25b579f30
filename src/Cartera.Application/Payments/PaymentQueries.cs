using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Payments;

/// <summary>Payments as shown: each with its current net allocation read from the ledger.</summary>
internal sealed class PaymentQueries(CarteraDbContext db)
{
    private readonly PaymentUnitOfWork _work = new(db);

    /// <summary>A payment with its current allocation, or null.</summary>
    public async Task<PaymentView?> FindAsync(long paymentId, CancellationToken ct)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, ct);
        return payment is null ? null : (await _work.LoadAsync(payment.ObligationId, ct)).View(payment);
    }

    /// <summary>An obligation's payments, newest value date first, with their allocations.</summary>
    public async Task<IReadOnlyList<PaymentView>> ListAsync(long obligationId, CancellationToken ct)
    {
        var payments = await db.Payments.AsNoTracking().Where(p => p.ObligationId == obligationId)
            .OrderByDescending(p => p.ReceivedOn).ThenByDescending(p => p.Id).ToListAsync(ct);
        if (payments.Count == 0)
        {
            return [];
        }

        var state = await _work.LoadAsync(obligationId, ct);
        return payments.Select(state.View).ToList();
    }
}
