using Cartera.Domain.Portfolio;
using MailKit;
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
/// permanent failures; connection errors and 4xx replies are retried. One connection is kept open and reused for the
/// next messages (a connection per message costs a TCP and SMTP handshake, and TLS and login where configured, each
/// time); messages go through it one at a time. A kept connection the server has closed meanwhile is opened again
/// and the message sent once more on the new one — only when the old one failed before the message was handed over.
/// </summary>
public sealed class SmtpEmailChannel(SmtpSettings settings) : IMessageChannel, IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private SmtpClient? _client;

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

        await _one.WaitAsync(cancellationToken);
        try
        {
            var reused = _client is { IsConnected: true };
            try
            {
                await SendOnceAsync(mime, cancellationToken);
            }
            catch (Exception e) when (reused && e is ServiceNotConnectedException or IOException or SmtpProtocolException)
            {
                // The kept connection was closed by the server (an idle timeout): once more on a new one.
                Drop();
                await SendOnceAsync(mime, cancellationToken);
            }
        }
        catch (SmtpCommandException e)
        {
            throw Classify(e)!;
        }
        catch (Exception e) when (Classify(e) is { } failure)
        {
            Drop();
            throw failure;
        }
        catch
        {
            Drop();
            throw;
        }
        finally
        {
            _one.Release();
        }

        return new ChannelReceipt($"<{mime.MessageId}>");
    }

    public void Dispose()
    {
        Drop();
        _one.Dispose();
    }

    private async Task SendOnceAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        if (_client is not { IsConnected: true })
        {
            Drop();
            _client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
            await _client.ConnectAsync(settings.Host, settings.Port, Options(settings.Security), cancellationToken);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await _client.AuthenticateAsync(settings.User, settings.Password ?? string.Empty, cancellationToken);
            }
        }

        await _client.SendAsync(mime, cancellationToken);
    }

    /// <summary>A rejected command keeps the connection usable; anything else closes it, so the next message opens a new one.</summary>
    private void Drop()
    {
        var client = _client;
        _client = null;
        if (client is null)
        {
            return;
        }

        try
        {
            if (client.IsConnected)
            {
                client.Disconnect(true);
            }
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or ServiceNotConnectedException or System.Net.Sockets.SocketException)
        {
            // Closing a broken connection: nothing more to do.
        }
        finally
        {
            client.Dispose();
        }
    }

    private static MessageChannelException? Classify(Exception e) => e switch
    {
        SmtpCommandException c => new MessageChannelException($"smtp_{((int)c.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}", (int)c.StatusCode >= 500, e),
        SmtpProtocolException => new MessageChannelException("smtp_protocol", false, e),
        System.Net.Sockets.SocketException => new MessageChannelException("smtp_connect", false, e),
        IOException or ServiceNotConnectedException => new MessageChannelException("smtp_io", false, e),
        TimeoutException => new MessageChannelException("timeout", false, e),
        _ => null,
    };

    private static SecureSocketOptions Options(string security) => security.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
