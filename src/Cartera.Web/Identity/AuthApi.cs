using Cartera.Application.Identity;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace Cartera.Web.Identity;

/// <summary>
/// <c>POST /api/v1/auth/token</c>: email and password in, an Identity bearer token out. The only way to get a token;
/// there is no registration endpoint (users are created by an admin or <c>cartera users add</c>). Failed attempts
/// count towards lockout, and the endpoint is rate-limited per client address. <c>POST /api/v1/auth/sign-out</c> revokes the
/// caller's tokens (and page sessions): every request checks the token's security stamp against the user's.
/// </summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/token", IssueToken)
            .AllowAnonymous()
            .RequireRateLimiting(CarteraWebApp.SignInRateLimit)
            .Produces<AccessTokenResponse>()
            .WithSummary("Exchanges email and password for a bearer token.");
        group.MapPost("/sign-out", SignOut)
            .WithSummary("Revokes every bearer token and page session of the signed-in user (a new security stamp).");
        return api;
    }

    public sealed record TokenRequest(string Email, string Password);

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> IssueToken(TokenRequest request, SignInManager<CarteraUser> signIn, PasswordCheck passwords)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return Unauthorized();
        }

        // The bearer handler writes the token response itself when the sign-in succeeds.
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        return await passwords.SignInAsync(request.Email.Trim(), request.Password) ? TypedResults.Empty : Unauthorized();
    }

    internal static async Task<NoContent> SignOut(HttpContext context, SignInManager<CarteraUser> signIn)
    {
        await AccountEndpoints.RevokeAsync(context, signIn);
        return TypedResults.NoContent();
    }

    // The same answer for an unknown user, a wrong password and a locked account: nothing to enumerate.
    private static ProblemHttpResult Unauthorized() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "The email or password is not valid, or the account is locked.",
        extensions: new Dictionary<string, object?> { ["code"] = "invalid_credentials" });
}
