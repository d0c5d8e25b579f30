using Cartera.Domain.Common;
using Cartera.Domain.Ledger;

namespace Cartera.Domain.Delinquency;

/// <summary>One line of an allocation: how much of a payment went to which component of which installment.
/// <see cref="InstallmentNumber"/> is null only for <see cref="LedgerComponent.CreditBalance"/>.</summary>
public readonly record struct AllocationLine(int? InstallmentNumber, LedgerComponent Component, long AmountMinor, bool Prepayment = false);

/// <summary>
/// The allocation of one payment; its lines add up to the payment. <see cref="InterestRelief"/> is not money received:
/// the scheduled interest of future installments that a prepayment made no longer owed (booked as adjustments).
/// </summary>
public sealed record Allocation(long AmountMinor, IReadOnlyList<AllocationLine> Lines)
{
    public IReadOnlyList<AllocationLine> InterestRelief { get; init; } = [];

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

        var relief = new List<AllocationLine>();
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

            relief = InterestReliefAfter(position, valueDate, lines);
        }

        if (remaining > 0)
        {
            lines.Add(new AllocationLine(null, LedgerComponent.CreditBalance, remaining));
        }

        return new Allocation(amountMinor, lines) { InterestRelief = relief };
    }

    /// <summary>
    /// The scheduled interest a prepayment makes no longer owed (RULES §5, reduce term / reduce installment): a schedule's
    /// interest of installment k is charged on the principal outstanding before it, so once principal of installments
    /// k, k+1, … is prepaid, k's outstanding interest is scaled by (outstanding principal from k on after the
    /// prepayment ÷ before it), rounded half-even, and the difference is relieved. The first future installment (the
    /// period the prepayment falls in) keeps its interest: it ran on the balance at the start of the period. An
    /// installment whose principal is all prepaid (reduce term) loses all its remaining interest.
    /// </summary>
    private static List<AllocationLine> InterestReliefAfter(ObligationPosition position, DateOnly valueDate, List<AllocationLine> lines)
    {
        var prepaid = lines.Where(l => l.Prepayment && l.InstallmentNumber is not null)
            .GroupBy(l => l.InstallmentNumber!.Value)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.AmountMinor));
        var future = position.Installments.Where(i => i.DueDate > valueDate).ToList();
        var relief = new List<AllocationLine>();
        long before = 0, taken = 0;
        for (var k = future.Count - 1; k >= 1; k--)
        {
            before += future[k].PrincipalOutstanding;
            taken += prepaid.GetValueOrDefault(future[k].Number);
            var interest = future[k].Outstanding(LedgerComponent.Interest);
            if (taken == 0 || before == 0 || interest == 0)
            {
                continue;
            }

            var kept = (long)decimal.Round((decimal)interest * (before - taken) / before, 0, MidpointRounding.ToEven);
            if (interest - kept > 0)
            {
                relief.Add(new AllocationLine(future[k].Number, LedgerComponent.Interest, interest - kept));
            }
        }

        relief.Reverse();
        return relief;
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
