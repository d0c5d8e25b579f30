using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Tests.Domain.Portfolio;

public sealed class JurisdictionsTests
{
    [Theory]
    [InlineData("CO", null, "America/Bogota")]
    [InlineData("MX", null, "America/Mexico_City")]
    [InlineData("MX", "BC", "America/Tijuana")]
    [InlineData("MX", "BCN", "America/Tijuana")]
    [InlineData("mx", " Baja California ", "America/Tijuana")]
    [InlineData("MX", "SON", "America/Hermosillo")]
    [InlineData("MX", "ROO", "America/Cancun")]
    [InlineData("MX", "JAL", "America/Mexico_City")]
    [InlineData("US", null, "America/New_York")]
    [InlineData("US", "CA", "America/Los_Angeles")]
    [InlineData("US", "AZ", "America/Phoenix")]
    [InlineData("US", "TN", "America/Chicago")]
    [InlineData("US", "HI", "Pacific/Honolulu")]
    [InlineData("ES", null, "Europe/Madrid")]
    [InlineData("ES", "CN", "Atlantic/Canary")]
    [InlineData("ES", "TF", "Atlantic/Canary")]
    public void The_time_zone_comes_from_the_country_and_region(string country, string? region, string zone)
    {
        Jurisdictions.DefaultTimeZone(country, region).ShouldBe(zone);
    }

    [Fact]
    public void Every_time_zone_the_domain_can_assign_exists_in_the_IANA_database()
    {
        var regions = new[] { "BC", "BCS", "SON", "SIN", "NAY", "CHH", "ROO", "CA", "AZ", "CO", "ID", "TX", "AK", "HI", "PR", "CN", "GC", "TF" };
        foreach (var country in Jurisdictions.KnownCountries)
        {
            foreach (var region in regions.Append(null))
            {
                var zone = Jurisdictions.DefaultTimeZone(country, region);
                TimeZoneInfo.FindSystemTimeZoneById(zone).ShouldNotBeNull();
            }
        }
    }

    [Fact]
    public void Baja_California_follows_US_summer_time_while_Mexico_City_has_none()
    {
        var tijuana = TimeZoneInfo.FindSystemTimeZoneById(Jurisdictions.DefaultTimeZone("MX", "BC"));
        var mexicoCity = TimeZoneInfo.FindSystemTimeZoneById(Jurisdictions.DefaultTimeZone("MX", null));
        var july = new DateTimeOffset(2026, 7, 1, 18, 0, 0, TimeSpan.Zero);
        tijuana.GetUtcOffset(july).ShouldBe(TimeSpan.FromHours(-7));
        mexicoCity.GetUtcOffset(july).ShouldBe(TimeSpan.FromHours(-6));
    }

    [Theory]
    [InlineData("co", "CO")]
    [InlineData(" es ", "ES")]
    public void Country_codes_are_trimmed_and_upper_cased(string written, string normalized)
    {
        Jurisdictions.NormalizeCountry(written).ShouldBe(normalized);
    }

    [Theory]
    [InlineData("COL")]
    [InlineData("XX")]
    [InlineData("")]
    public void An_unsupported_country_is_refused(string written)
    {
        var ex = Should.Throw<DomainException>(() => Jurisdictions.NormalizeCountry(written));
        ex.Code.ShouldBe("unknown_country");
        ex.Field.ShouldBe("country");
    }
}
