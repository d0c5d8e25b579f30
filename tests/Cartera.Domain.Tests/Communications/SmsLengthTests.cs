using Cartera.Domain.Communications;

namespace Cartera.Domain.Tests.Communications;

public sealed class SmsLengthTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Gsm7_text_fits_160_in_one_segment_then_153_per_segment(int length, int segments)
    {
        var sms = SmsLength.Of(new string('a', length));

        sms.Encoding.ShouldBe(SmsEncoding.Gsm7);
        sms.Units.ShouldBe(length);
        sms.Segments.ShouldBe(segments);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void One_character_outside_gsm7_makes_the_whole_text_ucs2_70_then_67(int length, int segments)
    {
        var text = "ó" + new string('a', length - 1);

        var sms = SmsLength.Of(text);

        sms.Encoding.ShouldBe(SmsEncoding.Ucs2);
        sms.Units.ShouldBe(length);
        sms.Segments.ShouldBe(segments);
    }

    [Fact]
    public void Spanish_letters_of_the_gsm7_alphabet_stay_gsm7_and_extension_characters_count_twice()
    {
        SmsLength.Of("Señor Muñoz, ¿pagó? é ü ¡sí!").Encoding.ShouldBe(SmsEncoding.Ucs2); // ó and í are not in GSM-7
        var gsm = SmsLength.Of("Señor Muñoz: é ü Ñ ¿¡ à");
        gsm.Encoding.ShouldBe(SmsEncoding.Gsm7);
        gsm.Units.ShouldBe(gsm.Characters);

        var euro = SmsLength.Of(new string('a', 159) + "€");
        euro.Units.ShouldBe(161);
        euro.Segments.ShouldBe(2);
    }

    [Fact]
    public void A_character_outside_the_basic_plane_takes_two_ucs2_units()
    {
        var sms = SmsLength.Of("Hola 😀");

        sms.Encoding.ShouldBe(SmsEncoding.Ucs2);
        sms.Characters.ShouldBe(6);
        sms.Units.ShouldBe(7);
    }

    [Fact]
    public void Short_text_channels_send_no_break_spaces_as_plain_spaces()
    {
        TemplateChannels.ForShortText("$\u00A01.000\u202Fx").ShouldBe("$ 1.000 x");
        TemplateChannels.IsShortText(TemplateChannel.WhatsApp).ShouldBeTrue();
        TemplateChannels.IsShortText(TemplateChannel.Email).ShouldBeFalse();
    }
}
