using Cartera.Application.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Cartera.Web.Identity;

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
        [FromForm] SignInForm form, PasswordCheck passwords, ILoggerFactory loggers)
    {
        var returnUrl = LocalOrHome(form.ReturnUrl);
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
        {
            return TypedResults.LocalRedirect(SignInUrl("missing", returnUrl));
        }

        if (await passwords.SignInAsync(form.Email.Trim(), form.Password))
        {
            return TypedResults.LocalRedirect(returnUrl);
        }

        // One answer for an unknown email, a wrong password and a locked account: nothing to enumerate.
        LogSignInFailed(loggers.CreateLogger(typeof(AccountEndpoints)));
        return TypedResults.LocalRedirect(SignInUrl("invalid", returnUrl));
    }

    /// <summary>
    /// Signs out and revokes the session on the server: the new security stamp invalidates every cookie and bearer token
    /// issued to the user before (a copied cookie included), because stamps are validated on every request.
    /// </summary>
    private static async Task<RedirectHttpResult> SignOutAsync([FromForm] string? returnUrl, HttpContext context, SignInManager<CarteraUser> signIn)
    {
        _ = returnUrl;
        await RevokeAsync(context, signIn);
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect(CarteraWebApp.SignInPath);
    }

    /// <summary>Updates the signed-in user's security stamp (no user, nothing to do).</summary>
    internal static async Task RevokeAsync(HttpContext context, SignInManager<CarteraUser> signIn)
    {
        if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        }
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
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Sign-in failed")]
    private static partial void LogSignInFailed(ILogger logger);
}
