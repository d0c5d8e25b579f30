using Cartera.Domain.Portfolio;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Cartera.Application.Communications.Outbox;

/// <summary>
/// SMTP settings (configuration <c>Communications:Email:*</c>): server, port, TLS mode (<c>none</c>, <c>starttls</c>,
/// <c>ssl</c>, <c>auto</c>), optional user and password, the sender address and name, and the domain of Message-IDs.
/// </summary>
public sealed record SmtpSettings
{
    public required string Host { get; init; }

    public int Port { get; init; } = 587;

    public string Security { get; init; } = "auto";

    public string? User { get; init; }

    public string? Password { get; init; }

    public required string From { get; init; }

    public string? FromName { get; init; }

    /// <summary>Right-hand side of the Message-ID (<c>&lt;cartera-outbox-42@this&gt;</c>); default the sender's domain.</summary>
    public string? MessageIdDomain { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// E-mail over SMTP with MailKit. The Message-ID is <c>&lt;{idempotency key}@{domain}&gt;</c>, the same on every retry
/// of the message: a receiving system that deduplicates by Message-ID shows one message. Refused recipients (5xx) are
/// permanent failures; connection errors and 4xx replies are retried.
/// </summary>
public sealed class SmtpEmailChannel(SmtpSettings settings) : IMessageChannel
{
    public ConsentChannel Channel => ConsentChannel.Email;

    public static string MessageIdFor(string idempotencyKey, SmtpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var domain = settings.MessageIdDomain ?? (settings.From.Contains('@', StringComparison.Ordinal) ? settings.From[(settings.From.IndexOf('@', StringComparison.Ordinal) + 1)..] : "cartera.local");
        return $"{idempotencyKey}@{domain}";
    }

    public async Task<ChannelReceipt> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(settings.FromName ?? string.Empty, settings.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject ?? string.Empty;
        mime.MessageId = MessageIdFor(message.IdempotencyKey, settings);
        mime.Body = new TextPart("plain") { Text = message.Body };

        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, Options(settings.Security), cancellationToken);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            throw new MessageChannelException($"smtp_{code.ToString(System.Globalization.CultureInfo.InvariantCulture)}", code >= 500, e);
        }
        catch (SmtpProtocolException e)
        {
            throw new MessageChannelException("smtp_protocol", false, e);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new MessageChannelException("smtp_connect", false, e);
        }
        catch (IOException e)
        {
            throw new MessageChannelException("smtp_io", false, e);
        }
        catch (TimeoutException e)
        {
            throw new MessageChannelException("timeout", false, e);
        }

        return new ChannelReceipt($"<{mime.MessageId}>");
    }

    private static SecureSocketOptions Options(string security) => security.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
