using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Payments;
using Cartera.Domain.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Payments;

/// <summary>
/// The form posts of the obligation page's payments section ("Registrar pago", "Reversar"): admin and supervisor,
/// antiforgery validated (the handlers bind a form), then a redirect back to the page (post/redirect/get) showing the
/// allocation or the error code. The idempotency key is a value generated when the form is rendered, so a double
/// submit of the same form posts once.
/// </summary>
internal static class PaymentFormEndpoints
{
    public static string PostPath(long obligationId) => $"/obligaciones/{obligationId.ToString(CultureInfo.InvariantCulture)}/pagos";

    public static string ReversePath(long paymentId) => $"/pagos/{paymentId.ToString(CultureInfo.InvariantCulture)}/reversion";

    public static IEndpointRouteBuilder MapPaymentFormEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/obligaciones/{id:long}/pagos", PostAsync).RequireAuthorization(Policies.WritePortfolio).ExcludeFromDescription();
        app.MapPost("/pagos/{id:long}/reversion", ReverseAsync).RequireAuthorization(Policies.WritePortfolio).ExcludeFromDescription();
        return app;
    }

    public sealed record PaymentForm(string? Amount, string? ReceivedOn, string? Channel, string? Reference, string? Key);

    public sealed record ReversalForm(string? Reason);

    private static async Task<RedirectHttpResult> PostAsync(long id, [FromForm] PaymentForm form, CarteraDbContext db, PaymentPosting posting, CancellationToken ct)
    {
        var page = $"/obligaciones/{id.ToString(CultureInfo.InvariantCulture)}";
        var currency = await db.Obligations.Where(o => o.Id == id).Select(o => o.CurrencyCode).FirstOrDefaultAsync(ct);
        if (currency is null)
        {
            return TypedResults.LocalRedirect(page);
        }

        try
        {
            var command = new PostPaymentCommand(
                id,
                ParseAmount(form.Amount),
                currency,
                DateOnly.TryParseExact(form.ReceivedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date
                    : throw new DomainException("invalid_date", "The date is required (yyyy-MM-dd).", "received_on"),
                EnumCodes.TryParse<PaymentChannel>(form.Channel, out var channel) ? channel : throw new DomainException("invalid_code", "Unknown channel.", "channel"),
                form.Reference,
                string.IsNullOrWhiteSpace(form.Key) ? Guid.NewGuid().ToString("N") : "form:" + form.Key.Trim());
            var result = await posting.PostAsync(command, ct);
            return TypedResults.LocalRedirect($"{page}?pago={result.Payment.Id.ToString(CultureInfo.InvariantCulture)}#pagos");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{page}?error={Uri.EscapeDataString(e.Code)}#pagos");
        }
        catch (IdempotencyConflictException)
        {
            return TypedResults.LocalRedirect($"{page}?error={IdempotencyConflictException.MismatchCode}#pagos");
        }
    }

    private static async Task<RedirectHttpResult> ReverseAsync(long id, [FromForm] ReversalForm form, CarteraDbContext db, PaymentPosting posting, CancellationToken ct)
    {
        var obligationId = await db.Payments.Where(p => p.Id == id).Select(p => (long?)p.ObligationId).FirstOrDefaultAsync(ct);
        if (obligationId is null)
        {
            return TypedResults.LocalRedirect("/");
        }

        var page = $"/obligaciones/{obligationId.Value.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            await posting.ReverseAsync(id, form.Reason ?? string.Empty, ct);
            return TypedResults.LocalRedirect($"{page}?reversado={id.ToString(CultureInfo.InvariantCulture)}#pagos");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect($"{page}?error={Uri.EscapeDataString(e.Code)}#pagos");
        }
    }

    /// <summary>An amount typed by a person: '.' or ',' as the decimal separator, no thousands separator.</summary>
    internal static decimal ParseAmount(string? text) =>
        decimal.TryParse(text?.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new DomainException("invalid_amount", "The amount is not a number.", "amount");
}
