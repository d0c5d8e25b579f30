namespace Cartera.Domain.Communications;

/// <summary>The channel a message template is written for (codes <c>email</c>, <c>sms</c>, <c>whatsapp</c>, <c>letter</c>).
/// An e-mail has a subject and a body; the others only a body.</summary>
public enum TemplateChannel
{
    Email,
    Sms,
    WhatsApp,
    Letter,
}

/// <summary>What each channel requires of a template.</summary>
public static class TemplateChannels
{
    /// <summary>Channels whose text is counted in SMS segments (length shown in the editor and the list).</summary>
    public static bool IsShortText(TemplateChannel channel) => channel is TemplateChannel.Sms or TemplateChannel.WhatsApp;

    public static bool HasSubject(TemplateChannel channel) => channel == TemplateChannel.Email;

    /// <summary>The text as a short-text channel sends it: the no-break spaces that number and currency formats use
    /// (U+00A0, U+202F) become plain spaces, which GSM-7 has, so "$ 350.000" does not turn a message into UCS-2.</summary>
    public static string ForShortText(string text) =>
        (text ?? string.Empty).Replace('\u00A0', ' ').Replace('\u202F', ' ');
}
