using System.Globalization;
using System.Text;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;

namespace Cartera.Application.Compliance;

/// <summary>
/// The text form of weekly contact windows, used in stored rule sets, agreed hours, the API and the admin forms:
/// <c>;</c>-separated groups of <c>days window…</c>, days as <c>mon</c>…<c>sun</c>, ranges (<c>mon-fri</c>) or lists
/// (<c>mon,wed</c>), windows as half-open <c>HH:mm-HH:mm</c> (end may be <c>24:00</c>). Example:
/// <c>mon-fri 07:00-19:00; sat 08:00-15:00</c>. A day not named has no window.
/// </summary>
public static class WindowsText
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    // Monday first, as people read a week.
    private static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <exception cref="DomainException"><c>invalid_window</c> naming <paramref name="field"/>.</exception>
    public static WeeklyWindows Parse(string? text, string field = "windows")
    {
        var windows = WeeklyWindows.Empty;
        var seen = new HashSet<DayOfWeek>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return windows;
        }

        foreach (var group in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tokens = group.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < 2)
            {
                throw Invalid($"'{group}' needs days and at least one window (mon-fri 07:00-19:00).", field);
            }

            var days = Days(tokens[0], field);
            foreach (var day in days)
            {
                if (!seen.Add(day))
                {
                    throw Invalid($"{DayNames[(int)day]} appears twice.", field);
                }
            }

            var parsed = tokens.Skip(1).Select(t => Window(t, field)).ToArray();
            try
            {
                windows = windows.With(days, parsed);
            }
            catch (DomainException e)
            {
                throw Invalid(e.Message, field);
            }
        }

        return windows;
    }

    /// <summary>The canonical text: consecutive days with the same windows grouped (<c>mon-fri 07:00-19:00; sat 08:00-15:00</c>).</summary>
    public static string Format(WeeklyWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var sb = new StringBuilder();
        var i = 0;
        while (i < Week.Length)
        {
            var current = Key(windows, Week[i]);
            var j = i;
            while (j + 1 < Week.Length && Key(windows, Week[j + 1]) == current)
            {
                j++;
            }

            if (current.Length > 0)
            {
                if (sb.Length > 0)
                {
                    sb.Append("; ");
                }

                sb.Append(DayNames[(int)Week[i]]);
                if (j > i)
                {
                    sb.Append('-').Append(DayNames[(int)Week[j]]);
                }

                sb.Append(' ').Append(current);
            }

            i = j + 1;
        }

        return sb.ToString();
    }

    private static string Key(WeeklyWindows windows, DayOfWeek day) =>
        string.Join(' ', windows.For(day).Select(w => $"{Time(w.Start)}-{Time(w.End)}"));

    private static string Time(TimeSpan t) =>
        t == TimeSpan.FromDays(1) ? "24:00"
        : t.Seconds != 0 ? t.ToString("hh\\:mm\\:ss", CultureInfo.InvariantCulture)
        : t.ToString("hh\\:mm", CultureInfo.InvariantCulture);

    private static DayOfWeek[] Days(string spec, string field)
    {
        var days = new List<DayOfWeek>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split('-');
            if (range.Length == 1)
            {
                days.Add(Day(range[0], field));
            }
            else if (range.Length == 2)
            {
                var from = Array.IndexOf(Week, Day(range[0], field));
                var to = Array.IndexOf(Week, Day(range[1], field));
                if (to < from)
                {
                    throw Invalid($"'{part}': a day range runs Monday to Sunday.", field);
                }

                days.AddRange(Week[from..(to + 1)]);
            }
            else
            {
                throw Invalid($"'{part}' is not a day or a day range.", field);
            }
        }

        return days.ToArray();
    }

    private static DayOfWeek Day(string name, string field)
    {
        var index = Array.FindIndex(DayNames, d => d.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
        return index < 0 ? throw Invalid($"'{name}' is not a day (mon, tue, wed, thu, fri, sat, sun).", field) : (DayOfWeek)index;
    }

    private static TimeWindow Window(string token, string field)
    {
        var parts = token.Split('-');
        if (parts.Length != 2 || !TryTime(parts[0], out var start) || !TryTime(parts[1], out var end))
        {
            throw Invalid($"'{token}' is not a window HH:mm-HH:mm.", field);
        }

        try
        {
            return new TimeWindow(start, end);
        }
        catch (DomainException e)
        {
            throw Invalid(e.Message, field);
        }
    }

    private static bool TryTime(string text, out TimeSpan time)
    {
        if (text.Trim() == "24:00")
        {
            time = TimeSpan.FromDays(1);
            return true;
        }

        return TimeSpan.TryParseExact(text.Trim(), ["hh\\:mm", "hh\\:mm\\:ss"], CultureInfo.InvariantCulture, out time) && time < TimeSpan.FromDays(1);
    }

    private static DomainException Invalid(string message, string field) => new("invalid_window", message, field);
}
