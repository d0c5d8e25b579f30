using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Cartera.Web.Shared;

/// <summary>
/// What a person sees when a page request fails: an HTML page in the request's language (Spanish by default) for
/// every error status — 404, 403, 429 (with the <c>Retry-After</c> wait), 500 (with the correlation id that is also in
/// the log, <see cref="Correlation"/>) and the rest — instead of a problem-details JSON or a plain-text "Status Code: 404". Requests for the API
/// (<c>/api</c>, <c>/health</c>, <c>/openapi</c>) keep RFC 9457 problem details (docs/adr/0003-errors-as-problem-details.md).
/// </summary>
internal static class ErrorPages
{
    /// <summary><see cref="HttpContext.Items"/> key where the exception handler leaves the status of a page request's exception.</summary>
    public const string StatusItem = "cartera.error.status";

    public static bool IsApi(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        return path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The status-code-pages handler: an empty error response gets a page (pages) or problem details (API).</summary>
    public static async Task StatusCodePageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (IsApi(http))
        {
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = new ProblemDetails { Status = status } }))
            {
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"Status Code: {status}"));
            }

            return;
        }

        await RenderAsync(http, status);
    }

    /// <summary>The exception handler's fallback for page requests (the API's exceptions are written by <see cref="ProblemExceptionHandler"/>).</summary>
    public static Task ExceptionPageAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var status = http.Items.TryGetValue(StatusItem, out var value) && value is int s ? s : StatusCodes.Status500InternalServerError;
        return RenderAsync(http, status);
    }

    private static async Task RenderAsync(HttpContext http, int status)
    {
        // The localization middleware ran inside this one and its culture did not flow back out; its choice did.
        var culture = http.Features.Get<IRequestCultureFeature>()?.RequestCulture ?? new RequestCulture("es-CO");
        CultureInfo.CurrentCulture = culture.Culture;
        CultureInfo.CurrentUICulture = culture.UICulture;

        int? retryAfter = int.TryParse(http.Response.Headers.RetryAfter.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
        SecurityHeaders.Apply(http.Response); // the exception handler clears the response's headers
        http.Response.Headers.CacheControl = "no-store";
        var page = new RazorComponentResult<ErrorDocument>(new Dictionary<string, object?>
        {
            [nameof(ErrorDocument.Status)] = status,
            [nameof(ErrorDocument.CorrelationId)] = Correlation.Id(http),
            [nameof(ErrorDocument.RetryAfterSeconds)] = retryAfter,
        })
        {
            StatusCode = status,
            ContentType = "text/html; charset=utf-8",
        };
        // The failed page may have rendered components already: render the error page in its own service scope (a fresh
        // navigation manager and renderer) and drop the header that page left.
        http.Response.Headers.Remove("blazor-enhanced-nav");
        var requestServices = http.RequestServices;
        await using var scope = requestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        http.RequestServices = scope.ServiceProvider;
        try
        {
            await page.ExecuteAsync(http);
        }
        finally
        {
            http.RequestServices = requestServices;
        }
    }
}
