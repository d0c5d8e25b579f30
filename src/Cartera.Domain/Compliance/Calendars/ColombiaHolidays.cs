namespace Cartera.Domain.Compliance.Calendars;

/// <summary>
/// Colombian public holidays (festivos): the fixed ones of Ley 51 de 1983 art. 1, the ones that law moves to the
/// following Monday when they do not fall on one ("ley Emiliani"), and the Easter-based religious ones (Holy Thursday
/// and Good Friday in place; Ascension, Corpus Christi and Sacred Heart on the Monday after). 18 days a year.
/// </summary>
public sealed class ColombiaHolidays : HolidayCalendar
{
    private const string Ley51 = "Ley 51 de 1983, art. 1";
    private const string Ley51Moved = "Ley 51 de 1983, art. 1 (trasladado al lunes)";
    private const string Ley51Easter = "Ley 51 de 1983, art. 1; fecha según la Pascua";

    public static ColombiaHolidays Instance { get; } = new();

    public override string Country => "CO";

    protected override IEnumerable<Holiday> Compute(int year)
    {
        var easter = Easter.Sunday(year);
        yield return new(new DateOnly(year, 1, 1), "Año Nuevo", "New Year's Day", Ley51);
        yield return Moved(new DateOnly(year, 1, 6), "Día de los Reyes Magos", "Epiphany");
        yield return Moved(new DateOnly(year, 3, 19), "Día de San José", "Saint Joseph's Day");
        yield return new(easter.AddDays(-3), "Jueves Santo", "Holy Thursday", Ley51Easter);
        yield return new(easter.AddDays(-2), "Viernes Santo", "Good Friday", Ley51Easter);
        yield return new(new DateOnly(year, 5, 1), "Día del Trabajo", "Labour Day", Ley51);
        yield return new(easter.AddDays(43), "Ascensión del Señor", "Ascension Day", Ley51Easter + " (lunes)");
        yield return new(easter.AddDays(64), "Corpus Christi", "Corpus Christi", Ley51Easter + " (lunes)");
        yield return new(easter.AddDays(71), "Sagrado Corazón de Jesús", "Sacred Heart", Ley51Easter + " (lunes)");
        yield return Moved(new DateOnly(year, 6, 29), "San Pedro y San Pablo", "Saints Peter and Paul");
        yield return new(new DateOnly(year, 7, 20), "Día de la Independencia", "Independence Day", Ley51);
        yield return new(new DateOnly(year, 8, 7), "Batalla de Boyacá", "Battle of Boyacá", Ley51);
        yield return Moved(new DateOnly(year, 8, 15), "La Asunción de la Virgen", "Assumption Day");
        yield return Moved(new DateOnly(year, 10, 12), "Día de la Raza", "Columbus Day");
        yield return Moved(new DateOnly(year, 11, 1), "Día de Todos los Santos", "All Saints' Day");
        yield return Moved(new DateOnly(year, 11, 11), "Independencia de Cartagena", "Independence of Cartagena");
        yield return new(new DateOnly(year, 12, 8), "Día de la Inmaculada Concepción", "Immaculate Conception", Ley51);
        yield return new(new DateOnly(year, 12, 25), "Día de Navidad", "Christmas Day", Ley51);
    }

    private static Holiday Moved(DateOnly nominal, string es, string en)
    {
        var observed = MondayOnOrAfter(nominal);
        return new(observed, es, en, Ley51Moved, observed == nominal ? null : nominal);
    }
}
