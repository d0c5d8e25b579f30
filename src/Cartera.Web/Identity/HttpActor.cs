using System.Security.Claims;
using Cartera.Application.Audit;
using Microsoft.AspNetCore.Http;

namespace Cartera.Web.Identity;

/// <summary>
/// The actor of the current request, for the audit trail: <c>user:{id}:{email}</c> and the remote IP address.
/// Outside a request (start-up, seeding) it is <c>system</c>; before sign-in it is <c>anonymous</c>.
/// </summary>
internal sealed class HttpActor(IHttpContextAccessor accessor) : IActor
{
    public string Name
    {
        get
        {
            var context = accessor.HttpContext;
            if (context is null)
            {
                return FixedActor.System.Name;
            }

            var user = context.User;
            if (user.Identity?.IsAuthenticated != true)
            {
                return "anonymous";
            }

            return $"user:{user.FindFirstValue(ClaimTypes.NameIdentifier)}:{user.FindFirstValue(ClaimTypes.Email) ?? user.Identity.Name}";
        }
    }

    public string? Source => accessor.HttpContext is { } context
        ? context.Connection.RemoteIpAddress?.ToString() ?? "unknown"
        : FixedActor.System.Source;
}
