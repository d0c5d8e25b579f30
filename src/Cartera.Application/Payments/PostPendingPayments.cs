using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Payments;

/// <summary>
/// Close-of-day step 2, first half: posts every pending payment whose value date has come, one obligation per
/// transaction. Idempotent: a posted payment is no longer pending.
/// </summary>
internal sealed class PostPendingPayments(CarteraDbContext db)
{
    private readonly PaymentUnitOfWork _work = new(db);

    /// <summary>Posts the pending payments of value date <paramref name="date"/> or earlier; returns how many.</summary>
    public async Task<int> PostPendingAsync(DateOnly date, CancellationToken ct)
    {
        var pending = await db.Payments.AsNoTracking()
            .Where(p => p.Status == PaymentStatus.Pending && p.ReceivedOn <= date)
            .OrderBy(p => p.ObligationId).ThenBy(p => p.ReceivedOn).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.ObligationId })
            .ToListAsync(ct);
        var posted = 0;
        foreach (var group in pending.GroupBy(p => p.ObligationId))
        {
            posted += await _work.RunAsync(
                async () =>
                {
                    await _work.LockAsync(group.Key, ct);
                    var ids = group.Select(p => p.Id).ToList();
                    var payments = await db.Payments.Where(p => ids.Contains(p.Id) && p.Status == PaymentStatus.Pending).OrderBy(p => p.ReceivedOn).ThenBy(p => p.Id).ToListAsync(ct);
                    if (payments.Count == 0)
                    {
                        return 0;
                    }

                    var state = await _work.LoadAsync(group.Key, ct);
                    foreach (var payment in payments)
                    {
                        payment.Status = PaymentStatus.Posted;
                        payment.BusinessDate = state.Business;
                    }

                    var first = payments.OrderBy(p => p.ReceivedOn).ThenBy(p => p.ExternalId, StringComparer.Ordinal).First();
                    await _work.ReallocateAsync(state, first.ReceivedOn, first.ExternalId, ct);
                    await _work.SaveAsync(ct);
                    return payments.Count;
                },
                ct);
        }

        db.ChangeTracker.Clear();
        return posted;
    }
}
