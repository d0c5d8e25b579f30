using Cartera.Domain.Communications;

namespace Cartera.Domain.Tests.Communications;

public sealed class MessageFormatsTests
{
    private static string Plain(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ');

    [Fact]
    public void Colombian_pesos_read_as_the_culture_currency_without_cents_when_whole()
    {
        var culture = MessageFormats.Culture("es", "CO");

        culture.Name.ShouldBe("es-CO");
        Plain(MessageFormats.Money(123_456_700, "COP", culture)).ShouldBe("$ 1.234.567");
        Plain(MessageFormats.Money(123_456_750, "COP", culture)).ShouldBe("$ 1.234.567,50");
    }

    [Fact]
    public void A_currency_that_is_not_the_culture_own_shows_its_iso_code()
    {
        var culture = MessageFormats.Culture("es", "CO");

        Plain(MessageFormats.Money(123_450, "USD", culture)).ShouldBe("1.234,50 USD");
        Plain(MessageFormats.Money(100_000, "USD", MessageFormats.Culture("en", "US"))).ShouldBe("$1,000");
    }

    [Fact]
    public void Dates_spell_the_month_in_the_message_language()
    {
        var date = new DateOnly(2026, 12, 15);

        MessageFormats.Date(date, MessageFormats.Culture("es", "CO")).ShouldBe("15 de diciembre de 2026");
        MessageFormats.Date(date, MessageFormats.Culture("en", "CO")).ShouldBe("December 15, 2026");
    }

    [Fact]
    public void An_unknown_country_falls_back_to_the_language()
    {
        MessageFormats.Culture("en", "ZZ").Name.ShouldBe("en");
        TemplateVariables.IsKnown("due_date").ShouldBeTrue();
        TemplateVariables.IsKnown("saldo").ShouldBeFalse();
    }
}
