using Cartera.Domain.Common;

namespace Cartera.Domain.Portfolio;

/// <summary>
/// Generates installment schedules per RULES §1. Conventions (documented in docs/user/conventions.md):
/// <list type="bullet">
/// <item>periodic rate <c>i = (1 + EA)^(1/k) − 1</c> at full decimal precision (k = 12, 26, 52);</item>
/// <item>interest of installment k = round(balance before k × i); the first period is not prorated;</item>
/// <item>french: A = round(P·i / (1 − (1 + i)^−n)); principal_k = A − interest_k; the last installment takes the
/// remaining balance (so its total may differ from A by the accumulated rounding);</item>
/// <item>constant principal: round(P / n), the last absorbs the residue; bullet: interest every period, all principal
/// in the last; single: one installment of the principal on the first due date, no interest;</item>
/// <item>monthly due dates fall on the day of month of the first due date, clamped to the month's last day;
/// biweekly every 14 days; weekly every 7 days.</item>
/// </list>
/// All rounding is half-even to the currency's minor unit. Principal parts always add up exactly to the principal and
/// no component is negative: if rounding repays the balance before the last installment (a few minor units per
/// installment, or decades at hundreds of percent EA), that installment takes what is left and the later ones are
/// zero (ADR 0007).
/// </summary>
public static class ScheduleGenerator
{
    public const int MaxTerm = 600;

    public static IReadOnlyList<PlannedInstallment> Generate(ScheduleTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Validate(terms);
        var currency = terms.Principal.Currency;
        var zero = Money.Zero(currency);
        var n = terms.Amortization == Amortization.Single ? 1 : terms.Term;
        var i = terms.Amortization == Amortization.Single
            ? 0m
            : Rates.PeriodicFromEffectiveAnnual(terms.AnnualRateEa, Rates.PeriodsPerYear(terms.Frequency));

        var result = new List<PlannedInstallment>(n);
        var balance = terms.Principal;
        var level = terms.Amortization == Amortization.French ? FrenchInstallment(terms.Principal, i, n) : zero;
        var constant = terms.Amortization == Amortization.ConstantPrincipal ? Money.Round(terms.Principal.Amount / n, currency) : zero;

        for (var k = 1; k <= n; k++)
        {
            var interest = balance.MultiplyRounded(i);
            var last = k == n;
            var principal = terms.Amortization switch
            {
                _ when last => balance,
                Amortization.French => Money.Min(Money.Max(level - interest, zero), balance),
                Amortization.ConstantPrincipal => Money.Min(constant, balance),
                _ => zero, // bullet
            };

            result.Add(new PlannedInstallment(k, DueDate(terms.FirstDueDate, terms.Frequency, k), principal, interest, zero, zero));
            balance -= principal;
        }

        return result;
    }

    /// <summary>The level installment of the French system: round(P·i / (1 − (1+i)^−n)); P/n when i = 0.</summary>
    public static Money FrenchInstallment(Money principal, decimal periodicRate, int n)
    {
        if (periodicRate == 0m)
        {
            return Money.Round(principal.Amount / n, principal.Currency);
        }

        var factor = periodicRate / (1m - Rates.Pow(1m + periodicRate, -n));
        return principal.MultiplyRounded(factor);
    }

    /// <summary>The due date of installment k (1-based).</summary>
    public static DateOnly DueDate(DateOnly first, PaymentFrequency frequency, int k)
    {
        var steps = k - 1;
        return frequency switch
        {
            PaymentFrequency.Monthly => MonthlyDueDate(first, steps),
            PaymentFrequency.Biweekly => first.AddDays(14 * steps),
            PaymentFrequency.Weekly => first.AddDays(7 * steps),
            _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
        };
    }

    private static DateOnly MonthlyDueDate(DateOnly first, int months)
    {
        var month = new DateOnly(first.Year, first.Month, 1).AddMonths(months);
        var day = Math.Min(first.Day, DateTime.DaysInMonth(month.Year, month.Month));
        return new DateOnly(month.Year, month.Month, day);
    }

    /// <summary>Checks principal, rate and term; throws <see cref="DomainException"/> naming the field.</summary>
    public static void Validate(ScheduleTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (!terms.Principal.IsPositive)
        {
            throw new DomainException("invalid_amount", "The principal must be greater than zero.", "principal");
        }

        if (!Enum.IsDefined(terms.Amortization))
        {
            throw new DomainException("invalid_value", $"Unknown amortization {(int)terms.Amortization}.", "amortization");
        }

        if (terms.AnnualRateEa < 0m || terms.AnnualRateEa > 10m)
        {
            throw new DomainException("invalid_rate", "The annual rate is a fraction between 0 and 10 (0.18 is 18 % EA).", "annual_rate_ea");
        }

        if (terms.Amortization != Amortization.Single && (terms.Term < 1 || terms.Term > MaxTerm))
        {
            throw new DomainException("invalid_term", $"The term must be between 1 and {MaxTerm} installments.", "term");
        }

        var n = terms.Amortization == Amortization.Single ? 1 : terms.Term;
        var periodsLeft = terms.Frequency switch
        {
            PaymentFrequency.Monthly => ((DateOnly.MaxValue.Year - terms.FirstDueDate.Year) * 12) + (12 - terms.FirstDueDate.Month),
            PaymentFrequency.Biweekly => (DateOnly.MaxValue.DayNumber - terms.FirstDueDate.DayNumber) / 14,
            PaymentFrequency.Weekly => (DateOnly.MaxValue.DayNumber - terms.FirstDueDate.DayNumber) / 7,
            _ => throw new DomainException("invalid_value", $"Unknown payment frequency {(int)terms.Frequency}.", "frequency"),
        };
        if (n - 1 > periodsLeft)
        {
            throw new DomainException("invalid_date", "The last installment would fall after the year 9999.", "first_due_date");
        }
    }
}
