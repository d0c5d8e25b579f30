using System.Globalization;
using Cartera.Application.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cartera.Web.Identity;

/// <summary>
/// The session cookie of the pages: HttpOnly, Secure on HTTPS, SameSite=Lax, 30 minutes idle (sliding) and 8 hours
/// absolute. Sliding renewal re-issues the cookie, so the absolute limit is kept in its own property, set once at sign-in.
/// Every request checks the cookie's security stamp against the user's, so signing out revokes copies of the cookie.
/// </summary>
internal static class SessionCookie
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(8);

    private const string StartedKey = "cartera.session_started";

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "cartera.session";
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.ExpireTimeSpan = IdleTimeout;
        options.SlidingExpiration = true;
        options.LoginPath = CarteraWebApp.SignInPath;
        options.LogoutPath = "/cuenta/salir";
        options.AccessDeniedPath = "/cuenta/acceso-denegado";
        options.ReturnUrlParameter = "returnUrl";
        options.Events.OnSigningIn = context =>
        {
            if (!context.Properties.Items.ContainsKey(StartedKey))
            {
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                context.Properties.Items[StartedKey] = now.UtcTicks.ToString(CultureInfo.InvariantCulture);
            }

            return Task.CompletedTask;
        };
        options.Events.OnValidatePrincipal = async context =>
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            if (!context.Properties.Items.TryGetValue(StartedKey, out var started)
                || !long.TryParse(started, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || now - new DateTimeOffset(ticks, TimeSpan.Zero) > AbsoluteTimeout)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }

            // Server-side revocation: the cookie's security stamp must still be the user's on every request (sign-out,
            // a password or role change and a lockout give the user a new stamp). Identity's own validator only looks
            // after an interval has elapsed since the cookie was issued; this check has no interval.
            var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<CarteraUser>>();
            if (context.Principal is null || await signIn.ValidateSecurityStampAsync(context.Principal) is null)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            }
        };
    }
}
