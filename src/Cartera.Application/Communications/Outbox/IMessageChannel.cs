using Cartera.Domain.Portfolio;

namespace Cartera.Application.Communications.Outbox;

/// <summary>
/// One message handed to a channel: the outbox id, the idempotency key (the same on every retry of the message), the
/// address (from the contact point; never logged), the rendered subject (e-mail; a letter's reference line) and body.
/// A letter also carries its send date (the print batch it belongs to) and the addressee's name and language.
/// </summary>
public sealed record OutgoingMessage(long MessageId, string IdempotencyKey, ConsentChannel Channel, string To, string? Subject, string Body)
{
    public DateOnly SendDate { get; init; }

    /// <summary>The debtor's name (letters: the first line in the envelope window); null for other channels.</summary>
    public string? RecipientName { get; init; }

    /// <summary>The debtor's language (<c>es</c>, <c>en</c>); null for other channels.</summary>
    public string? Language { get; init; }
}

/// <summary>What the provider answered: its id of the message (delivery callbacks name it).</summary>
public sealed record ChannelReceipt(string ProviderMessageId);

/// <summary>
/// A delivery channel (e-mail over SMTP, SMS or WhatsApp over an HTTP provider, letters as PDFs in a print batch). Real providers replace the shipped
/// adapters by registering another implementation for the channel. An adapter passes
/// <see cref="OutgoingMessage.IdempotencyKey"/> to the provider in the provider's own way so a retry after a crash is
/// not delivered twice, and throws <see cref="MessageChannelException"/> on failure.
/// </summary>
public interface IMessageChannel
{
    ConsentChannel Channel { get; }

    Task<ChannelReceipt> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// A failed provider call. <see cref="Code"/> carries no personal data (<c>smtp_550</c>, <c>http_503</c>,
/// <c>timeout</c>); <see cref="Permanent"/>: retrying cannot help (a rejected address), the message fails at once.
/// </summary>
public sealed class MessageChannelException : Exception
{
    public MessageChannelException()
        : this("channel_error", false)
    {
    }

    public MessageChannelException(string message)
        : this(message, false)
    {
    }

    public MessageChannelException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = message;
    }

    public MessageChannelException(string code, bool permanent, Exception? inner = null)
        : base(code, inner)
    {
        Code = code;
        Permanent = permanent;
    }

    public string Code { get; } = "channel_error";

    public bool Permanent { get; }
}
