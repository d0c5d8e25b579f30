using Cartera.Domain.Common;

namespace Cartera.Domain.Compliance.Calendars;

/// <summary>The computed calendar of each supported country (CO, MX, US, ES).</summary>
public static class HolidayCalendars
{
    public static IReadOnlyCollection<string> Countries { get; } = ["CO", "MX", "US", "ES"];

    /// <exception cref="DomainException"><c>unknown_calendar</c> for a country without a calendar.</exception>
    public static IHolidayCalendar For(string country) =>
        (country ?? string.Empty).Trim().ToUpperInvariant() switch
        {
            "CO" => ColombiaHolidays.Instance,
            "MX" => MexicoRestDays.Instance,
            "US" => UnitedStatesFederalHolidays.Instance,
            "ES" => SpainNationalHolidays.Instance,
            _ => throw new DomainException("unknown_calendar", $"No holiday calendar for '{country}' ({string.Join(", ", Countries)}).", "country"),
        };
}
