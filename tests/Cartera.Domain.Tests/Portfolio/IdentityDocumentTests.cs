using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using CsCheck;

namespace Cartera.Tests.Domain.Portfolio;

public sealed class IdentityDocumentTests
{
    // Real, published NITs (the DV as the entities print it): DIAN itself, Bancolombia, Ecopetrol, Banco de Bogotá.
    [Theory]
    [InlineData("800197268", 4)]
    [InlineData("890903938", 8)]
    [InlineData("899999068", 1)]
    [InlineData("860002964", 4)]
    public void The_check_digit_of_published_NITs(string body, int dv)
    {
        IdentityDocument.NitCheckDigit(body).ShouldBe(dv);
    }

    [Theory]
    [InlineData("800197268-4")]
    [InlineData("800.197.268-4")]
    [InlineData("800 197 268 - 4")]
    [InlineData("  800197268  ")]
    [InlineData("800.197.268")]
    public void A_NIT_is_accepted_with_or_without_dots_and_DV(string written)
    {
        var nit = IdentityDocument.Parse(IdType.NIT, written);
        nit.Type.ShouldBe(IdType.NIT);
        nit.Number.ShouldBe("800197268");
        nit.CheckDigit.ShouldBe("4");
        nit.ToString().ShouldBe("800197268-4");
    }

    [Theory]
    [InlineData("800197268-5")]
    [InlineData("890.903.938-0")]
    [InlineData("899999068-2")]
    public void A_wrong_DV_is_refused(string written)
    {
        var ex = Should.Throw<DomainException>(() => IdentityDocument.Parse(IdType.NIT, written));
        ex.Code.ShouldBe("invalid_nit_check_digit");
        ex.Field.ShouldBe("id_number");
    }

    [Fact]
    public void Every_wrong_DV_of_a_valid_NIT_is_refused()
    {
        Gen.Long[10_000L, 999_999_999_999_999L].Sample(body =>
        {
            var text = body.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var dv = IdentityDocument.NitCheckDigit(text);
            dv.ShouldBeInRange(0, 9);
            IdentityDocument.Parse(IdType.NIT, $"{text}-{dv}").CheckDigit.ShouldBe(dv.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var wrong = (dv + 1 + (int)(body % 9)) % 10;
            Should.Throw<DomainException>(() => IdentityDocument.Parse(IdType.NIT, $"{text}-{wrong}")).Code.ShouldBe("invalid_nit_check_digit");
        }, iter: 10_000);
    }

    [Fact]
    public void A_DV_run_on_without_a_hyphen_is_read_as_part_of_the_body()
    {
        var nit = IdentityDocument.Parse(IdType.NIT, "8001972684");
        nit.Number.ShouldBe("8001972684");
        nit.CheckDigit.ShouldBe(IdentityDocument.NitCheckDigit("8001972684").ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("1234567890123456")]
    [InlineData("80019726A")]
    [InlineData("800197268-")]
    [InlineData("800197268-45")]
    [InlineData("800197268-X")]
    [InlineData("")]
    [InlineData("   ")]
    public void A_malformed_NIT_is_refused_as_an_invalid_id_number(string written)
    {
        var ex = Should.Throw<DomainException>(() => IdentityDocument.Parse(IdType.NIT, written));
        ex.Code.ShouldBe("invalid_id_number");
        ex.Field.ShouldBe("id_number");
    }

    [Theory]
    [InlineData(IdType.CC, "79.123.456", "79123456")]
    [InlineData(IdType.CC, "1 020 750 460", "1020750460")]
    [InlineData(IdType.CE, "123", "123")]
    [InlineData(IdType.TI, "1000123456", "1000123456")]
    public void Cedulas_keep_only_their_digits(IdType type, string written, string number)
    {
        var doc = IdentityDocument.Parse(type, written);
        doc.Number.ShouldBe(number);
        doc.CheckDigit.ShouldBeNull();
    }

    [Theory]
    [InlineData(IdType.CC, "12")]
    [InlineData(IdType.CC, "1234567890123456")]
    [InlineData(IdType.CE, "12A45")]
    [InlineData(IdType.CC, "79-123-456")]
    public void A_cedula_with_letters_or_the_wrong_length_is_refused(IdType type, string written)
    {
        Should.Throw<DomainException>(() => IdentityDocument.Parse(type, written)).Code.ShouldBe("invalid_id_number");
    }

    [Theory]
    [InlineData("123-45-6789", "123456789")]
    [InlineData("123456789", "123456789")]
    public void An_SSN_is_nine_digits_hyphens_optional(string written, string number)
    {
        IdentityDocument.Parse(IdType.SSN, written).Number.ShouldBe(number);
    }

    [Theory]
    [InlineData("123-45-678")]
    [InlineData("123 45 6789")]
    [InlineData("12345678A")]
    public void A_malformed_SSN_is_refused(string written)
    {
        Should.Throw<DomainException>(() => IdentityDocument.Parse(IdType.SSN, written)).Code.ShouldBe("invalid_id_number");
    }

    [Theory]
    [InlineData(IdType.CURP, "godE561231hdfrrn09", "GODE561231HDFRRN09")]
    [InlineData(IdType.RFC, "GODE 561231 GR8", "GODE561231GR8")]
    [InlineData(IdType.DNI, "12345678z", "12345678Z")]
    [InlineData(IdType.NIE, "X-1234567-L", "X-1234567-L")]
    [InlineData(IdType.PA, "AB123456", "AB123456")]
    public void Alphanumeric_documents_are_upper_cased_without_spaces(IdType type, string written, string number)
    {
        IdentityDocument.Parse(type, written).Number.ShouldBe(number);
    }

    [Theory]
    [InlineData(IdType.PA, "AB")]
    [InlineData(IdType.CURP, "GODE561231HDFRRN09XYZ")]
    [InlineData(IdType.DNI, "1234567/Z")]
    [InlineData(IdType.OTHER, "ñandú123")]
    public void Alphanumeric_documents_of_the_wrong_length_or_with_symbols_are_refused(IdType type, string written)
    {
        Should.Throw<DomainException>(() => IdentityDocument.Parse(type, written)).Code.ShouldBe("invalid_id_number");
    }
}
