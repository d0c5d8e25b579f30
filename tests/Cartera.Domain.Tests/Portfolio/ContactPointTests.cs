using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Tests.Domain.Portfolio;

public sealed class ContactPointTests
{
    [Theory]
    [InlineData(ContactChannel.Mobile, "+57 300 123 4567", "+573001234567")]
    [InlineData(ContactChannel.Mobile, "300-123-4567", "3001234567")]
    [InlineData(ContactChannel.Landline, "(601) 234.5678", "6012345678")]
    [InlineData(ContactChannel.WhatsApp, " +52 55 1234 5678 ", "+525512345678")]
    public void Phones_keep_digits_and_a_leading_plus(ContactChannel channel, string written, string normalized)
    {
        ContactPoint.Normalize(channel, written).ShouldBe(normalized);
    }

    [Theory]
    [InlineData("123456")]
    [InlineData("1234567890123456")]
    [InlineData("300 123 4567 ext 2")]
    [InlineData("57+3001234567")]
    [InlineData("300/123/4567")]
    public void A_phone_that_is_not_7_to_15_digits_or_has_other_characters_is_refused(string written)
    {
        var ex = Should.Throw<DomainException>(() => ContactPoint.Normalize(ContactChannel.Mobile, written));
        ex.Code.ShouldBe("invalid_phone");
        ex.Field.ShouldBe("mobile");
    }

    [Fact]
    public void Emails_are_trimmed_and_lower_cased()
    {
        ContactPoint.Normalize(ContactChannel.Email, "  Ana.Perez@Example.COM ").ShouldBe("ana.perez@example.com");
    }

    [Theory]
    [InlineData("ana")]
    [InlineData("@example.com")]
    [InlineData("ana@")]
    [InlineData("ana@example")]
    [InlineData("ana@example.")]
    [InlineData("ana@.com")]
    [InlineData("ana@example..com")]
    [InlineData("ana@b@example.com")]
    [InlineData("ana perez@example.com")]
    public void Malformed_emails_are_refused(string written)
    {
        var ex = Should.Throw<DomainException>(() => ContactPoint.Normalize(ContactChannel.Email, written));
        ex.Code.ShouldBe("invalid_email");
        ex.Field.ShouldBe("email");
    }

    [Fact]
    public void An_empty_value_is_required()
    {
        var ex = Should.Throw<DomainException>(() => ContactPoint.Normalize(ContactChannel.WhatsApp, "  "));
        ex.Code.ShouldBe("required");
        ex.Field.ShouldBe("whatsapp");
    }

    [Fact]
    public void A_postal_address_is_kept_as_written_but_trimmed()
    {
        ContactPoint.Normalize(ContactChannel.PostalAddress, " Calle 10 # 5-51, Bogotá ").ShouldBe("Calle 10 # 5-51, Bogotá");
    }

    [Fact]
    public void Preferred_hours_must_start_before_they_end()
    {
        var debtor = DebtorTests.NewDebtor();
        var contact = debtor.AddContactPoint(ContactChannel.Mobile, "3001234567", DebtorTests.Now);
        contact.SetPreferredHours(new TimeOnly(8, 0), new TimeOnly(12, 0));
        contact.PreferredFrom.ShouldBe(new TimeOnly(8, 0));
        var ex = Should.Throw<DomainException>(() => contact.SetPreferredHours(new TimeOnly(12, 0), new TimeOnly(12, 0)));
        ex.Code.ShouldBe("invalid_value");
        ex.Field.ShouldBe("preferred_hours");
    }
}
