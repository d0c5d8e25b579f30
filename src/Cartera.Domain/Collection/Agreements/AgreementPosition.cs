using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;

namespace Cartera.Domain.Collection.Agreements;

/// <summary>
/// The included obligations' position on the agreement date A (RULES §14), summed over them, in one currency:
/// overdue principal OP, principal not yet due FP, overdue interest OI, arrears interest AI, fees FE and other overdue OT
/// (insurance and other charges of past-due installments).
/// </summary>
public sealed record AgreementPosition(
    Money OverduePrincipal,
    Money FuturePrincipal,
    Money OverdueInterest,
    Money ArrearsInterest,
    Money Fees,
    Money OtherOverdue)
{
    public Currency Currency => OverduePrincipal.Currency;

    /// <summary>OP + FP + OI + AI + FE + OT: everything the agreement replaces.</summary>
    public Money Total => OverduePrincipal + FuturePrincipal + OverdueInterest + ArrearsInterest + Fees + OtherOverdue;

    public static AgreementPosition Zero(Currency currency)
    {
        var zero = Money.Zero(currency);
        return new AgreementPosition(zero, zero, zero, zero, zero, zero);
    }

    /// <summary>
    /// One obligation's position on <paramref name="date"/> in the terms of RULES §14: installments due before the date
    /// give OP, OI and OT (insurance and other); installments due on or after it give FP (their interest is not part of
    /// an agreement); AI and FE are what is outstanding on every installment.
    /// </summary>
    public static AgreementPosition Of(ObligationPosition position, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(position);
        long op = 0, fp = 0, oi = 0, ai = 0, fe = 0, ot = 0;
        foreach (var i in position.Installments)
        {
            checked
            {
                if (i.DueDate < date)
                {
                    op += i.Outstanding(LedgerComponent.Principal);
                    oi += i.Outstanding(LedgerComponent.Interest);
                    ot += i.Outstanding(LedgerComponent.Insurance) + i.Outstanding(LedgerComponent.Other);
                }
                else
                {
                    fp += i.Outstanding(LedgerComponent.Principal);
                }

                ai += i.Outstanding(LedgerComponent.ArrearsInterest);
                fe += i.Outstanding(LedgerComponent.Fee);
            }
        }

        var currency = Currency.Of(position.Facts.CurrencyCode);
        Money Of(long minor) => Money.FromMinorUnits(minor, currency);
        return new AgreementPosition(Of(op), Of(fp), Of(oi), Of(ai), Of(fe), Of(ot));
    }

    /// <summary>The sum of two positions of the same currency (several obligations in one agreement).</summary>
    public AgreementPosition Add(AgreementPosition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Currency != Currency)
        {
            throw new DomainException("currency_mismatch", "All obligations of an agreement must be in the same currency.", "obligations");
        }

        return new AgreementPosition(
            OverduePrincipal + other.OverduePrincipal,
            FuturePrincipal + other.FuturePrincipal,
            OverdueInterest + other.OverdueInterest,
            ArrearsInterest + other.ArrearsInterest,
            Fees + other.Fees,
            OtherOverdue + other.OtherOverdue);
    }

    /// <summary>Refuses a negative component.</summary>
    public void Validate()
    {
        foreach (var (value, field) in new[]
                 {
                     (OverduePrincipal, "overdue_principal"), (FuturePrincipal, "future_principal"), (OverdueInterest, "overdue_interest"),
                     (ArrearsInterest, "arrears_interest"), (Fees, "fees"), (OtherOverdue, "other_overdue"),
                 })
        {
            if (value.Currency != Currency)
            {
                throw new DomainException("currency_mismatch", "Every component of the position must be in the same currency.", field);
            }

            if (value.IsNegative)
            {
                throw new DomainException("invalid_amount", "A position component cannot be negative.", field);
            }
        }
    }
}
