using Cartera.Domain.Common;

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
