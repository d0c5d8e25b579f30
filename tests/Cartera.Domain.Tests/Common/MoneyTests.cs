using Cartera.Domain.Common;
using CsCheck;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Common;

public sealed class MoneyTests
{
    private static readonly Currency JPY = Currency.Of("JPY");
    private static readonly Currency CLP = Currency.Of("CLP");
    private static readonly Currency KWD = Currency.Of("KWD");

    [Fact]
    public void Equal_amounts_of_one_currency_are_equal_whatever_the_scale()
    {
        var a = Money.Of(1.0m, Currency.COP);
        var b = Money.Of(1.00m, Currency.COP);
        a.ShouldBe(b);
        (a == b).ShouldBeTrue();
        a.GetHashCode().ShouldBe(b.GetHashCode());
    }

    [Fact]
    public void The_same_amount_in_two_currencies_is_not_equal()
    {
        Money.Of(10m, Currency.COP).ShouldNotBe(Money.Of(10m, Currency.USD));
    }

    [Theory]
    [InlineData("2.345", "2.34")]
    [InlineData("2.355", "2.36")]
    [InlineData("-2.345", "-2.34")]
    [InlineData("-2.355", "-2.36")]
    [InlineData("2.3451", "2.35")]
    [InlineData("0.005", "0.00")]
    [InlineData("0.015", "0.02")]
    public void Round_is_half_even_to_the_cent(string raw, string expected)
    {
        var rounded = Money.Round(decimal.Parse(raw, System.Globalization.CultureInfo.InvariantCulture), Currency.COP);
        rounded.Amount.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Yen_and_Chilean_peso_round_to_whole_units_half_even()
    {
        Money.Round(2.5m, JPY).Amount.ShouldBe(2m);
        Money.Round(3.5m, JPY).Amount.ShouldBe(4m);
        Money.Round(1234.5m, CLP).Amount.ShouldBe(1234m);
        JPY.MinorUnits.ShouldBe(0);
        CLP.MinorUnits.ShouldBe(0);
    }

    [Fact]
    public void Kuwaiti_dinar_rounds_to_three_decimals_half_even()
    {
        KWD.MinorUnits.ShouldBe(3);
        Money.Round(1.2345m, KWD).Amount.ShouldBe(1.234m);
        Money.Round(1.2355m, KWD).Amount.ShouldBe(1.236m);
    }

    [Fact]
    public void Of_refuses_more_decimals_than_the_minor_unit()
    {
        Should.Throw<DomainException>(() => Money.Of(1.001m, Currency.COP)).Code.ShouldBe("too_many_decimals");
        Should.Throw<DomainException>(() => Money.Of(1.5m, JPY)).Code.ShouldBe("too_many_decimals");
        Should.Throw<DomainException>(() => Money.Of(1.0001m, KWD)).Code.ShouldBe("too_many_decimals");
    }

    [Fact]
    public void Of_accepts_trailing_zeros_beyond_the_minor_unit()
    {
        Money.Of(1.2300m, Currency.COP).MinorUnits.ShouldBe(123L);
        Money.Of(7.000m, JPY).MinorUnits.ShouldBe(7L);
    }

    [Fact]
    public void Adding_two_currencies_throws_currency_mismatch()
    {
        var ex = Should.Throw<DomainException>(() => Money.Of(1m, Currency.COP) + Money.Of(1m, Currency.USD));
        ex.Code.ShouldBe("currency_mismatch");
        ex.Field.ShouldBe("currency");
    }

    [Fact]
    public void Subtracting_two_currencies_throws_currency_mismatch()
    {
        Should.Throw<DomainException>(() => Money.Of(1m, Currency.COP) - Money.Of(1m, Currency.EUR)).Code.ShouldBe("currency_mismatch");
    }

    [Fact]
    public void Comparing_two_currencies_throws_currency_mismatch()
    {
        var cop = Money.Of(1m, Currency.COP);
        var mxn = Money.Of(2m, Currency.MXN);
        Should.Throw<DomainException>(() => cop < mxn).Code.ShouldBe("currency_mismatch");
        Should.Throw<DomainException>(() => cop.CompareTo(mxn)).Code.ShouldBe("currency_mismatch");
        Should.Throw<DomainException>(() => Money.Max(cop, mxn)).Code.ShouldBe("currency_mismatch");
        Should.Throw<DomainException>(() => Money.Min(cop, mxn)).Code.ShouldBe("currency_mismatch");
    }

    [Fact]
    public void Same_currency_arithmetic_and_order()
    {
        var a = Money.Of(10.25m, Currency.COP);
        var b = Money.Of(0.75m, Currency.COP);
        (a + b).ShouldBe(Money.Of(11m, Currency.COP));
        (a - b).ShouldBe(Money.Of(9.50m, Currency.COP));
        (-a).Amount.ShouldBe(-10.25m);
        (b < a).ShouldBeTrue();
        Money.Max(a, b).ShouldBe(a);
        Money.Min(a, b).ShouldBe(b);
    }

    [Fact]
    public void MultiplyRounded_rounds_half_even_once()
    {
        Money.Of(1_000_000m, Currency.COP).MultiplyRounded(0.000597467177m).Amount.ShouldBe(597.47m);
        Money.Of(1m, Currency.COP).MultiplyRounded(0.125m).Amount.ShouldBe(0.12m);
    }

    [Fact]
    public void Minor_units_round_trip_for_any_count_and_currency()
    {
        Gen.Select(Gen.Long[-1_000_000_000_000_000L, 1_000_000_000_000_000L], Gen.OneOf("COP", "JPY", "KWD", "USD", "CLP"))
            .Sample((minor, code) =>
            {
                var currency = Currency.Of(code);
                var money = Money.FromMinorUnits(minor, currency);
                money.MinorUnits.ShouldBe(minor);
                Money.Of(money.Amount, currency).ShouldBe(money);
            }, iter: 10_000);
    }

    [Fact]
    public void FromMinorUnits_places_the_decimal_point_by_currency()
    {
        Money.FromMinorUnits(123456, Currency.COP).Amount.ShouldBe(1234.56m);
        Money.FromMinorUnits(123456, JPY).Amount.ShouldBe(123456m);
        Money.FromMinorUnits(123456, KWD).Amount.ShouldBe(123.456m);
    }

    [Fact]
    public void MinorUnits_throws_when_the_count_does_not_fit_in_64_bits()
    {
        var huge = Money.Of(100_000_000_000_000_000m, Currency.COP); // 10^17 pesos = 10^19 cents > long.MaxValue
        Should.Throw<DomainException>(() => huge.MinorUnits).Code.ShouldBe("amount_out_of_range");
    }

    [Fact]
    public void Default_money_is_zero_of_no_currency_and_cannot_be_stored_or_combined()
    {
        var none = default(Money);
        none.IsZero.ShouldBeTrue();
        none.Currency.Code.ShouldBeNull();
        none.ShouldNotBe(Money.Zero(Currency.COP));
        none.ToString().ShouldBe("0 (none)");
        Should.Throw<DomainException>(() => none.MinorUnits).Code.ShouldBe("unknown_currency");
        Should.Throw<DomainException>(() => none + Money.Zero(Currency.COP)).Code.ShouldBe("currency_mismatch");
    }

    [Fact]
    public void Default_currency_is_refused_by_every_factory()
    {
        var none = default(Currency);
        none.ToString().ShouldBe("(none)");
        none.ShouldNotBe(Currency.COP);
        Should.Throw<DomainException>(() => Money.Of(1m, none)).Code.ShouldBe("unknown_currency");
        Should.Throw<DomainException>(() => Money.Round(1m, none)).Code.ShouldBe("unknown_currency");
        Should.Throw<DomainException>(() => Money.FromMinorUnits(1, none)).Code.ShouldBe("unknown_currency");
        Should.Throw<DomainException>(() => Money.Zero(none)).Code.ShouldBe("unknown_currency");
        Should.Throw<DomainException>(() => none.MinorFactor).Code.ShouldBe("unknown_currency");
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("CO")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("pesos")]
    public void An_unknown_currency_code_is_refused(string code)
    {
        var ex = Should.Throw<DomainException>(() => Currency.Of(code));
        ex.Code.ShouldBe("unknown_currency");
        ex.Field.ShouldBe("currency");
        Currency.TryOf(code, out _).ShouldBeFalse();
    }

    [Fact]
    public void Currency_codes_are_case_insensitive_and_trimmed()
    {
        Currency.Of(" cop ").ShouldBe(Currency.COP);
        Currency.Of("usd").Code.ShouldBe("USD");
    }

    [Fact]
    public void ToString_is_invariant_with_the_minor_unit_digits()
    {
        Money.Of(1234567.8m, Currency.COP).ToString().ShouldBe("1234567.80 COP");
        Money.Of(-5m, JPY).ToString().ShouldBe("-5 JPY");
        Money.Of(1.5m, KWD).ToString().ShouldBe("1.500 KWD");
    }
}
