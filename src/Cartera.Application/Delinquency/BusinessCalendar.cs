using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>
/// Which business date is current. The current date is the open date, or the day after the last closed date; before
/// any close it is the lender's calendar date today: the clock's instant in its local zone, which the hosts set to the
/// lender's (<see cref="LenderClock"/>, configuration <c>Lender:TimeZone</c>).
/// Ledger lines booked now carry the current date as their business date.
/// </summary>
public sealed class BusinessCalendar(CarteraDbContext db)
{
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

    /// <summary>The lender's calendar date now: the clock's instant in its local zone (<see cref="LenderClock"/>).</summary>
    public static DateOnly LenderToday(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), clock.LocalTimeZone).DateTime);
    }
}
