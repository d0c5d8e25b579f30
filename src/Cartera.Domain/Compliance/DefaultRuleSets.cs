using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Compliance;

/// <summary>
/// The rule sets Cartera ships (RULES §7, "readings we adopt"). Values marked <see cref="RuleSource.Verify"/> are our
/// best reading and must be confirmed by the lender before production. Administrators replace them with new versions.
/// </summary>
public static class DefaultRuleSets
{
    private static readonly DayOfWeek[] MondayToFriday = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public static ComplianceRuleSet Colombia { get; } = new ComplianceRuleSet
    {
        Id = "co-ley-2300",
        Version = 1,
        Jurisdiction = "CO",
        ValidFrom = new DateOnly(2023, 7, 10),
        Hours = new(
            WeeklyWindows.Empty.With(MondayToFriday, TimeWindow.Hours(7, 19)).With(DayOfWeek.Saturday, TimeWindow.Hours(8, 15)),
            new("Ley 2300 de 2023, art. 3", Note: "Lunes a viernes [07:00, 19:00), sábados [08:00, 15:00); ventanas semiabiertas al segundo.")),
        Sundays = new(new("Ley 2300 de 2023, art. 3")),
        Holidays = new("CO", new("Ley 2300 de 2023, art. 3; festivos de la Ley 51 de 1983")),
        DailyLimit = new(1, CountUnanswered: true, new("Ley 2300 de 2023, art. 3", Note: "Todo intento cuenta como contacto, contestado o no (configurable).")),
        WeeklyChannel = new(CountUnanswered: true, new("Ley 2300 de 2023, art. 3", Verify: true, Note: "Semana calendario lunes–domingo; el primer canal usado en la semana es el único permitido el resto de ella.")),
        Consent = new(ChannelSet.All, new("Ley 2300 de 2023, art. 3", Note: "Solo los canales autorizados por el deudor.")),
        ThirdPartyBan = new(new("Ley 2300 de 2023, art. 3", Note: "No contactar referencias personales.")),
    };

    public static ComplianceRuleSet Mexico { get; } = new ComplianceRuleSet
    {
        Id = "mx-condusef",
        Version = 1,
        Jurisdiction = "MX",
        ValidFrom = new DateOnly(2020, 1, 1),
        Hours = new(
            WeeklyWindows.EveryDay(TimeWindow.Hours(7, 22)),
            new("CONDUSEF, disposiciones para despachos de cobranza", Verify: true, Note: "[07:00, 22:00) hora local del deudor, todos los días.")),
        Consent = new(ChannelSet.All, new("CONDUSEF, disposiciones para despachos de cobranza", Verify: true, Note: "Solo canales autorizados por el deudor.")),
        ThirdPartyBan = new(new("CONDUSEF, disposiciones para despachos de cobranza", Verify: true, Note: "Terceros y referencias no; obligados solidarios y avales sí.")),
    };

    public static ComplianceRuleSet UnitedStates { get; } = new ComplianceRuleSet
    {
        Id = "us-reg-f",
        Version = 1,
        Jurisdiction = "US",
        ValidFrom = new DateOnly(2021, 11, 30),
        Hours = new(
            WeeklyWindows.EveryDay(TimeWindow.Hours(8, 21)),
            new("12 CFR 1006.6(b)(1)(i)", Note: "Not before 08:00 or at/after 21:00 local: [08:00, 21:00).")),
        RollingLimit = new(7, 7, ChannelSet.Of(ConsentChannel.Calls), new("12 CFR 1006.14(b)(2)(i)(A)", Note: "More than 7 call attempts within 7 local calendar days: the 8th is blocked.")),
        AfterConversation = new(7, ChannelSet.Of(ConsentChannel.Calls), new("12 CFR 1006.14(b)(2)(i)(B)", Note: "No call within 7 days after a telephone conversation; the conversation's day is day 1.")),
        ThirdPartyBan = new(new("12 CFR 1006.6(d)", Verify: true, Note: "Location communications with third parties are out of scope of automated contact.")),
    };

    public static ComplianceRuleSet Spain { get; } = new ComplianceRuleSet
    {
        Id = "es-default",
        Version = 1,
        Jurisdiction = "ES",
        ValidFrom = new DateOnly(2020, 1, 1),
        Hours = new(
            WeeklyWindows.Empty.With(MondayToFriday, TimeWindow.Hours(9, 21)),
            new("Configuración por defecto (RULES §7)", Verify: true, Note: "Lunes a viernes [09:00, 21:00).")),
        Sundays = new(new("Configuración por defecto (RULES §7)", Verify: true)),
        Holidays = new("ES", new("Configuración por defecto; fiestas nacionales (ET art. 37.2)", Verify: true, Note: "Las fiestas autonómicas y locales se configurarán más adelante.")),
        ThirdPartyBan = new(new("LOPDGDD (Ley Orgánica 3/2018); no revelar la deuda a terceros", Verify: true)),
    };

    public static IReadOnlyList<ComplianceRuleSet> All { get; } = [Colombia, Mexico, UnitedStates, Spain];
}
