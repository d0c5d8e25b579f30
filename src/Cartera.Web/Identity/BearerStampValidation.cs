using System.Security.Claims;
using Cartera.Application.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cartera.Web.Identity;

/// <summary>
/// Bearer tokens are opaque and live 30 minutes; the bearer handler does not look at the user store. This check does:
/// on every request authenticated by a token, the token's security stamp must still be the user's, so signing out (a
/// new stamp), a password change or a lockout revokes the tokens issued before at once. A revoked token is treated as
/// no credential (401). Cookies get the same check from Identity's security-stamp validator, run on every request.
/// </summary>
internal static class BearerStampValidation
{
    public static IApplicationBuilder UseBearerStampValidation(this IApplicationBuilder app, Func<Microsoft.AspNetCore.Http.HttpContext, string> selectScheme) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true && selectScheme(context) == IdentityConstants.BearerScheme)
            {
                var signIn = context.RequestServices.GetRequiredService<SignInManager<CarteraUser>>();
                if (await signIn.ValidateSecurityStampAsync(context.User) is null)
                {
                    context.User = new ClaimsPrincipal(new ClaimsIdentity());
                }
            }

            await next(context);
        });
}
