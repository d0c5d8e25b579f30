namespace Cartera.Domain.Compliance.Calendars;

/// <summary>A country's public holidays, computed (never typed) for any supported year.</summary>
public interface IHolidayCalendar
{
    /// <summary>ISO 3166-1 alpha-2 code of the country.</summary>
    string Country { get; }

    /// <summary>The holidays observed in <paramref name="year"/>, in date order.</summary>
    /// <exception cref="Common.DomainException"><c>year_out_of_range</c> outside 1583–9998.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "C# only; 'For(year)' reads as the domain says it.")]
    IReadOnlyList<Holiday> For(int year);

    /// <summary>Whether <paramref name="day"/> is an observed holiday.</summary>
    bool IsHoliday(DateOnly day);
}
