using System.Globalization;
using Cartera.Domain.Common;
using Microsoft.Extensions.Localization;

namespace Cartera.Web.Shared;

/// <summary>
/// Display formats that follow the request culture. Money uses the culture's currency format when the amount is in the
/// culture's own currency (es-CO and COP: <c>$ 1.234.567,89</c>); any other currency is shown as a number in the
/// culture's format followed by its ISO code (<c>1.234,50 USD</c>), so a dollar sign never stands for two currencies.
/// </summary>
internal static class Formats
{
    public static string Money(long minorUnits, string currencyCode, CultureInfo culture)
    {
        var currency = Currency.Of(currencyCode);
        var amount = Domain.Common.Money.FromMinorUnits(minorUnits, currency).Amount;
        var region = culture.Name.Contains('-', StringComparison.Ordinal) ? new RegionInfo(culture.Name) : null;
        if (region is not null && string.Equals(region.ISOCurrencySymbol, currency.Code, StringComparison.Ordinal))
        {
            var format = (NumberFormatInfo)culture.NumberFormat.Clone();
            format.CurrencyDecimalDigits = currency.MinorUnits;
            return amount.ToString("C", format);
        }

        return amount.ToString("N" + currency.MinorUnits.ToString(CultureInfo.InvariantCulture), culture) + "\u00A0" + currency.Code;
    }

    public static string Date(DateOnly date, CultureInfo culture) => date.ToString("d", culture);

    public static string? Date(DateOnly? date, CultureInfo culture) => date?.ToString("d", culture);

    /// <summary>
    /// An instant in a given IANA zone (the debtor's or the lender's), in the culture's short date and time, labelled
    /// with the zone: <c>7/12/2026 10:31 p. m. (America/Mexico_City)</c>. Dates and instants use the same short date pattern
    /// of the culture everywhere, so a page never mixes <c>7/12/2026</c> with <c>2026-12-07</c>.
    /// </summary>
    public static string Instant(DateTimeOffset at, string timeZone, CultureInfo culture)
    {
        var known = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone);
        return TimeZoneInfo.ConvertTime(at, known ? zone! : TimeZoneInfo.Utc).ToString("g", culture) + " (" + (known ? timeZone : "UTC") + ")";
    }

    /// <summary>An IANA zone by id; an unknown or empty id is UTC (a debtor's zone is validated when stored).</summary>
    public static TimeZoneInfo Zone(string? timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? string.Empty, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>Today's calendar date in an IANA zone (the debtor's): the clock's instant there.</summary>
    public static DateOnly Today(TimeProvider clock, string? timeZone)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone(timeZone)).DateTime);
    }

    /// <summary>An instant in the lender's zone (the local zone of the host's clock: configuration <c>Lender:TimeZone</c>), labelled.</summary>
    public static string LenderInstant(DateTimeOffset at, TimeProvider lender, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(lender);
        return Instant(at, lender.LocalTimeZone.Id, culture);
    }

    public static string Percent(decimal fraction, CultureInfo culture) => fraction.ToString("P2", culture);

    /// <summary>
    /// The format string of a count: the resource <c>key.One</c> when <paramref name="count"/> is 1 (Spanish and English
    /// both use the singular only for one: "1 deudor", "0 deudores", "2 deudores"), else <c>key</c>.
    /// </summary>
    public static string Plural(IStringLocalizer localizer, string key, long count)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var one = count == 1 ? localizer[key + ".One"] : null;
        return one is { ResourceNotFound: false } ? one.Value : localizer[key].Value;
    }

    public static string Label<T>(IStringLocalizer localizer, T value)
        where T : struct, Enum
    {
        var code = EnumCodes.ToCode(value);
        var text = localizer[$"{typeof(T).Name}.{code}"];
        return text.ResourceNotFound ? code : text.Value;
    }
}
