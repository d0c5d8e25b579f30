using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Common;

/// <summary>
/// Interest-rate arithmetic in <c>decimal</c> only. Rates are fractions (0.18 is 18 % effective annual, EA).
/// Fractional powers are computed with Newton's method on decimals (about 27 significant digits), never through
/// <c>double</c>'s exp/log, whose 15–16 digits are not enough to reproduce installments to the cent on large balances.
/// </summary>
public static class Rates
{
    /// <summary>Periods per year for a payment frequency: monthly 12, biweekly 26, weekly 52.</summary>
    public static int PeriodsPerYear(PaymentFrequency frequency) => frequency switch
    {
        PaymentFrequency.Monthly => 12,
        PaymentFrequency.Biweekly => 26,
        PaymentFrequency.Weekly => 52,
        _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
    };

    /// <summary>The periodic rate equivalent to an effective annual rate: <c>(1 + EA)^(1/k) − 1</c>.</summary>
    public static decimal PeriodicFromEffectiveAnnual(decimal effectiveAnnual, int periodsPerYear)
    {
        if (effectiveAnnual < 0m)
        {
            throw new DomainException("invalid_rate", "A rate cannot be negative.", "annual_rate_ea");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodsPerYear);

        return effectiveAnnual == 0m ? 0m : NthRoot(1m + effectiveAnnual, periodsPerYear) - 1m;
    }

    /// <summary>The daily rate of an effective annual rate over a 365-day year: <c>(1 + EA)^(1/365) − 1</c>.</summary>
    public static decimal DailyFromEffectiveAnnual(decimal effectiveAnnual) => PeriodicFromEffectiveAnnual(effectiveAnnual, 365);

    /// <summary>
    /// <c>x^n</c> for a whole exponent by repeated squaring. A negative exponent is computed as <c>(1/x)^|n|</c>, so
    /// <c>(1 + i)^−n</c> tends to zero instead of overflowing for long terms at high rates.
    /// </summary>
    public static decimal Pow(decimal x, int n)
    {
        if (n < 0)
        {
            return n == int.MinValue ? Pow(1m / x, int.MaxValue) / x : Pow(1m / x, -n);
        }

        var result = 1m;
        var b = x;
        while (n > 0)
        {
            if ((n & 1) == 1)
            {
                result *= b;
            }

            n >>= 1;
            if (n > 0)
            {
                b *= b;
            }
        }

        return result;
    }

    /// <summary>The positive n-th root of a positive decimal (Newton's iteration from a double estimate).</summary>
    public static decimal NthRoot(decimal a, int n)
    {
        if (a <= 0m || n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(a), "NthRoot takes a positive number and a positive degree.");
        }

        if (n == 1)
        {
            return a;
        }

        // The double estimate is only a starting point; every digit of the result comes from decimal iterations.
        var x = (decimal)Math.Pow((double)a, 1.0 / n);
        for (var i = 0; i < 100; i++)
        {
            var next = (((n - 1) * x) + (a / Pow(x, n - 1))) / n;
            if (next == x)
            {
                break;
            }

            x = next;
        }

        return x;
    }
}
