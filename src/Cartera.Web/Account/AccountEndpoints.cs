using Cartera.Application.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Cartera.Web.Account;

/// <summary>
/// The form posts of the pages: sign in, sign out, language. Each binds a form, so antiforgery is validated before the
/// handler runs (an invalid or missing token is a 400). The sign-in page itself is a Razor component.
/// </summary>
internal static partial class AccountEndpoints
{
    public const string SignInPost = "/cuenta/sesion";
    public const string SignOutPost = "/cuenta/salir";
    public const string LanguagePost = "/cuenta/idioma";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(SignInPost, SignInAsync).AllowAnonymous().RequireRateLimiting(CarteraWebApp.SignInRateLimit).ExcludeFromDescription();
        app.MapPost(SignOutPost, SignOutAsync).ExcludeFromDescription();
        app.MapPost(LanguagePost, SetLanguage).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public sealed record SignInForm(string? Email, string? Password, string? ReturnUrl);

    public sealed record LanguageForm(string? Culture, string? ReturnUrl);

    private static async Task<RedirectHttpResult> SignInAsync(
        [FromForm] SignInForm form, SignInManager<CarteraUser> signIn, ILoggerFactory loggers)
    {
        var returnUrl = LocalOrHome(form.ReturnUrl);
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
        {
            return TypedResults.LocalRedirect(SignInUrl("missing", returnUrl));
        }

        var result = await signIn.PasswordSignInAsync(form.Email.Trim(), form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.LocalRedirect(returnUrl);
        }

        var log = loggers.CreateLogger(typeof(AccountEndpoints));
        LogSignInFailed(log, result.IsLockedOut);
        return TypedResults.LocalRedirect(SignInUrl(result.IsLockedOut ? "locked" : "invalid", returnUrl));
    }

    private static async Task<RedirectHttpResult> SignOutAsync([FromForm] string? returnUrl, SignInManager<CarteraUser> signIn)
    {
        _ = returnUrl;
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect(CarteraWebApp.SignInPath);
    }

    private static RedirectHttpResult SetLanguage([FromForm] LanguageForm form, HttpContext context)
    {
        var culture = form.Culture == "en-US" ? "en-US" : "es-CO";
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(365),
            });
        return TypedResults.LocalRedirect(LocalOrHome(form.ReturnUrl));
    }

    /// <summary>Only local paths: an open redirect through returnUrl is refused.</summary>
    internal static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";

    private static string SignInUrl(string error, string returnUrl) =>
        $"{CarteraWebApp.SignInPath}?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}";

    // No email in the log: the failure is counted, the account is not named.
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Sign-in failed (locked out: {LockedOut})")]
    private static partial void LogSignInFailed(ILogger logger, bool lockedOut);
}
