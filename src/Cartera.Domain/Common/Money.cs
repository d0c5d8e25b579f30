using System.Globalization;

namespace Cartera.Domain.Common;

/// <summary>
/// An exact amount of one currency. Equality is by amount and currency (<c>1.0 COP == 1.00 COP</c>).
/// Addition, subtraction and comparison between different currencies throw; there is no implicit conversion.
/// Rounding is never implicit: <see cref="Round"/> rounds half-even (banker's rounding) to the currency's minor unit,
/// and amounts built with <see cref="Of(decimal, Currency)"/> must already be at that scale.
/// The database stores money as a whole number of minor units (<see cref="MinorUnits"/>).
/// <para>
/// <c>default(Money)</c> is zero of no currency: it equals no real amount (not even <c>Money.Zero(Currency.COP)</c>),
/// combining or comparing it with a real amount throws <c>currency_mismatch</c>, and <see cref="MinorUnits"/> throws
/// <c>unknown_currency</c>, so it can never be stored. The factories refuse <c>default(Currency)</c>.
/// </para>
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    private Money(decimal amount, Currency currency)
    {
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; }

    public Currency Currency { get; }

    /// <exception cref="DomainException"><c>unknown_currency</c> for <c>default(Currency)</c>.</exception>
    public static Money Zero(Currency currency)
    {
        EnsureCurrency(currency);
        return new Money(0m, currency);
    }

    /// <summary>An amount already expressed at the currency's minor unit (for example 1234.56 COP).</summary>
    /// <exception cref="DomainException"><c>too_many_decimals</c> when the amount has more decimals than the minor unit.</exception>
    public static Money Of(decimal amount, Currency currency)
    {
        EnsureCurrency(currency);
        if (decimal.Round(amount, currency.MinorUnits, MidpointRounding.ToEven) != amount)
        {
            throw new DomainException(
                "too_many_decimals",
                string.Create(CultureInfo.InvariantCulture, $"{amount} has more than {currency.MinorUnits} decimals for {currency.Code}."),
                "amount");
        }

        return new Money(amount, currency);
    }

    public static Money Of(decimal amount, string currencyCode) => Of(amount, Currency.Of(currencyCode));

    /// <summary>Rounds any decimal half-even to the currency's minor unit: the one rounding rule of the product.</summary>
    public static Money Round(decimal amount, Currency currency)
    {
        EnsureCurrency(currency);
        return new Money(decimal.Round(amount, currency.MinorUnits, MidpointRounding.ToEven), currency);
    }

    public static Money FromMinorUnits(long minorUnits, Currency currency)
    {
        EnsureCurrency(currency);
        return new Money(minorUnits / currency.MinorFactor, currency);
    }

    /// <summary>The amount as a whole count of minor units (cents), exactly; never truncated.</summary>
    /// <exception cref="DomainException">
    /// <c>unknown_currency</c> for <c>default(Money)</c>; <c>too_many_decimals</c> if the amount is not at the minor-unit
    /// scale (the factories make that impossible, the check keeps it so); <c>amount_out_of_range</c> beyond a 64-bit count.
    /// </exception>
    public long MinorUnits
    {
        get
        {
            EnsureCurrency(Currency);
            var scaled = Amount * Currency.MinorFactor;
            if (scaled != decimal.Truncate(scaled))
            {
                throw new DomainException(
                    "too_many_decimals",
                    string.Create(CultureInfo.InvariantCulture, $"{Amount} is not a whole number of {Currency.Code} minor units."),
                    "amount");
            }

            if (scaled is < long.MinValue or > long.MaxValue)
            {
                throw new DomainException(
                    "amount_out_of_range",
                    string.Create(CultureInfo.InvariantCulture, $"{Amount} {Currency.Code} does not fit in 64-bit minor units."),
                    "amount");
            }

            return decimal.ToInt64(scaled);
        }
    }

    public bool IsZero => Amount == 0m;

    public bool IsNegative => Amount < 0m;

    public bool IsPositive => Amount > 0m;

    public Money Negate() => new(-Amount, Currency);

    public Money Abs() => new(Math.Abs(Amount), Currency);

    /// <summary>Multiplies by a factor (a rate, a share) and rounds half-even to the minor unit.</summary>
    public Money MultiplyRounded(decimal factor) => Round(Amount * factor, Currency);

    public static Money Min(Money a, Money b)
    {
        SameCurrency(a, b);
        return a.Amount <= b.Amount ? a : b;
    }

    public static Money Max(Money a, Money b)
    {
        SameCurrency(a, b);
        return a.Amount >= b.Amount ? a : b;
    }

    public static Money operator +(Money a, Money b)
    {
        SameCurrency(a, b);
        return new Money(checked(a.Amount + b.Amount), a.Currency);
    }

    public static Money operator -(Money a, Money b)
    {
        SameCurrency(a, b);
        return new Money(checked(a.Amount - b.Amount), a.Currency);
    }

    public static Money operator -(Money a) => a.Negate();

    public static bool operator <(Money a, Money b) => a.CompareTo(b) < 0;

    public static bool operator >(Money a, Money b) => a.CompareTo(b) > 0;

    public static bool operator <=(Money a, Money b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Money a, Money b) => a.CompareTo(b) >= 0;

    public static Money Add(Money left, Money right) => left + right;

    public static Money Subtract(Money left, Money right) => left - right;

    public int CompareTo(Money other)
    {
        SameCurrency(this, other);
        return Amount.CompareTo(other.Amount);
    }

    /// <summary>
    /// Invariant text, for example <c>1234567.89 COP</c> (<c>0 (none)</c> for <c>default(Money)</c>). Display formatting
    /// belongs to the UI's culture.
    /// </summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Amount.ToString("F" + Currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {Currency}");

    private static void SameCurrency(Money a, Money b)
    {
        if (a.Currency != b.Currency)
        {
            throw new DomainException("currency_mismatch", $"Cannot combine {a.Currency} with {b.Currency}.", "currency");
        }
    }

    private static void EnsureCurrency(Currency currency)
    {
        if (currency.Code is null)
        {
            throw new DomainException("unknown_currency", "A currency is required.", "currency");
        }
    }
}
