using Cartera.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace Cartera.Application.Identity;

/// <summary>Creates users and gives them roles (<c>cartera users add</c>, the admin page, the demo).</summary>
public sealed class UserAdministration(UserManager<CarteraUser> users, RoleManager<IdentityRole> roles)
{
    /// <summary>Creates the seven roles when missing. Idempotent.</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), "role");
            }
        }
    }

    /// <summary>Adds a user with a role. Fails with <c>user_exists</c>, <c>unknown_role</c> or a password-policy code.</summary>
    public async Task<CarteraUser> AddAsync(string email, string role, string password, string? displayName = null, string language = "es")
    {
        if (!Roles.IsKnown(role))
        {
            throw new DomainException("unknown_role", $"'{role}' is not a role. Roles: {string.Join(", ", Roles.All)}.", "role");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new DomainException("user_exists", $"A user with email {email} already exists.", "email");
        }

        await EnsureRolesAsync();
        var user = new CarteraUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName ?? email,
            Language = language,
        };
        Check(await users.CreateAsync(user, password), "password");
        Check(await users.AddToRoleAsync(user, role), "role");
        return user;
    }

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            var first = result.Errors.First();
            throw new DomainException(
                "identity_" + first.Code.ToLowerInvariant(),
                string.Join(" ", result.Errors.Select(e => e.Description)),
                field);
        }
    }
}
