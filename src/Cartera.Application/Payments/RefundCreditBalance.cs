using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;

namespace Cartera.Application.Payments;

/// <summary>Refunds part or all of an obligation's credit balance: a refund line on the credit balance.</summary>
internal sealed class RefundCreditBalance(CarteraDbContext db)
{
    private readonly PaymentUnitOfWork _work = new(db);

    public Task<RefundResult> RefundAsync(long obligationId, decimal amount, string currency, string reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("required", "A refund needs a reason.", "reason");
        }

        return _work.RunAsync(
            async () =>
            {
                await _work.LockAsync(obligationId, ct);
                var state = await _work.LoadAsync(obligationId, ct);
                var money = PaymentChecks.AmountIn(amount, currency, state.Obligation.CurrencyCode);
                PaymentChecks.EnsureWithinMax(money, state.Settings);
                var balance = state.Ledger.CreditBalance;
                if (money.MinorUnits > balance)
                {
                    throw new DomainException("insufficient_credit_balance", $"The credit balance of obligation {obligationId} is {Money.FromMinorUnits(balance, money.Currency)}; a refund cannot exceed it.", "amount");
                }

                var business = state.Business;
                var line = LedgerEntry.Create(obligationId, LedgerEntryKind.Refund, LedgerComponent.CreditBalance, money, business, business, _work.Actor, _work.Now, description: "Refund: " + reason.Trim());
                db.LedgerEntries.Add(line);
                await _work.SaveAsync(ct);
                return new RefundResult(line.Id, money.MinorUnits, checked(balance - money.MinorUnits), state.Obligation.CurrencyCode);
            },
            ct);
    }
}
