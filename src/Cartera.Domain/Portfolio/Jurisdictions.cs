using Cartera.Domain.Common;

namespace Cartera.Domain.Portfolio;

/// <summary>
/// Countries Cartera knows and the default IANA time zone of a country or region. Mexico and the United States
/// span several zones: the region (state code or name) decides; an unknown region falls back to the capital's zone.
/// A region that itself spans zones maps to the zone of most of its people; set the debtor's time zone explicitly
/// for the rest.
/// </summary>
public static class Jurisdictions
{
    private static readonly Dictionary<string, string> CountryZones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CO"] = "America/Bogota",
        ["MX"] = "America/Mexico_City",
        ["ES"] = "Europe/Madrid",
        ["US"] = "America/New_York",
        ["PE"] = "America/Lima",
        ["EC"] = "America/Guayaquil",
        ["CL"] = "America/Santiago",
        ["AR"] = "America/Argentina/Buenos_Aires",
        ["PA"] = "America/Panama",
        ["CR"] = "America/Costa_Rica",
        ["GT"] = "America/Guatemala",
        ["DO"] = "America/Santo_Domingo",
    };

    private static readonly Dictionary<string, string> RegionZones = new(StringComparer.OrdinalIgnoreCase)
    {
        // Mexico (state codes and names)
        ["MX/BC"] = "America/Tijuana",
        ["MX/BCN"] = "America/Tijuana",
        ["MX/Baja California"] = "America/Tijuana",
        ["MX/BCS"] = "America/Mazatlan",
        ["MX/Baja California Sur"] = "America/Mazatlan",
        ["MX/SON"] = "America/Hermosillo",
        ["MX/Sonora"] = "America/Hermosillo",
        ["MX/SIN"] = "America/Mazatlan",
        ["MX/Sinaloa"] = "America/Mazatlan",
        ["MX/NAY"] = "America/Mazatlan",
        ["MX/Nayarit"] = "America/Mazatlan",
        ["MX/CHH"] = "America/Chihuahua",
        ["MX/Chihuahua"] = "America/Chihuahua",
        ["MX/ROO"] = "America/Cancun",
        ["MX/Quintana Roo"] = "America/Cancun",
        // United States (postal codes)
        ["US/CA"] = "America/Los_Angeles",
        ["US/WA"] = "America/Los_Angeles",
        ["US/OR"] = "America/Los_Angeles",
        ["US/NV"] = "America/Los_Angeles",
        ["US/AZ"] = "America/Phoenix",
        ["US/CO"] = "America/Denver",
        ["US/UT"] = "America/Denver",
        ["US/NM"] = "America/Denver",
        ["US/MT"] = "America/Denver",
        ["US/WY"] = "America/Denver",
        ["US/ID"] = "America/Boise",
        ["US/TX"] = "America/Chicago",
        ["US/IL"] = "America/Chicago",
        ["US/MN"] = "America/Chicago",
        ["US/WI"] = "America/Chicago",
        ["US/MO"] = "America/Chicago",
        ["US/LA"] = "America/Chicago",
        ["US/AL"] = "America/Chicago",
        ["US/MS"] = "America/Chicago",
        ["US/OK"] = "America/Chicago",
        ["US/KS"] = "America/Chicago",
        ["US/NE"] = "America/Chicago",
        ["US/IA"] = "America/Chicago",
        ["US/AR"] = "America/Chicago",
        ["US/TN"] = "America/Chicago", // Nashville and Memphis; East Tennessee (Knoxville) is Eastern: set the zone explicitly
        ["US/ND"] = "America/Chicago",
        ["US/SD"] = "America/Chicago",
        ["US/AK"] = "America/Anchorage",
        ["US/HI"] = "Pacific/Honolulu",
        ["US/PR"] = "America/Puerto_Rico",
        // Spain
        ["ES/CN"] = "Atlantic/Canary",
        ["ES/Canarias"] = "Atlantic/Canary",
        ["ES/GC"] = "Atlantic/Canary",
        ["ES/Las Palmas"] = "Atlantic/Canary",
        ["ES/TF"] = "Atlantic/Canary",
        ["ES/Santa Cruz de Tenerife"] = "Atlantic/Canary",
    };

    public static IReadOnlyCollection<string> KnownCountries => CountryZones.Keys;

    /// <summary>Upper-cases and validates an ISO 3166-1 alpha-2 code.</summary>
    public static string NormalizeCountry(string country)
    {
        var code = (country ?? string.Empty).Trim().ToUpperInvariant();
        if (code.Length != 2 || !CountryZones.ContainsKey(code))
        {
            throw new DomainException("unknown_country", $"'{country}' is not a supported country code ({string.Join(", ", CountryZones.Keys)}).", "country");
        }

        return code;
    }

    /// <summary>Whether every region of the country Cartera knows shares one time zone (so the zone follows from the country).</summary>
    public static bool HasSingleZone(string country)
    {
        var code = NormalizeCountry(country);
        return !RegionZones.Keys.Any(k => k.StartsWith(code + "/", StringComparison.OrdinalIgnoreCase));
    }

    public static string DefaultTimeZone(string country, string? region)
    {
        var code = NormalizeCountry(country);
        if (!string.IsNullOrWhiteSpace(region) && RegionZones.TryGetValue($"{code}/{region.Trim()}", out var zone))
        {
            return zone;
        }

        return CountryZones[code];
    }
}
