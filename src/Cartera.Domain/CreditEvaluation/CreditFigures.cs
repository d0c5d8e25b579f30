using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.CreditEvaluation;

/// <summary>
/// The affordability figures of an application (docs/scoring.md, "Credit evaluation of new clients"):
/// <list type="bullet">
/// <item>installment: French level installment of the requested amount, monthly rate (1 + EA)^(1/12) − 1, rounded
/// half-even to the minor unit (<see cref="ScheduleGenerator.FrenchInstallment"/>, the schedules' own formula);</item>
/// <item>DTI = (existing monthly debt payments + new installment) ÷ monthly income;</item>
/// <item>disposable income = income − expenses − existing payments − new installment;</item>
/// <item>maximum affordable amount (the counter-offer): the largest amount, whole minor units, at the same term and rate
/// whose installment keeps DTI ≤ max DTI and disposable income ≥ min disposable share × income; zero when none;</item>
/// <item>installment-rate band (German A8, South German Credit documentation): installment ÷ (income − expenses −
/// existing payments) ≥ 35 % → 1, 25–35 % → 2, 20–25 % → 3, below 20 % → 4 (1 when nothing is left).</item>
/// </list>
/// </summary>
public sealed record CreditFigures(
    Money Installment,
    decimal Dti,
    Money DisposableIncome,
    decimal DisposableShare,
    Money MaxInstallment,
    Money MaxAffordable,
    int InstallmentRateBand,
    int Age)
{
    public static CreditFigures Compute(CreditApplicationInput input, CreditPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(policy);
        var i = Rates.PeriodicFromEffectiveAnnual(input.AnnualRate, 12);
        var installment = ScheduleGenerator.FrenchInstallment(input.RequestedAmount, i, input.TermMonths);
        var income = input.MonthlyIncome;
        var beforeNew = income - input.MonthlyExpenses - input.ExistingMonthlyPayments;
        var disposable = beforeNew - installment;
        var dti = (input.ExistingMonthlyPayments + installment).Amount / income.Amount;

        // The largest installment both limits allow, rounded down to the minor unit.
        var byDti = (policy.MaxDti * income.Amount) - input.ExistingMonthlyPayments.Amount;
        var byReserve = beforeNew.Amount - (policy.MinDisposableShare * income.Amount);
        var maxInstallment = Floor(Math.Max(0m, Math.Min(byDti, byReserve)), input.Currency);
        var maxAmount = MaxPrincipal(maxInstallment, i, input.TermMonths);

        return new CreditFigures(
            installment,
            dti,
            disposable,
            disposable.Amount / income.Amount,
            maxInstallment,
            maxAmount,
            RateBand(installment, beforeNew),
            AgeAt(input.BirthDate, input.ApplicationDate));
    }

    /// <summary>Full years from <paramref name="birth"/> to <paramref name="at"/>.</summary>
    public static int AgeAt(DateOnly birth, DateOnly at)
    {
        var age = at.Year - birth.Year;
        return birth.AddYears(age) > at ? age - 1 : age;
    }

    /// <summary>The largest whole-minor-unit principal whose French installment does not exceed <paramref name="installment"/>.</summary>
    public static Money MaxPrincipal(Money installment, decimal periodicRate, int n)
    {
        var currency = installment.Currency;
        if (!installment.IsPositive)
        {
            return Money.Zero(currency);
        }

        var factor = periodicRate == 0m ? n : (1m - Rates.Pow(1m + periodicRate, -n)) / periodicRate;
        var unit = 1m / currency.MinorFactor;
        bool Fits(decimal p) => ScheduleGenerator.FrenchInstallment(Money.Of(p, currency), periodicRate, n) <= installment;

        // The installment is rounded, so several principals share one installment: search the largest that fits between
        // a lower bound that fits and one that does not (installments grow with the principal).
        var low = decimal.Floor(installment.Amount * factor * currency.MinorFactor) / currency.MinorFactor;
        while (low > 0m && !Fits(low))
        {
            low -= unit;
        }

        var high = low + (decimal.Ceiling(factor) * unit);
        while (Fits(high))
        {
            low = high;
            high += decimal.Ceiling(factor) * unit;
        }

        while (high - low > unit)
        {
            var mid = low + (decimal.Floor((high - low) / unit / 2m) * unit);
            if (Fits(mid))
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return Money.Of(Math.Max(0m, low), currency);
    }

    private static int RateBand(Money installment, Money available)
    {
        if (!available.IsPositive)
        {
            return 1;
        }

        var share = installment.Amount / available.Amount;
        return share >= 0.35m ? 1 : share >= 0.25m ? 2 : share >= 0.20m ? 3 : 4;
    }

    private static Money Floor(decimal amount, Currency currency) =>
        Money.Of(decimal.Floor(amount * currency.MinorFactor) / currency.MinorFactor, currency);
}
