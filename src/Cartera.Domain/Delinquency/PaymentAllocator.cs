using Cartera.Domain.Common;

namespace Cartera.Domain.Delinquency;

/// <summary>One line of an allocation: how much of a payment went to which component of which installment.
/// <see cref="InstallmentNumber"/> is null only for <see cref="LedgerComponent.CreditBalance"/>.</summary>
public readonly record struct AllocationLine(int? InstallmentNumber, LedgerComponent Component, long AmountMinor, bool Prepayment = false);

/// <summary>The allocation of one payment; its lines add up to the payment.</summary>
public sealed record Allocation(long AmountMinor, IReadOnlyList<AllocationLine> Lines)
{
    public long CreditBalanceMinor => Lines.Where(l => l.Component == LedgerComponent.CreditBalance).Sum(l => l.AmountMinor);

    public long PrepaidMinor => Lines.Where(l => l.Prepayment).Sum(l => l.AmountMinor);
}

/// <summary>
/// Imputación de pagos (RULES §5). Only installments due on or before the payment's value date take money, oldest first
/// (due date, then number); the product's component order decides inside an installment (or across installments, for
/// component-first); what remains follows the prepayment policy, and anything still left is a credit balance.
/// </summary>
public static class PaymentAllocator
{
    public static Allocation Allocate(ObligationPosition position, long amountMinor, DateOnly valueDate, AllocationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(position);
        ArgumentNullException.ThrowIfNull(policy);
        if (amountMinor <= 0)
        {
            throw new DomainException("invalid_amount", "A payment amount must be greater than zero.", "amount");
        }

        policy.Validate();
        var lines = new List<AllocationLine>();
        var remaining = amountMinor;
        var due = position.Installments.Where(i => i.DueDate <= valueDate).ToList(); // already ordered by due date, number

        void Take(InstallmentPosition installment, LedgerComponent component, bool prepayment = false, long? limit = null)
        {
            var open = installment.Outstanding(component);
            var amount = Math.Min(Math.Min(open, remaining), limit ?? long.MaxValue);
            if (amount > 0)
            {
                lines.Add(new AllocationLine(installment.Number, component, amount, prepayment));
                remaining -= amount;
            }
        }

        if (policy.Strategy == AllocationStrategy.InstallmentFirst)
        {
            foreach (var installment in due)
            {
                foreach (var component in policy.ComponentOrder)
                {
                    Take(installment, component);
                }
            }
        }
        else
        {
            foreach (var component in policy.ComponentOrder)
            {
                foreach (var installment in due)
                {
                    Take(installment, component);
                }
            }
        }

        var future = position.Installments.Where(i => i.DueDate > valueDate && i.PrincipalOutstanding > 0).ToList();
        if (remaining > 0 && future.Count > 0)
        {
            switch (policy.Prepayment)
            {
                case PrepaymentPolicy.ReduceTerm:
                    for (var k = future.Count - 1; k >= 0 && remaining > 0; k--)
                    {
                        Take(future[k], LedgerComponent.Principal, prepayment: true);
                    }

                    break;
                case PrepaymentPolicy.ReduceInstallment:
                    ProRata(future, lines, ref remaining);
                    break;
                case PrepaymentPolicy.CreditBalance:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(policy), policy.Prepayment, "Unknown prepayment policy.");
            }
        }

        if (remaining > 0)
        {
            lines.Add(new AllocationLine(null, LedgerComponent.CreditBalance, remaining));
        }

        return new Allocation(amountMinor, lines);
    }

    /// <summary>
    /// Spreads a prepayment over future installments' principal in proportion to what each still owes (floor), the
    /// residue going one minor unit at a time from the last installment backwards.
    /// </summary>
    private static void ProRata(List<InstallmentPosition> future, List<AllocationLine> lines, ref long remaining)
    {
        var open = future.Select(i => i.PrincipalOutstanding).ToArray();
        var total = open.Sum();
        var pay = remaining >= total ? total : remaining;
        var shares = new long[open.Length];
        long given = 0;
        for (var k = 0; k < open.Length; k++)
        {
            shares[k] = (long)Math.Floor((decimal)pay * open[k] / total);
            given += shares[k];
        }

        for (var k = open.Length - 1; given < pay; k = k == 0 ? open.Length - 1 : k - 1)
        {
            if (shares[k] < open[k])
            {
                shares[k]++;
                given++;
            }
        }

        for (var k = 0; k < open.Length; k++)
        {
            if (shares[k] > 0)
            {
                lines.Add(new AllocationLine(future[k].Number, LedgerComponent.Principal, shares[k], Prepayment: true));
            }
        }

        remaining -= pay;
    }
}
