using System.Globalization;
using Cartera.Domain.Common;

namespace Cartera.Web.Shared;

/// <summary>
/// Money in the API: the amount as a decimal <b>string</b> at the currency's minor unit (<c>"1234567.89"</c>) and the
/// ISO 4217 code beside it. A string, not a JSON number, so no client parses it into a binary floating point.
/// </summary>
public sealed record MoneyDto(string Amount, string Currency)
{
    public static MoneyDto FromMinor(long minorUnits, string currencyCode)
    {
        var currency = Domain.Common.Currency.Of(currencyCode);
        var amount = Money.FromMinorUnits(minorUnits, currency).Amount;
        return new MoneyDto(amount.ToString("F" + currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), currency.Code);
    }
}
