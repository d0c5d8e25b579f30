using Microsoft.AspNetCore.Builder;

namespace Cartera.Web.Shared;

/// <summary>
/// Security headers on every response. The pages use no script and no inline style, so the policy is strict;
/// <c>frame-ancestors 'none'</c> and <c>X-Frame-Options: DENY</c> forbid framing (clickjacking). Everything except the
/// static files is <c>Cache-Control: no-store</c>.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            Apply(context.Response);

            // Personal data must not stay in a browser or proxy cache: every answer but the embedded static files is
            // no-store (the API, the pages, redirects and errors), whatever a handler set before.
            if (!context.Request.Path.StartsWithSegments("/_content", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.OnStarting(() =>
                {
                    var cache = context.Response.Headers.CacheControl.ToString();
                    if (!cache.Contains("no-store", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Response.Headers.CacheControl = "no-store";
                    }

                    context.Response.Headers.Pragma = "no-cache";
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });

    /// <summary>Sets the headers on one response (also used by error pages, whose headers the exception handler cleared).</summary>
    public static void Apply(Microsoft.AspNetCore.Http.HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
