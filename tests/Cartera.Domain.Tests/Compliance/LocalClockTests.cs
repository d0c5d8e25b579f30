using Cartera.Domain.Compliance;

namespace Cartera.Domain.Tests.Compliance;

public class LocalClockTests
{
    [Theory]
    [InlineData("America/Bogota")]
    [InlineData("America/New_York")]
    [InlineData("America/Tijuana")]
    [InlineData("America/Mexico_City")]
    [InlineData("Europe/Madrid")]
    [InlineData("Australia/Lord_Howe")]
    public void The_memoized_zone_table_agrees_with_TimeZoneInfo_every_quarter_hour_and_every_midnight(string ianaId)
    {
        var table = LocalClock.Table(ianaId);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(ianaId);
        for (var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero); t.Year < 2029; t = t.AddMinutes(15))
        {
            table.ToLocal(t).ShouldBe(TimeZoneInfo.ConvertTime(t, zone).DateTime);
        }

        for (var d = new DateOnly(2026, 1, 1); d.Year < 2029; d = d.AddDays(1))
        {
            var start = new DateTimeOffset(table.StartOfDayTicks(d), TimeSpan.Zero);
            TimeZoneInfo.ConvertTime(start, zone).DateTime.ShouldBeGreaterThanOrEqualTo(d.ToDateTime(TimeOnly.MinValue));
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start.AddTicks(-1), zone).DateTime).ShouldBeLessThan(d);
        }
    }

    [Fact]
    public void Years_outside_the_memo_are_computed_directly()
    {
        var table = LocalClock.Table("America/New_York");
        var t = new DateTimeOffset(2200, 7, 1, 12, 0, 0, TimeSpan.Zero);
        table.ToLocal(t).ShouldBe(new DateTime(2200, 7, 1, 8, 0, 0));
    }
}
