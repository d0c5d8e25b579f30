using System.Security.Claims;
using Cartera.Application.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Cartera.Web.Identity;

/// <summary>Adds the display name to the signed-in principal, so the layout shows the person, not the email.</summary>
internal sealed class CarteraClaimsFactory(UserManager<CarteraUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CarteraUser, IdentityRole>(users, roles, options)
{
    public const string DisplayName = "display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CarteraUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        }

        return identity;
    }
}
