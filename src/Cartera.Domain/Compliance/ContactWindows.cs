using Cartera.Domain.Common;

namespace Cartera.Domain.Compliance;

/// <summary>
/// A half-open local wall-clock interval [<see cref="Start"/>, <see cref="End"/>) within one day, to the second:
/// [07:00, 19:00) admits 18:59:59 and refuses 19:00:00. <see cref="End"/> may be 24:00 (end of the day).
/// </summary>
public readonly record struct TimeWindow
{
    public TimeWindow(TimeSpan start, TimeSpan end)
    {
        if (start < TimeSpan.Zero || end > TimeSpan.FromDays(1) || start >= end)
        {
            throw new DomainException("invalid_window", $"A contact window needs 00:00 <= start < end <= 24:00 (got {start:c}–{end:c}).", "window");
        }

        Start = start;
        End = end;
    }

    public TimeSpan Start { get; }

    public TimeSpan End { get; }

    /// <summary>Whole hours, for example <c>TimeWindow.Hours(7, 19)</c> is [07:00, 19:00).</summary>
    public static TimeWindow Hours(int startHour, int endHour) => new(TimeSpan.FromHours(startHour), TimeSpan.FromHours(endHour));

    public bool Contains(TimeSpan timeOfDay) => timeOfDay >= Start && timeOfDay < End;

    public override string ToString() => $"[{Start:hh\\:mm}, {(End == TimeSpan.FromDays(1) ? "24:00" : End.ToString("hh\\:mm", System.Globalization.CultureInfo.InvariantCulture))})";
}

/// <summary>
/// Contact windows per local weekday. A weekday without windows admits no contact (reason <c>hours</c>, unless a day
/// rule such as <c>sunday</c> applies first). Immutable; build with <see cref="Empty"/> and <c>With</c>.
/// </summary>
public sealed class WeeklyWindows
{
    private static readonly TimeWindow[] None = [];
    private readonly TimeWindow[][] _days;

    private WeeklyWindows(TimeWindow[][] days) => _days = days;

    public static WeeklyWindows Empty { get; } = new([None, None, None, None, None, None, None]);

    /// <summary>The same windows every day of the week.</summary>
    public static WeeklyWindows EveryDay(params TimeWindow[] windows) => Empty.With(Enum.GetValues<DayOfWeek>(), windows);

    /// <summary>A copy with <paramref name="windows"/> (sorted, non-overlapping) on each of <paramref name="days"/>.</summary>
    /// <exception cref="DomainException"><c>invalid_window</c> when windows overlap.</exception>
    public WeeklyWindows With(IEnumerable<DayOfWeek> days, params TimeWindow[] windows)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(windows);
        var sorted = windows.OrderBy(w => w.Start).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Start < sorted[i - 1].End)
            {
                throw new DomainException("invalid_window", "Contact windows of one day must not overlap.", "window");
            }
        }

        var copy = (TimeWindow[][])_days.Clone();
        foreach (var d in days)
        {
            copy[(int)d] = sorted;
        }

        return new WeeklyWindows(copy);
    }

    public WeeklyWindows With(DayOfWeek day, params TimeWindow[] windows) => With([day], windows);

    public IReadOnlyList<TimeWindow> For(DayOfWeek day) => _days[(int)day];

    public bool HasAny
    {
        get
        {
            foreach (var d in _days)
            {
                if (d.Length > 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public bool Contains(DayOfWeek day, TimeSpan timeOfDay)
    {
        foreach (var w in _days[(int)day])
        {
            if (w.Contains(timeOfDay))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The earliest time of day ≥ <paramref name="timeOfDay"/> inside a window of <paramref name="day"/>, if any.</summary>
    public TimeSpan? FirstOpenAtOrAfter(DayOfWeek day, TimeSpan timeOfDay)
    {
        foreach (var w in _days[(int)day])
        {
            if (timeOfDay < w.Start)
            {
                return w.Start;
            }

            if (timeOfDay < w.End)
            {
                return timeOfDay;
            }
        }

        return null;
    }

    public override string ToString() =>
        string.Join("; ", Enum.GetValues<DayOfWeek>().Where(d => _days[(int)d].Length > 0).Select(d => $"{d}: {string.Join(" ", _days[(int)d])}"));
}
