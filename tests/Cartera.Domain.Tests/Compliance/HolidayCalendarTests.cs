using Cartera.Domain.Common;
using Cartera.Domain.Compliance.Calendars;

namespace Cartera.Domain.Tests.Compliance;

public class HolidayCalendarTests
{
    private static string[] Dates(IHolidayCalendar calendar, int year) => calendar.For(year).Select(h => h.Date.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Colombia_2026_has_exactly_the_18_days_of_RULES_7()
    {
        Dates(ColombiaHolidays.Instance, 2026).ShouldBe(
        [
            "01-01", "01-12", "03-23", "04-02", "04-03", "05-01", "05-18", "06-08", "06-15",
            "06-29", "07-20", "08-07", "08-17", "10-12", "11-02", "11-16", "12-08", "12-25",
        ]);
    }

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2038, "2038-04-25")]
    [InlineData(2285, "2285-03-22")]
    [InlineData(2000, "2000-04-23")]
    public void Easter_by_the_anonymous_gregorian_algorithm(int year, string expected) =>
        Easter.Sunday(year).ShouldBe(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Colombia_every_year_has_18_days_and_moved_ones_fall_on_monday()
    {
        for (var year = 1984; year <= 2100; year++)
        {
            var list = ColombiaHolidays.Instance.For(year);
            list.Count.ShouldBeLessThanOrEqualTo(18, $"year {year}");
            foreach (var h in list.Where(h => h.ActualDate is not null))
            {
                h.Date.DayOfWeek.ShouldBe(DayOfWeek.Monday);
            }
        }
    }

    [Fact]
    public void Colombia_2027_moves_San_Jose_to_monday_march_22()
    {
        var calendar = ColombiaHolidays.Instance;
        calendar.IsHoliday(new DateOnly(2027, 3, 22)).ShouldBeTrue();
        calendar.IsHoliday(new DateOnly(2027, 3, 19)).ShouldBeFalse();
        calendar.For(2027).Single(h => h.Date == new DateOnly(2027, 3, 22)).ActualDate.ShouldBe(new DateOnly(2027, 3, 19));
    }

    [Fact]
    public void Every_holiday_has_names_and_legal_basis()
    {
        foreach (var country in HolidayCalendars.Countries)
        {
            foreach (var h in HolidayCalendars.For(country).For(2026))
            {
                h.NameEs.ShouldNotBeNullOrWhiteSpace();
                h.NameEn.ShouldNotBeNullOrWhiteSpace();
                h.LegalBasis.ShouldNotBeNullOrWhiteSpace();
            }
        }
    }

    [Fact]
    public void Mexico_2026_rest_days_of_LFT_art_74() =>
        Dates(MexicoRestDays.Instance, 2026).ShouldBe(["01-01", "02-02", "03-16", "05-01", "09-16", "11-16", "12-25"]);

    [Theory]
    [InlineData(2024, true)]
    [InlineData(2030, true)]
    [InlineData(2026, false)]
    public void Mexico_presidential_transmission_on_october_1_every_six_years_from_2024(int year, bool expected) =>
        MexicoRestDays.Instance.IsHoliday(new DateOnly(year, 10, 1)).ShouldBe(expected);

    [Fact]
    public void Mexico_2018_transmission_was_december_1() => MexicoRestDays.Instance.IsHoliday(new DateOnly(2018, 12, 1)).ShouldBeTrue();

    [Fact]
    public void United_States_2026_federal_holidays_with_observed_days() =>
        Dates(UnitedStatesFederalHolidays.Instance, 2026).ShouldBe(
            ["01-01", "01-19", "02-16", "05-25", "06-19", "07-03", "09-07", "10-12", "11-11", "11-26", "12-25"]);

    [Fact]
    public void United_States_new_year_on_saturday_is_observed_on_december_31_of_the_year_before()
    {
        // 2022-01-01 was a Saturday.
        var calendar = UnitedStatesFederalHolidays.Instance;
        calendar.IsHoliday(new DateOnly(2021, 12, 31)).ShouldBeTrue();
        calendar.For(2022).ShouldNotContain(h => h.NameEn == "New Year's Day");
        calendar.For(2021).Count(h => h.NameEn == "New Year's Day").ShouldBe(2);
    }

    [Theory]
    [InlineData("2020-06-19", false)]
    [InlineData("2021-06-18", true)]
    [InlineData("2027-06-18", true)]
    [InlineData("2027-07-05", true)]
    public void United_States_juneteenth_from_2021_and_sunday_to_monday(string date, bool expected) =>
        UnitedStatesFederalHolidays.Instance.IsHoliday(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);

    [Fact]
    public void Spain_2026_national_holidays() =>
        Dates(SpainNationalHolidays.Instance, 2026).ShouldBe(["01-01", "01-06", "04-03", "05-01", "08-15", "10-12", "11-01", "12-06", "12-08", "12-25"]);

    [Fact]
    public void Unknown_country_and_year_out_of_range_are_domain_errors()
    {
        Should.Throw<DomainException>(() => HolidayCalendars.For("BR")).Code.ShouldBe("unknown_calendar");
        Should.Throw<DomainException>(() => ColombiaHolidays.Instance.For(1200)).Code.ShouldBe("year_out_of_range");
    }

    [Fact]
    public void Lists_are_cached_per_year() => ColombiaHolidays.Instance.For(2030).ShouldBeSameAs(ColombiaHolidays.Instance.For(2030));
}
