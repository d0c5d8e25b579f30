using Cartera.Domain.Common;
using CsCheck;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Common;

public sealed class MoneyPropertyTests
{
    private static readonly Gen<long> Minor = Gen.Long[-1_000_000_000_000_000L, 1_000_000_000_000_000L];

    private static readonly Gen<Currency> AnyCurrency = Gen.OneOf("COP", "JPY", "KWD", "EUR").Select(Currency.Of);

    [Fact]
    public void Addition_and_subtraction_are_exact_in_minor_units()
    {
        Gen.Select(Minor, Minor, AnyCurrency).Sample((a, b, currency) =>
        {
            var x = Money.FromMinorUnits(a, currency);
            var y = Money.FromMinorUnits(b, currency);
            (x + y).MinorUnits.ShouldBe(a + b);
            (x - y).MinorUnits.ShouldBe(a - b);
            (x + y).ShouldBe(y + x);
            (x + y - y).ShouldBe(x);
        }, iter: 10_000);
    }

    [Fact]
    public void Order_agrees_with_the_minor_unit_count()
    {
        Gen.Select(Minor, Minor, AnyCurrency).Sample((a, b, currency) =>
        {
            Money.FromMinorUnits(a, currency).CompareTo(Money.FromMinorUnits(b, currency)).ShouldBe(a.CompareTo(b));
        }, iter: 10_000);
    }

    [Fact]
    public void Rounding_lands_on_the_minor_unit_within_half_of_one_and_is_idempotent()
    {
        Gen.Select(Gen.Long[-1_000_000_000_000L, 1_000_000_000_000L], Gen.Int[0, 999_999], AnyCurrency).Sample((whole, millionths, currency) =>
        {
            var raw = whole + (millionths / 1_000_000m);
            var rounded = Money.Round(raw, currency);
            var halfUnit = 0.5m / currency.MinorFactor;
            Math.Abs(rounded.Amount - raw).ShouldBeLessThanOrEqualTo(halfUnit);
            Money.Round(rounded.Amount, currency).ShouldBe(rounded);
            Money.FromMinorUnits(rounded.MinorUnits, currency).ShouldBe(rounded);
        }, iter: 10_000);
    }

    [Fact]
    public void An_exact_midpoint_rounds_to_the_even_neighbour()
    {
        Gen.Select(Gen.Long[-1_000_000_000_000L, 1_000_000_000_000L], AnyCurrency).Sample((minor, currency) =>
        {
            var midpoint = (minor + 0.5m) / currency.MinorFactor;
            var rounded = Money.Round(midpoint, currency).MinorUnits;
            (rounded % 2).ShouldBe(0L);
            Math.Abs(rounded - (minor + 0.5m)).ShouldBe(0.5m);
        }, iter: 10_000);
    }
}
