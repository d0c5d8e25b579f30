using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cartera.Application.Audit;
using Cartera.Application.Communications.Outbox;
using Cartera.Application.Data;
using Cartera.Domain.Portfolio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Communications;

/// <summary>
/// <c>/api/v1/communications</c>: delivery callbacks (<c>POST callbacks/{provider}</c>) and inbound messages
/// (<c>POST inbound/{provider}</c>) from SMS, WhatsApp and e-mail providers. Providers sign in with no user: both take
/// the shared token <c>Communications:Callbacks:Token</c> in the <c>X-Cartera-Callback-Token</c> header or the
/// <c>token</c> query parameter (404 when no token is configured, 401 when it does not match). Bodies: JSON
/// (<c>provider_message_id</c>, <c>status</c>, <c>error_code</c>; inbound <c>channel</c>, <c>from</c>, <c>text</c>) or
/// Twilio's form (<c>MessageSid</c>, <c>MessageStatus</c>, <c>ErrorCode</c>; inbound <c>From</c>, <c>Body</c>).
/// </summary>
public static class CommunicationsApi
{
    public const string TokenHeader = "X-Cartera-Callback-Token";

    public static RouteGroupBuilder MapCommunicationsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/communications").WithTags("Communications").AllowAnonymous().DisableAntiforgery();
        group.MapPost("/callbacks/{provider}", Callback)
            .WithSummary("A provider reports a message's delivery state by its own message id (shared token).");
        group.MapPost("/inbound/{provider}", Inbound)
            .WithSummary("A message from a debtor; an opt-out keyword (BAJA, STOP…) stops that channel at once (shared token).");
        return api;
    }

    public sealed record CallbackResponse(string Outcome);

    public sealed record InboundResponse(bool OptOut, int Debtors, int MessagesStopped);

    internal static async Task<Results<Ok<CallbackResponse>, NotFound, UnauthorizedHttpResult, ProblemHttpResult>> Callback(
        string provider, HttpRequest request, CallbackSettings settings, OutboxCallbacks callbacks, CancellationToken ct)
    {
        if (Authorize(request, settings) is { } denied)
        {
            return denied == StatusCodes.Status404NotFound ? TypedResults.NotFound() : TypedResults.Unauthorized();
        }

        var fields = await ReadAsync(request, ct);
        var id = First(fields, "provider_message_id", "MessageSid", "SmsSid", "message_id");
        var status = First(fields, "status", "MessageStatus", "SmsStatus");
        if (id is null || status is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "required", detail: "A callback needs the provider's message id and a status.");
        }

        var outcome = await callbacks.ApplyAsync(id, status, First(fields, "error_code", "ErrorCode"), ct);
        return outcome == CallbackOutcome.UnknownStatus
            ? TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "invalid_status", detail: "The status is not one Cartera knows.")
            : TypedResults.Ok(new CallbackResponse(Domain.Common.EnumCodes.ToCode(outcome)));
    }

    internal static async Task<Results<Ok<InboundResponse>, NotFound, UnauthorizedHttpResult, ProblemHttpResult>> Inbound(
        string provider, HttpRequest request, CallbackSettings settings, InboundMessages inbound, CarteraDbContext db, CancellationToken ct)
    {
        if (Authorize(request, settings) is { } denied)
        {
            return denied == StatusCodes.Status404NotFound ? TypedResults.NotFound() : TypedResults.Unauthorized();
        }

        var fields = await ReadAsync(request, ct);
        var from = First(fields, "from", "From");
        if (from is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "required", detail: "An inbound message needs the sender.");
        }

        ConsentChannel channel;
        try
        {
            channel = First(fields, "channel") is { } code
                ? Domain.Compliance.ComplianceCodes.ParseChannel(code)
                : from.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase) ? ConsentChannel.WhatsApp : ConsentChannel.Sms;
        }
        catch (Domain.Common.DomainException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "invalid_code", detail: "The channel is not one Cartera knows.");
        }

        // The change is the provider's, on the debtor's behalf: the audit trail names the provider.
        using var _ = db.ActAs(new FixedActor($"provider:{Short(provider)}", "inbound"));
        var result = await inbound.ReceiveAsync(channel, from, First(fields, "text", "Body"), ct);
        return TypedResults.Ok(new InboundResponse(result.OptOut, result.Debtors, result.MessagesStopped));
    }

    private static int? Authorize(HttpRequest request, CallbackSettings settings)
    {
        if (string.IsNullOrEmpty(settings.Token))
        {
            return StatusCodes.Status404NotFound;
        }

        var given = request.Headers[TokenHeader].FirstOrDefault() ?? request.Query["token"].FirstOrDefault() ?? string.Empty;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(settings.Token))
            ? null
            : StatusCodes.Status401Unauthorized;
    }

    private static async Task<Dictionary<string, string>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            foreach (var (key, value) in form)
            {
                fields[key] = value.ToString();
            }

            return fields;
        }

        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    fields[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : p.Value.GetRawText();
                }
            }
        }
        catch (JsonException)
        {
            // An unreadable body has no fields: the caller answers 422.
        }

        return fields;
    }

    private static string? First(Dictionary<string, string> fields, params string[] names)
    {
        foreach (var name in names)
        {
            if (fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    private static string Short(string provider) => new(provider.Where(char.IsAsciiLetterOrDigit).Take(40).ToArray());
}
