using System.Globalization;
using System.Numerics;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using CsCheck;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Common;

public sealed class RatesTests
{
    [Fact]
    public void Monthly_rate_of_18_percent_EA_matches_a_high_precision_reference()
    {
        var rate = Rates.PeriodicFromEffectiveAnnual(0.18m, 12);
        rate.ToString(CultureInfo.InvariantCulture).ShouldStartWith("0.0138884303");
        AgreesWith(Reference.PeriodicRate(0.18m, 12), rate, significantDigits: 24);
        AgreesWith("0.013888430348410033338673230028", rate, significantDigits: 24);
    }

    [Fact]
    public void Daily_rate_of_the_usury_cap_24_36_percent_EA_matches_a_high_precision_reference()
    {
        var rate = Rates.DailyFromEffectiveAnnual(0.2436m);
        rate.ToString(CultureInfo.InvariantCulture).ShouldStartWith("0.000597467177");
        AgreesWith(Reference.PeriodicRate(0.2436m, 365), rate, significantDigits: 22);
        AgreesWith("0.00059746717739209524230019914", rate, significantDigits: 22);
    }

    [Fact]
    public void Arrears_on_a_million_pesos_at_24_36_percent_EA_are_597_47_a_day_and_5974_70_after_ten_days()
    {
        var daily = Rates.DailyFromEffectiveAnnual(0.2436m);
        var overdue = Money.Of(1_000_000m, Currency.COP);
        var oneDay = overdue.MultiplyRounded(daily);
        oneDay.ShouldBe(Money.Of(597.47m, Currency.COP));
        var total = Money.Zero(Currency.COP);
        for (var day = 1; day <= 10; day++)
        {
            total += overdue.MultiplyRounded(daily); // each day rounded half-even, on principal only
        }

        total.ShouldBe(Money.Of(5_974.70m, Currency.COP));
    }

    [Fact]
    public void Periodic_rates_agree_with_the_reference_to_at_least_20_significant_digits()
    {
        Gen.Select(Gen.Int[100, 10_000_000], Gen.OneOf(12, 26, 52))
            .Sample((millionths, k) =>
            {
                var ea = millionths / 1_000_000m; // 0.0001 (0.01 % EA) .. 10 (1000 % EA), six decimals
                AgreesWith(Reference.PeriodicRate(ea, k), Rates.PeriodicFromEffectiveAnnual(ea, k), significantDigits: 20);
            }, iter: 10_000);
    }

    [Fact]
    public void Daily_rates_agree_with_the_reference_to_at_least_20_significant_digits()
    {
        Gen.Int[100, 10_000_000]
            .Sample(millionths =>
            {
                var ea = millionths / 1_000_000m;
                AgreesWith(Reference.PeriodicRate(ea, 365), Rates.DailyFromEffectiveAnnual(ea), significantDigits: 20);
            }, iter: 10_000);
    }

    [Fact]
    public void Compounding_the_periodic_rate_k_times_gives_back_the_annual_rate()
    {
        Gen.Select(Gen.Int[1, 2_000_000], Gen.OneOf(12, 26, 52, 365))
            .Sample((millionths, k) =>
            {
                var ea = millionths / 1_000_000m;
                var i = Rates.PeriodicFromEffectiveAnnual(ea, k);
                Math.Abs(Rates.Pow(1m + i, k) - 1m - ea).ShouldBeLessThan(1e-20m);
            }, iter: 10_000);
    }

    [Fact]
    public void A_zero_rate_has_a_zero_periodic_rate()
    {
        Rates.PeriodicFromEffectiveAnnual(0m, 12).ShouldBe(0m);
        Rates.DailyFromEffectiveAnnual(0m).ShouldBe(0m);
    }

    [Fact]
    public void A_negative_rate_is_refused()
    {
        var ex = Should.Throw<DomainException>(() => Rates.PeriodicFromEffectiveAnnual(-0.01m, 12));
        ex.Code.ShouldBe("invalid_rate");
        ex.Field.ShouldBe("annual_rate_ea");
    }

    [Theory]
    [InlineData(PaymentFrequency.Monthly, 12)]
    [InlineData(PaymentFrequency.Biweekly, 26)]
    [InlineData(PaymentFrequency.Weekly, 52)]
    public void Periods_per_year_by_frequency(PaymentFrequency frequency, int expected)
    {
        Rates.PeriodsPerYear(frequency).ShouldBe(expected);
    }

    [Fact]
    public void Pow_with_a_whole_exponent_is_exact_for_small_cases()
    {
        Rates.Pow(1.5m, 3).ShouldBe(3.375m);
        Rates.Pow(2m, -2).ShouldBe(0.25m);
        Rates.Pow(7m, 0).ShouldBe(1m);
    }

    [Fact]
    public void A_negative_power_of_a_large_growth_factor_tends_to_zero_instead_of_overflowing()
    {
        // (1 + monthly rate of 1000 % EA)^-600: 11^-50, far below decimal's smallest positive value.
        var i = Rates.PeriodicFromEffectiveAnnual(10m, 12);
        Rates.Pow(1m + i, -600).ShouldBeLessThan(1e-27m);
    }

    private static void AgreesWith(string reference, decimal actual, int significantDigits)
    {
        var expected = decimal.Parse(reference, CultureInfo.InvariantCulture);
        var tolerance = Math.Abs(expected) / Rates.Pow(10m, significantDigits - 1);
        Math.Abs(actual - expected).ShouldBeLessThanOrEqualTo(tolerance, $"reference {reference}, actual {actual}");
    }

    /// <summary>
    /// An independent reference: (1 + EA)^(1/k) − 1 = exp(ln(1 + EA) / k) − 1 evaluated long-hand with BigInteger fixed
    /// point (50 decimal digits): ln by the series 2·Σ z^(2m+1)/(2m+1) with z = (x − 1)/(x + 1), exp by its Taylor series.
    /// Shares no code or method with <see cref="Rates"/> (which uses Newton's iteration on decimals).
    /// </summary>
    private static class Reference
    {
        private const int Digits = 50;
        private static readonly BigInteger Scale = BigInteger.Pow(10, Digits);

        public static string PeriodicRate(decimal ea, int k)
        {
            var text = (1m + ea).ToString(CultureInfo.InvariantCulture);
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            var decimals = dot < 0 ? 0 : text.Length - dot - 1;
            var x = BigInteger.Parse(text.Replace(".", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture) * Scale / BigInteger.Pow(10, decimals);

            // ln(x) = 2 * sum over m of z^(2m+1) / (2m+1), z = (x - 1) / (x + 1)
            var z = (x - Scale) * Scale / (x + Scale);
            var z2 = z * z / Scale;
            var ln = BigInteger.Zero;
            var power = z;
            for (var m = 0; !power.IsZero; m++)
            {
                ln += power / ((2 * m) + 1);
                power = power * z2 / Scale;
            }

            ln *= 2;

            // exp(y) - 1 = sum over n >= 1 of y^n / n!, y = ln(x) / k
            var y = ln / k;
            var result = BigInteger.Zero;
            var term = y;
            for (var n = 2; !term.IsZero; n++)
            {
                result += term;
                term = term * y / (Scale * n);
            }

            return "0." + result.ToString(CultureInfo.InvariantCulture).PadLeft(Digits, '0')[..29];
        }
    }
}
