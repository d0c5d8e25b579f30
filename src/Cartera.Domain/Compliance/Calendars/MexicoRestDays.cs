namespace Cartera.Domain.Compliance.Calendars;

/// <summary>
/// Mexican statutory rest days (días de descanso obligatorio), Ley Federal del Trabajo art. 74: Jan 1; the first Monday
/// of February (Constitution); the third Monday of March (Benito Juárez); May 1; Sep 16; the third Monday of November
/// (Revolution); Dec 25; and the day of the transmission of federal executive power every six years (Oct 1 from 2024,
/// Dec 1 before). The Monday rules apply from the 2006 reform (DOF 17-01-2006); earlier years use the fixed dates
/// (Feb 5, Mar 21, Nov 20). Election days (fraction IX) are set by electoral law and are not computed: add them as
/// configuration when needed.
/// </summary>
public sealed class MexicoRestDays : HolidayCalendar
{
    private const string Lft = "Ley Federal del Trabajo, art. 74";

    public static MexicoRestDays Instance { get; } = new();

    public override string Country => "MX";

    protected override IEnumerable<Holiday> Compute(int year)
    {
        var mondays = year >= 2006;
        yield return new(new DateOnly(year, 1, 1), "Año Nuevo", "New Year's Day", Lft + ", fr. I");
        yield return new(mondays ? NthWeekday(year, 2, DayOfWeek.Monday, 1) : new DateOnly(year, 2, 5), "Día de la Constitución", "Constitution Day", Lft + ", fr. II");
        yield return new(mondays ? NthWeekday(year, 3, DayOfWeek.Monday, 3) : new DateOnly(year, 3, 21), "Natalicio de Benito Juárez", "Benito Juárez's Birthday", Lft + ", fr. III");
        yield return new(new DateOnly(year, 5, 1), "Día del Trabajo", "Labour Day", Lft + ", fr. IV");
        yield return new(new DateOnly(year, 9, 16), "Día de la Independencia", "Independence Day", Lft + ", fr. V");
        yield return new(mondays ? NthWeekday(year, 11, DayOfWeek.Monday, 3) : new DateOnly(year, 11, 20), "Día de la Revolución", "Revolution Day", Lft + ", fr. VI");
        if (year >= 2024 && (year - 2024) % 6 == 0)
        {
            yield return new(new DateOnly(year, 10, 1), "Transmisión del Poder Ejecutivo Federal", "Presidential Inauguration", Lft + ", fr. VII");
        }
        else if (year < 2024 && year >= 1934 && (year - 1934) % 6 == 0)
        {
            yield return new(new DateOnly(year, 12, 1), "Transmisión del Poder Ejecutivo Federal", "Presidential Inauguration", Lft + ", fr. VII (texto anterior a 2024)");
        }

        yield return new(new DateOnly(year, 12, 25), "Navidad", "Christmas Day", Lft + ", fr. VIII");
    }
}
