using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Payments;

/// <summary>
/// Close-of-day step 2, second half: applies credit balances to the installments that fell due on the date (and any
/// older one still unpaid), as adjustment pairs: credit balance +x, the component −x. Idempotent: once applied the
/// installments are paid or the balance is gone.
/// </summary>
internal sealed class ApplyCreditBalance(CarteraDbContext db)
{
    private readonly PaymentUnitOfWork _work = new(db);

    /// <summary>Returns how many obligations got an application.</summary>
    public async Task<int> ApplyAsync(DateOnly date, CancellationToken ct)
    {
        var candidates = await db.Installments.AsNoTracking()
            .Where(i => i.DueDate == date)
            .Select(i => i.ObligationId)
            .Distinct()
            .Where(id => db.LedgerEntries.Where(e => e.ObligationId == id && e.Component == LedgerComponent.CreditBalance && e.InstallmentNumber == null).Sum(e => e.AmountMinor) < 0)
            .OrderBy(id => id)
            .ToListAsync(ct);
        var applied = 0;
        foreach (var obligationId in candidates)
        {
            applied += await _work.RunAsync(
                async () =>
                {
                    await _work.LockAsync(obligationId, ct);
                    var state = await _work.LoadAsync(obligationId, ct);
                    var rates = await _work.RatesAsync(state, ct);
                    var position = PositionCalculator.BeforeAccrual(state.Facts(_ => true), state.Settings.CapModality, rates, date);
                    if (position.CreditBalance <= 0)
                    {
                        return 0;
                    }

                    var policy = state.Settings.Allocation with { Prepayment = PrepaymentPolicy.CreditBalance };
                    var lines = PaymentAllocator.Allocate(position, position.CreditBalance, date, policy).Lines
                        .Where(l => l.Component != LedgerComponent.CreditBalance).ToList();
                    if (lines.Count == 0)
                    {
                        return 0;
                    }

                    var currency = state.Obligation.Currency;
                    var now = _work.Now;
                    foreach (var l in lines)
                    {
                        state.Ledger.Add(LedgerEntry.Create(obligationId, LedgerEntryKind.Adjustment, l.Component, Money.FromMinorUnits(-l.AmountMinor, currency), state.Business, date, _work.Actor, now, l.InstallmentNumber, description: "Credit balance applied"), null);
                    }

                    state.Ledger.Add(LedgerEntry.Create(obligationId, LedgerEntryKind.Adjustment, LedgerComponent.CreditBalance, Money.FromMinorUnits(lines.Sum(l => l.AmountMinor), currency), state.Business, date, _work.Actor, now, description: "Credit balance applied"), null);
                    state.SyncInstallments();
                    await _work.SaveAsync(ct);
                    return 1;
                },
                ct);
        }

        db.ChangeTracker.Clear();
        return applied;
    }
}
