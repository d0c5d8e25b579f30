namespace Cartera.Domain.Compliance.Calendars;

/// <summary>
/// One day off in a country's calendar. <see cref="Date"/> is the day people do not work (the observed day);
/// <see cref="ActualDate"/> is set only when the law moves the holiday away from its nominal date (US observed-day
/// rule), so both can be shown. Names are given in Spanish and English; <see cref="LegalBasis"/> cites the norm.
/// </summary>
public sealed record Holiday(DateOnly Date, string NameEs, string NameEn, string LegalBasis, DateOnly? ActualDate = null);
