using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;

namespace Cartera.Tests.Domain.Common;

public sealed class EnumCodesTests
{
    [Fact]
    public void Codes_are_snake_case_brands_one_word_and_acronyms_as_written()
    {
        EnumCodes.ToCode(Amortization.ConstantPrincipal).ShouldBe("constant_principal");
        EnumCodes.ToCode(ContactChannel.WhatsApp).ShouldBe("whatsapp");
        EnumCodes.ToCode(ConsentChannel.WhatsApp).ShouldBe("whatsapp");
        EnumCodes.ToCode(IdType.NIT).ShouldBe("NIT");
        EnumCodes.ToCode(ObligationRole.CoDebtor).ShouldBe("co_debtor");
        EnumCodes.ToCode(LedgerEntryKind.WriteOff).ShouldBe("write_off");
        EnumCodes.ToCode(Amortization.Single).ShouldBe("single");
    }

    [Theory]
    [InlineData("constant_principal", Amortization.ConstantPrincipal)]
    [InlineData("ConstantPrincipal", Amortization.ConstantPrincipal)]
    [InlineData(" CONSTANT_PRINCIPAL ", Amortization.ConstantPrincipal)]
    [InlineData("french", Amortization.French)]
    public void Parsing_accepts_the_code_or_the_member_name_in_any_case(string text, Amortization expected)
    {
        EnumCodes.Parse<Amortization>(text).ShouldBe(expected);
    }

    [Fact]
    public void Parsing_is_the_inverse_of_ToCode_for_every_domain_enum()
    {
        var enums = typeof(Currency).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).ToList();
        enums.Count.ShouldBeGreaterThan(10);
        var check = typeof(EnumCodesTests).GetMethod(nameof(RoundTrips), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var type in enums)
        {
            check.MakeGenericMethod(type).Invoke(null, null);
        }
    }

    private static void RoundTrips<T>()
        where T : struct, Enum
    {
        var codes = EnumCodes.Codes<T>();
        codes.Distinct(StringComparer.OrdinalIgnoreCase).Count().ShouldBe(codes.Count, $"{typeof(T).Name} codes must differ beyond letter case");
        foreach (var value in Enum.GetValues<T>())
        {
            var code = EnumCodes.ToCode(value);
            code.Length.ShouldBeLessThanOrEqualTo(40, "the database column holds 40 characters");
            EnumCodes.Parse<T>(code).ShouldBe(value);
            EnumCodes.Parse<T>(value.ToString()).ShouldBe(value);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData("constant principal")]
    public void Numbers_blanks_and_unknown_text_are_not_codes(string text)
    {
        EnumCodes.TryParse<Amortization>(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Parse_of_an_unknown_code_lists_the_valid_ones()
    {
        var ex = Should.Throw<DomainException>(() => EnumCodes.Parse<PaymentFrequency>("daily"));
        ex.Code.ShouldBe("invalid_code");
        ex.Message.ShouldContain("monthly, biweekly, weekly");
    }

    [Fact]
    public void ToCode_of_a_value_outside_the_enum_throws_argument_out_of_range()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => EnumCodes.ToCode((Amortization)42));
    }

    [Fact]
    public void A_domain_exception_carries_a_code_and_a_field()
    {
        var ex = new DomainException("invalid_amount", "no", "principal");
        (ex.Code, ex.Field, ex.Message).ShouldBe(("invalid_amount", "principal", "no"));
        new DomainException().Code.ShouldBe("domain_error");
        new DomainException("boom", new InvalidOperationException()).Code.ShouldBe("domain_error");
    }
}
