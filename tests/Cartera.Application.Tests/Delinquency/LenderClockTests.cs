using Cartera.Application.Delinquency;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Delinquency;

/// <summary>The lender's time zone is configuration: the business calendar's "today" follows it, not the server's zone.</summary>
public sealed class LenderClockTests
{
    [Fact]
    public void The_lenders_today_follows_the_configured_zone_and_an_unknown_zone_is_refused()
    {
        // 03:30 UTC on 2026-03-11: still the 10th in Bogotá and Mexico City, already the 11th in Madrid.
        var utc = new FakeTimeProvider(new DateTimeOffset(2026, 3, 11, 3, 30, 0, TimeSpan.Zero));
        BusinessCalendar.LenderToday(LenderClock.From(utc, "America/Bogota")).ShouldBe(new DateOnly(2026, 3, 10));
        BusinessCalendar.LenderToday(LenderClock.From(utc, "America/Mexico_City")).ShouldBe(new DateOnly(2026, 3, 10));
        BusinessCalendar.LenderToday(LenderClock.From(utc, "Europe/Madrid")).ShouldBe(new DateOnly(2026, 3, 11));

        // The wrapped clock keeps the inner one's instants; no zone configured leaves the clock as it is.
        var lender = LenderClock.From(utc, "America/Bogota");
        utc.Advance(TimeSpan.FromHours(2));
        BusinessCalendar.LenderToday(lender).ShouldBe(new DateOnly(2026, 3, 11));
        LenderClock.From(utc, null).ShouldBeSameAs(utc);
        Should.Throw<InvalidOperationException>(() => LenderClock.From(utc, "Mars/Olympus_Mons")).Message.ShouldContain("Lender:TimeZone");
    }
}
