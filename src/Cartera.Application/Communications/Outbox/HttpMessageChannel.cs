using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Communications.Outbox;

/// <summary>
/// An SMS or WhatsApp provider over HTTP (configuration <c>Communications:Sms:*</c>, <c>Communications:WhatsApp:*</c>).
/// <see cref="Kind"/> <c>json</c>: a POST of <see cref="BodyTemplate"/> to <see cref="Url"/> where <c>{to}</c>,
/// <c>{text}</c> and <c>{reference}</c> are replaced by the JSON-escaped address, text and idempotency key, with the
/// header <see cref="AuthHeader"/>: <see cref="AuthValue"/>; the provider's id is read from the response's
/// <see cref="IdField"/>. <c>twilio</c>: Twilio's Messages REST shape (form post, basic auth with the account SID and
/// token, <c>sid</c> in the answer).
/// </summary>
public sealed record HttpChannelSettings
{
    public const string DefaultBodyTemplate = "{\"to\":\"{to}\",\"text\":\"{text}\",\"reference\":\"{reference}\"}";

    public string Kind { get; init; } = "json";

    public string? Url { get; init; }

    public string? AuthHeader { get; init; }

    public string? AuthValue { get; init; }

    public string BodyTemplate { get; init; } = DefaultBodyTemplate;

    public string IdField { get; init; } = "id";

    public string? AccountSid { get; init; }

    public string? AuthToken { get; init; }

    public string? From { get; init; }

    public string BaseUrl { get; init; } = "https://api.twilio.com";

    /// <summary>Twilio: the URL Twilio posts status changes to (the callback endpoint); optional.</summary>
    public string? StatusCallback { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The HTTP adapter for SMS and WhatsApp. Every request carries the message's idempotency key: in the body
/// (<c>{reference}</c>) and the <c>Idempotency-Key</c> header for the JSON adapter, in the
/// <c>I-Twilio-Idempotency-Token</c> header for Twilio. 2xx: sent; 408, 429 and 5xx: retried; other 4xx: failed at once.
/// </summary>
public sealed class HttpMessageChannel : IMessageChannel, IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpChannelSettings _settings;

    public HttpMessageChannel(ConsentChannel channel, HttpChannelSettings settings, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (channel is not (ConsentChannel.Sms or ConsentChannel.WhatsApp))
        {
            throw new ArgumentException("HTTP providers carry SMS and WhatsApp only.", nameof(channel));
        }

        Channel = channel;
        _settings = settings;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = settings.Timeout;
    }

    public ConsentChannel Channel { get; }

    public async Task<ChannelReceipt> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var request = string.Equals(_settings.Kind, "twilio", StringComparison.OrdinalIgnoreCase) ? Twilio(message) : Json(message);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new MessageChannelException("http_connect", false, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MessageChannelException("timeout", false, e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
                throw new MessageChannelException($"http_{status.ToString(System.Globalization.CultureInfo.InvariantCulture)}", !transient);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var field = string.Equals(_settings.Kind, "twilio", StringComparison.OrdinalIgnoreCase) ? "sid" : _settings.IdField;
            return new ChannelReceipt(ProviderId(text, field) ?? message.IdempotencyKey);
        }
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Json(OutgoingMessage message)
    {
        var url = _settings.Url ?? throw new InvalidOperationException($"Communications:{Channel}:Url is not set.");
        var body = _settings.BodyTemplate
            .Replace("{to}", Escape(message.To), StringComparison.Ordinal)
            .Replace("{text}", Escape(message.Body), StringComparison.Ordinal)
            .Replace("{reference}", Escape(message.IdempotencyKey), StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (!string.IsNullOrEmpty(_settings.AuthHeader))
        {
            request.Headers.TryAddWithoutValidation(_settings.AuthHeader, _settings.AuthValue ?? string.Empty);
        }

        request.Headers.TryAddWithoutValidation("Idempotency-Key", message.IdempotencyKey);
        return request;
    }

    private HttpRequestMessage Twilio(OutgoingMessage message)
    {
        var sid = _settings.AccountSid ?? throw new InvalidOperationException($"Communications:{Channel}:AccountSid is not set.");
        var from = _settings.From ?? throw new InvalidOperationException($"Communications:{Channel}:From is not set.");
        var prefix = Channel == ConsentChannel.WhatsApp ? "whatsapp:" : string.Empty;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("To", prefix + message.To),
            new("From", from.StartsWith(prefix, StringComparison.Ordinal) ? from : prefix + from),
            new("Body", message.Body),
        };
        if (!string.IsNullOrEmpty(_settings.StatusCallback))
        {
            fields.Add(new("StatusCallback", _settings.StatusCallback));
        }

        var url = $"{_settings.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(sid)}/Messages.json";
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sid}:{_settings.AuthToken}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        request.Headers.TryAddWithoutValidation("I-Twilio-Idempotency-Token", message.IdempotencyKey);
        return request;
    }

    // JSON string content; characters outside ASCII and '+' are kept as they are (valid JSON, readable by providers).
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Escape(string value)
    {
        var json = JsonSerializer.Serialize(value, Relaxed);
        return json[1..^1];
    }

    private static string? ProviderId(string text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(field, out var id)
                ? id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
