namespace Cartera.Domain.Compliance.Calendars;

/// <summary>
/// Spanish national holidays (fiestas laborales de ámbito nacional), Estatuto de los Trabajadores art. 37.2 and
/// Real Decreto 2001/1983 art. 45: Jan 1, Jan 6, Good Friday, May 1, Aug 15, Oct 12, Nov 1, Dec 6, Dec 8, Dec 25.
/// Autonomous communities may replace some of them, move those falling on a Sunday to the Monday, and add regional
/// and local days (Holy Thursday, Easter Monday, patron saints): those are regional configuration, not part of this
/// calendar.
/// </summary>
public sealed class SpainNationalHolidays : HolidayCalendar
{
    private const string Basis = "Estatuto de los Trabajadores, art. 37.2; Real Decreto 2001/1983, art. 45";

    public static SpainNationalHolidays Instance { get; } = new();

    public override string Country => "ES";

    protected override IEnumerable<Holiday> Compute(int year)
    {
        var easter = Easter.Sunday(year);
        yield return new(new DateOnly(year, 1, 1), "Año Nuevo", "New Year's Day", Basis);
        yield return new(new DateOnly(year, 1, 6), "Epifanía del Señor", "Epiphany", Basis);
        yield return new(easter.AddDays(-2), "Viernes Santo", "Good Friday", Basis);
        yield return new(new DateOnly(year, 5, 1), "Fiesta del Trabajo", "Labour Day", Basis);
        yield return new(new DateOnly(year, 8, 15), "Asunción de la Virgen", "Assumption Day", Basis);
        yield return new(new DateOnly(year, 10, 12), "Fiesta Nacional de España", "National Day of Spain", Basis);
        yield return new(new DateOnly(year, 11, 1), "Todos los Santos", "All Saints' Day", Basis);
        yield return new(new DateOnly(year, 12, 6), "Día de la Constitución Española", "Constitution Day", Basis);
        yield return new(new DateOnly(year, 12, 8), "Inmaculada Concepción", "Immaculate Conception", Basis);
        yield return new(new DateOnly(year, 12, 25), "Natividad del Señor", "Christmas Day", Basis);
    }
}
