namespace Cartera.Domain.Compliance.Calendars;

/// <summary>
/// US federal holidays, 5 U.S.C. 6103(a), with the observed-day rule of 6103(b) and Executive Order 11582: a holiday on
/// a Saturday is observed the Friday before, on a Sunday the Monday after. So New Year's Day on a Saturday is observed
/// on Dec 31 of the previous year, and is listed in that year. Juneteenth from 2021; Martin Luther King Jr. Day from
/// 1986; the Monday rules from 1971 (Veterans Day on the fourth Monday of October 1971–1977). Inauguration Day (DC area
/// only) is not included.
/// </summary>
public sealed class UnitedStatesFederalHolidays : HolidayCalendar
{
    private const string Usc = "5 U.S.C. 6103(a)";

    public static UnitedStatesFederalHolidays Instance { get; } = new();

    public override string Country => "US";

    protected override IEnumerable<Holiday> Compute(int year)
    {
        foreach (var h in Nominal(year))
        {
            yield return Observed(h);
        }

        if (year < HolidayCalendar.MaxYear)
        {
            // New Year's Day of the next year may be observed on Dec 31 of this one.
            yield return Observed(new(new DateOnly(year + 1, 1, 1), "Año Nuevo", "New Year's Day", Usc));
        }
    }

    private static IEnumerable<Holiday> Nominal(int year)
    {
        var modern = year >= 1971;
        yield return new(new DateOnly(year, 1, 1), "Año Nuevo", "New Year's Day", Usc);
        if (year >= 1986)
        {
            yield return new(NthWeekday(year, 1, DayOfWeek.Monday, 3), "Día de Martin Luther King Jr.", "Birthday of Martin Luther King, Jr.", Usc);
        }

        yield return new(modern ? NthWeekday(year, 2, DayOfWeek.Monday, 3) : new DateOnly(year, 2, 22), "Natalicio de Washington", "Washington's Birthday", Usc);
        yield return new(modern ? LastWeekday(year, 5, DayOfWeek.Monday) : new DateOnly(year, 5, 30), "Día de los Caídos", "Memorial Day", Usc);
        if (year >= 2021)
        {
            yield return new(new DateOnly(year, 6, 19), "Día de la Independencia Nacional de Juneteenth", "Juneteenth National Independence Day", Usc);
        }

        yield return new(new DateOnly(year, 7, 4), "Día de la Independencia", "Independence Day", Usc);
        yield return new(NthWeekday(year, 9, DayOfWeek.Monday, 1), "Día del Trabajo", "Labor Day", Usc);
        yield return new(modern ? NthWeekday(year, 10, DayOfWeek.Monday, 2) : new DateOnly(year, 10, 12), "Día de la Hispanidad (Columbus Day)", "Columbus Day", Usc);
        yield return new(year is >= 1971 and <= 1977 ? NthWeekday(year, 10, DayOfWeek.Monday, 4) : new DateOnly(year, 11, 11), "Día de los Veteranos", "Veterans Day", Usc);
        yield return new(NthWeekday(year, 11, DayOfWeek.Thursday, 4), "Día de Acción de Gracias", "Thanksgiving Day", Usc);
        yield return new(new DateOnly(year, 12, 25), "Navidad", "Christmas Day", Usc);
    }

    private static Holiday Observed(Holiday h) => h.Date.DayOfWeek switch
    {
        DayOfWeek.Saturday => h with { Date = h.Date.AddDays(-1), ActualDate = h.Date, LegalBasis = "5 U.S.C. 6103(b); E.O. 11582 (observado el viernes)" },
        DayOfWeek.Sunday => h with { Date = h.Date.AddDays(1), ActualDate = h.Date, LegalBasis = "5 U.S.C. 6103(b) (observado el lunes)" },
        _ => h,
    };
}
