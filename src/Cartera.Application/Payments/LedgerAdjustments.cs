using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;

namespace Cartera.Application.Payments;

/// <summary>
/// A line another feature asks the ledger to book: an <c>adjustment</c> (signed as the ledger reads it: negative settles
/// a component of an installment, positive undoes such a settlement) or the opening <c>disbursement</c> of a new
/// obligation (positive principal, no installment).
/// </summary>
public sealed record LedgerAdjustmentLine(LedgerEntryKind Kind, LedgerComponent Component, int? InstallmentNumber, long AmountMinor, string Description, string IdempotencyKey);

/// <summary>
/// The ledger's public entry point for adjustments decided elsewhere (payment agreements: quita, waivers, restructuring,
/// reinstatement). Appends the lines to one obligation in the payment unit of work — the obligation's lock, the current
/// business date as business date, the caller's value date, the actor and time of the context — and refreshes the
/// installments' paid columns from the ledger. Joins the caller's transaction when there is one. Never updates a line.
/// </summary>
public sealed class LedgerAdjustments(CarteraDbContext db)
{
    public async Task PostAsync(long obligationId, DateOnly valueDate, IReadOnlyList<LedgerAdjustmentLine> lines, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return;
        }

        foreach (var line in lines)
        {
            if (line.Kind is not (LedgerEntryKind.Adjustment or LedgerEntryKind.Disbursement))
            {
                throw new DomainException("invalid_value", $"Only adjustments and opening disbursements are booked here, not {EnumCodes.ToCode(line.Kind)}.", "kind");
            }
        }

        var work = new PaymentUnitOfWork(db);
        await work.RunAsync(
            async () =>
            {
                await work.LockAsync(obligationId, ct);
                var state = await work.LoadAsync(obligationId, ct);
                var currency = state.Obligation.Currency;
                var now = work.Now;
                foreach (var line in lines)
                {
                    state.Ledger.Add(
                        LedgerEntry.Create(obligationId, line.Kind, line.Component, Money.FromMinorUnits(line.AmountMinor, currency), state.Business, valueDate, work.Actor, now, line.InstallmentNumber, line.IdempotencyKey, line.Description),
                        null);
                }

                state.SyncInstallments();
                await work.SaveAsync(ct);
                return lines.Count;
            },
            ct);
    }
}
