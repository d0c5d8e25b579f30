using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Scoring.Actions;
using Cartera.Domain.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using static Cartera.Web.Shared.FormValues;

namespace Cartera.Web.Scoring;

/// <summary>
/// The form post of the best-next-action page (admin only; antiforgery validated because it binds a form): save a
/// prior. It redirects back to the page with <c>ok</c> or with the rule that failed (<c>error</c> code, <c>field</c>,
/// message); the change itself is audited by SaveChanges.
/// </summary>
internal static class ScoringFormEndpoints
{
    public const string ActionsPage = "/admin/acciones";
    public const string ActionsPost = "/admin/acciones/guardar";

    public static IEndpointRouteBuilder MapScoringFormEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ActionsPost, SaveActionPriorAsync).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Saves one best-next-action prior (<see cref="ActionPriorCatalog.SaveAsync"/>): lift and recovery share with '.' or
    /// ',' as decimal separator, the cost in major units of its currency, the version as read (a stale one redirects
    /// with <c>error=concurrency_conflict</c>). Redirects to the page with the code so the form stays open.
    /// </summary>
    private static async Task<RedirectHttpResult> SaveActionPriorAsync(IFormCollection fields, CarteraDbContext db, CancellationToken ct)
    {
        string? F(string name) => fields.TryGetValue(name, out var v) ? v.ToString() : null;
        var code = (F("code") ?? string.Empty).Trim();
        try
        {
            var currency = Currency.TryOf(F("currency")?.Trim().ToUpperInvariant(), out var c)
                ? c
                : throw new DomainException("invalid_currency", "The currency is an ISO 4217 code Cartera knows.", "currency");
            var cost = Fraction(F("cost"), "cost", "The cost is an amount such as 2500 or 2500,50.") ?? throw new DomainException("required", "The cost is required.", "cost");
            uint? version = uint.TryParse(F("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
            var input = new ActionPriorInput(
                code,
                (double)(Fraction(F("lift"), "lift") ?? throw new DomainException("required", "The lift is required.", "lift")),
                (double)(Fraction(F("recovery_share"), "recovery_share") ?? throw new DomainException("required", "The recovery share is required.", "recovery_share")),
                Money.Of(cost, currency).MinorUnits,
                currency.Code,
                (int)Math.Min(Whole(F("min_dpd"), "min_dpd") ?? 0, int.MaxValue),
                F("enabled") is "on" or "true",
                version);
            await new ActionPriorCatalog(db).SaveAsync(input, ct);
            return TypedResults.LocalRedirect($"{ActionsPage}?codigo={Uri.EscapeDataString(code)}&ok=1");
        }
        catch (DomainException e)
        {
            return TypedResults.LocalRedirect(ErrorUrl(ActionsPage, e.Code == "too_many_decimals" ? new DomainException(e.Code, e.Message, "cost") : e, code));
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.LocalRedirect($"{ActionsPage}?error=concurrency_conflict&codigo={Uri.EscapeDataString(code)}");
        }
    }
}
