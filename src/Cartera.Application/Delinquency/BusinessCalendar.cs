using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>
/// Which business date is current. The current date is the open date, or the day after the last closed date; before
/// any close it is the lender's calendar date today (the clock's UTC date shifted to <see cref="LenderTimeZone"/>).
/// Ledger lines booked now carry the current date as their business date.
/// </summary>
public sealed class BusinessCalendar(CarteraDbContext db)
{
    /// <summary>The lender's time zone for "today" before the first close (configurable later per tenant).</summary>
    public const string LenderTimeZone = "America/Bogota";

    public async Task<DateOnly?> LastClosedAsync(CancellationToken ct = default) =>
        await db.BusinessDays.AsNoTracking().Where(d => d.Status == BusinessDayStatus.Closed)
            .OrderByDescending(d => d.Date).Select(d => (DateOnly?)d.Date).FirstOrDefaultAsync(ct);

    public async Task<DateOnly> CurrentAsync(CancellationToken ct = default)
    {
        var open = await db.BusinessDays.AsNoTracking().Where(d => d.Status == BusinessDayStatus.Open)
            .OrderBy(d => d.Date).Select(d => (DateOnly?)d.Date).FirstOrDefaultAsync(ct);
        if (open is { } o)
        {
            return o;
        }

        if (await LastClosedAsync(ct) is { } closed)
        {
            return closed.AddDays(1);
        }

        return LenderToday(db.Clock);
    }

    /// <summary>The lender's calendar date now (the clock's instant in <see cref="LenderTimeZone"/>).</summary>
    public static DateOnly LenderToday(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(LenderTimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
    }
}
