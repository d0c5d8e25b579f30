using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Collection.Agreements;

/// <summary>The simulated agreement: agreed balance, forgiven amount, down payment, financed amount and the schedule.</summary>
public sealed record AgreementSimulation(
    AgreementPosition Position,
    AgreementTerms Terms,
    Money AgreedBalance,
    Money Forgiven,
    Money MinimumDownPayment,
    Money DownPayment,
    Money Financed,
    DateOnly FirstDueDate,
    IReadOnlyList<PlannedInstallment> Schedule)
{
    /// <summary>The interest of the schedule.</summary>
    public Money TotalInterest => Schedule.Aggregate(Money.Zero(AgreedBalance.Currency), (sum, i) => sum + i.Interest);

    /// <summary>Down payment plus every installment: B plus the agreement's interest.</summary>
    public Money TotalToPay => DownPayment + Schedule.Aggregate(Money.Zero(AgreedBalance.Currency), (sum, i) => sum + i.Total);
}

/// <summary>
/// The agreement simulator of RULES §14. Pure: the position on A, the proposed terms, the product's policy and the
/// legal cap in force on A (null when no cap row applies) give B, the forgiven amount, F = B − d and the French schedule
/// of F (<see cref="ScheduleGenerator"/>: monthly rate (1 + r)^(1/12) − 1, half-even per line, the last installment
/// absorbs the remainder). The minimum down payment is the fraction of B rounded up to the minor unit, so d ≥ fraction × B
/// holds exactly.
/// </summary>
public static class AgreementSimulator
{
    public static AgreementSimulation Simulate(AgreementPosition position, AgreementTerms terms, AgreementPolicy policy, decimal? capEa)
    {
        ArgumentNullException.ThrowIfNull(position);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(policy);
        position.Validate();
        var currency = position.Currency;

        Fraction(terms.PrincipalDiscount, "principal_discount");
        Fraction(terms.ArrearsWaiver, "arrears_waiver");
        Fraction(terms.FeeWaiver, "fee_waiver");
        if (terms.Installments < 1 || terms.Installments > policy.MaxInstallments)
        {
            throw new DomainException("invalid_term", $"The number of installments must be between 1 and {policy.MaxInstallments}.", "installments");
        }

        if (terms.Rate < 0m || terms.Rate > 10m)
        {
            throw new DomainException("invalid_rate", "The rate is an effective annual fraction between 0 and 10 (0.18 is 18 % EA).", "rate");
        }

        if (capEa is { } cap && terms.Rate > cap)
        {
            throw new DomainException("rate_above_cap", $"The rate {terms.Rate} exceeds the legal cap {cap} in force on {terms.Date:yyyy-MM-dd}.", "rate");
        }

        var firstDue = terms.FirstDueDate ?? DefaultFirstDueDate(terms.Date);
        if (firstDue <= terms.Date)
        {
            throw new DomainException("invalid_date", "The first installment must fall after the agreement date.", "first_due");
        }

        var agreed = checked(
            (position.OverduePrincipal + position.FuturePrincipal).MultiplyRounded(1m - terms.PrincipalDiscount)
            + position.OverdueInterest
            + position.ArrearsInterest.MultiplyRounded(1m - terms.ArrearsWaiver)
            + position.Fees.MultiplyRounded(1m - terms.FeeWaiver)
            + position.OtherOverdue);
        if (!agreed.IsPositive)
        {
            throw new DomainException("nothing_to_agree", "The agreed balance is zero: there is nothing to finance.", "obligations");
        }

        var forgiven = position.Total - agreed;
        var minimum = MinimumDownPayment(agreed, policy.MinDownPaymentFraction);
        var down = terms.DownPayment ?? minimum;
        if (down.Currency != currency)
        {
            throw new DomainException("currency_mismatch", "The down payment must be in the obligations' currency.", "down_payment");
        }

        if (down < minimum)
        {
            throw new DomainException("down_payment_too_small", $"The down payment must be at least {minimum} ({policy.MinDownPaymentFraction} of the agreed balance {agreed}).", "down_payment");
        }

        if (down >= agreed)
        {
            throw new DomainException("down_payment_too_large", $"The down payment must be less than the agreed balance {agreed}.", "down_payment");
        }

        var financed = agreed - down;
        var schedule = ScheduleGenerator.Generate(new ScheduleTerms(financed, terms.Rate, terms.Installments, PaymentFrequency.Monthly, Amortization.French, firstDue));
        return new AgreementSimulation(position, terms with { DownPayment = down, FirstDueDate = firstDue }, agreed, forgiven, minimum, down, financed, firstDue, schedule);
    }

    /// <summary>A + 1 month, same day, clamped to the month's last day.</summary>
    public static DateOnly DefaultFirstDueDate(DateOnly date) => ScheduleGenerator.DueDate(date, PaymentFrequency.Monthly, 2);

    /// <summary>fraction × B rounded up to the minor unit.</summary>
    public static Money MinimumDownPayment(Money agreed, decimal fraction)
    {
        Fraction(fraction, "min_down_payment_fraction");
        var factor = agreed.Currency.MinorFactor;
        return Money.Of(Math.Ceiling(agreed.Amount * fraction * factor) / factor, agreed.Currency);
    }

    private static void Fraction(decimal value, string field)
    {
        if (value < 0m || value > 1m)
        {
            throw new DomainException("invalid_fraction", "A concession is a fraction between 0 and 1 (0.2 is 20 %).", field);
        }
    }
}
