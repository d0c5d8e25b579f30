using System.Globalization;
using System.Text.Json.Serialization;
using Cartera.Domain.Money;

namespace Cartera.Web.Api;

/// <summary>
/// Money in the API: the amount as a decimal <b>string</b> at the currency's minor unit (<c>"1234567.89"</c>) and the
/// ISO 4217 code beside it. A string, not a JSON number, so no client parses it into a binary floating point.
/// </summary>
public sealed record MoneyDto(string Amount, string Currency)
{
    public static MoneyDto FromMinor(long minorUnits, string currencyCode)
    {
        var currency = Domain.Money.Currency.Of(currencyCode);
        var amount = Money.FromMinorUnits(minorUnits, currency).Amount;
        return new MoneyDto(amount.ToString("F" + currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), currency.Code);
    }
}

/// <summary>Money as input: the amount as a decimal string or JSON number (read exactly as decimal) and the currency code.</summary>
public sealed record MoneyInput(
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal Amount,
    string Currency);

/// <summary>A page of results: items, the page asked for and the total number of matches.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
