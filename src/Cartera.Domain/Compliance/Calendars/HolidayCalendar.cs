using System.Collections.Concurrent;
using Cartera.Domain.Common;

namespace Cartera.Domain.Compliance.Calendars;

/// <summary>
/// Base for computed calendars: a subclass lists one year's holidays in <see cref="Compute"/>; this class caches the
/// result per year (a sorted list plus a day-of-year table, so <see cref="IsHoliday"/> is a lookup) and offers the
/// date helpers the laws are written in ("third Monday of March", "moved to the following Monday"). Thread-safe.
/// </summary>
public abstract class HolidayCalendar : IHolidayCalendar
{
    public const int MinYear = 1583;
    public const int MaxYear = 9998;

    private readonly ConcurrentDictionary<int, YearTable> _years = new();
    private YearTable? _last;

    public abstract string Country { get; }

    public IReadOnlyList<Holiday> For(int year) => Table(year).Holidays;

    public bool IsHoliday(DateOnly day) => Table(day.Year).Days[day.DayOfYear];

    /// <summary>The holidays whose observed <see cref="Holiday.Date"/> falls in <paramref name="year"/>, in any order.</summary>
    protected abstract IEnumerable<Holiday> Compute(int year);

    internal static void EnsureYear(int year)
    {
        if (year is < MinYear or > MaxYear)
        {
            throw new DomainException("year_out_of_range", $"Year {year} is outside {MinYear}–{MaxYear}.", "year");
        }
    }

    /// <summary>The <paramref name="n"/>-th (1-based) <paramref name="day"/> of a month.</summary>
    protected static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var delta = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(delta + (7 * (n - 1)));
    }

    /// <summary>The last <paramref name="day"/> of a month.</summary>
    protected static DateOnly LastWeekday(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var delta = ((int)last.DayOfWeek - (int)day + 7) % 7;
        return last.AddDays(-delta);
    }

    /// <summary>The date itself when it is a Monday, otherwise the following Monday.</summary>
    protected static DateOnly MondayOnOrAfter(DateOnly date) => date.AddDays(((int)DayOfWeek.Monday - (int)date.DayOfWeek + 7) % 7);

    private YearTable Table(int year)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Year == year)
        {
            return last;
        }

        EnsureYear(year);
        var table = _years.GetOrAdd(year, y => Build(y));
        Volatile.Write(ref _last, table);
        return table;
    }

    private YearTable Build(int year)
    {
        var list = Compute(year).Where(h => h.Date.Year == year).OrderBy(h => h.Date).ThenBy(h => h.NameEn, StringComparer.Ordinal).ToList();
        var days = new bool[367];
        foreach (var h in list)
        {
            days[h.Date.DayOfYear] = true;
        }

        return new YearTable(year, list.AsReadOnly(), days);
    }

    private sealed record YearTable(int Year, IReadOnlyList<Holiday> Holidays, bool[] Days);
}
