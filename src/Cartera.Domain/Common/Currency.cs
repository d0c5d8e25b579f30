using System.Collections.Frozen;

namespace Cartera.Domain.Common;

/// <summary>
/// An ISO 4217 currency with its number of minor-unit digits. Only currencies in <see cref="Known"/> exist:
/// <see cref="Of"/> refuses anything else, so an unknown code cannot reach the ledger.
/// The default value (<c>default(Currency)</c>) is not a currency: its <see cref="Code"/> is null, it equals no known
/// currency, <see cref="MinorFactor"/> and every <see cref="Money"/> factory refuse it with <c>unknown_currency</c>,
/// and it prints as <c>(none)</c>.
/// </summary>
public readonly record struct Currency
{
    private Currency(string code, int minorUnits)
    {
        Code = code;
        MinorUnits = minorUnits;
    }

    /// <summary>Three upper-case letters, for example <c>COP</c>.</summary>
    public string Code { get; }

    /// <summary>Digits after the decimal separator in the minor unit (COP 2, JPY 0, KWD 3) per ISO 4217.</summary>
    public int MinorUnits { get; }

    public static readonly Currency COP = new("COP", 2);
    public static readonly Currency MXN = new("MXN", 2);
    public static readonly Currency EUR = new("EUR", 2);
    public static readonly Currency USD = new("USD", 2);

    /// <summary>Currencies of the markets Cartera serves, plus their neighbours. Add rows here, never elsewhere.</summary>
    public static readonly FrozenDictionary<string, Currency> Known = new[]
    {
        COP, MXN, EUR, USD,
        new Currency("PEN", 2), new Currency("CLP", 0), new Currency("ARS", 2), new Currency("BRL", 2),
        new Currency("UYU", 2), new Currency("BOB", 2), new Currency("PYG", 0), new Currency("GTQ", 2),
        new Currency("HNL", 2), new Currency("NIO", 2), new Currency("CRC", 2), new Currency("PAB", 2),
        new Currency("DOP", 2), new Currency("GBP", 2), new Currency("CAD", 2), new Currency("JPY", 0),
        new Currency("KWD", 3),
    }.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>The currency for an ISO code (case-insensitive, surrounding blanks ignored).</summary>
    /// <exception cref="DomainException">code <c>unknown_currency</c> when the code is not an ISO 4217 currency we know.</exception>
    public static Currency Of(string code)
    {
        return TryOf(code, out var currency)
            ? currency
            : throw new DomainException("unknown_currency", $"'{code}' is not a known ISO 4217 currency code.", "currency");
    }

    public static bool TryOf(string? code, out Currency currency)
    {
        currency = default;
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        return Known.TryGetValue(code.Trim().ToUpperInvariant(), out currency);
    }

    /// <summary>The factor between a major and a minor unit: 100 for two digits.</summary>
    /// <exception cref="DomainException"><c>unknown_currency</c> for <c>default(Currency)</c>.</exception>
    public decimal MinorFactor => Code is null
        ? throw new DomainException("unknown_currency", "A currency is required.", "currency")
        : MinorUnits switch
        {
            0 => 1m,
            2 => 100m,
            3 => 1000m,
            _ => Rates.Pow(10m, MinorUnits),
        };

    public override string ToString() => Code ?? "(none)";
}
