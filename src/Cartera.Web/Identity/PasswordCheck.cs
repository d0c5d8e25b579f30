using Cartera.Application.Identity;
using Microsoft.AspNetCore.Identity;

namespace Cartera.Web.Identity;

/// <summary>
/// Email and password sign-in for the form and the token endpoint, answering an unknown email, a wrong password and a
/// locked account alike: the callers show one message and status for every failure, and each failure costs one
/// password-hash verification, so timing does not tell them apart either (Identity alone returns at once for an unknown
/// user or a locked account, without hashing). Failures count towards lockout as before.
/// </summary>
internal sealed class PasswordCheck(UserManager<CarteraUser> users, SignInManager<CarteraUser> signIn, IPasswordHasher<CarteraUser> hasher)
{
    private static readonly CarteraUser Nobody = new() { Id = "nobody", UserName = "nobody", Email = "nobody@invalid" };
    private static string? _nobodyHash;

    /// <summary>Signs in with <see cref="SignInManager{TUser}.AuthenticationScheme"/> (set it before for bearer tokens).</summary>
    public async Task<bool> SignInAsync(string email, string password)
    {
        var user = await users.FindByNameAsync(email);
        if (user is null)
        {
            Burn(password);
            return false;
        }

        if (users.SupportsUserLockout && await users.IsLockedOutAsync(user))
        {
            Burn(password);
            return false;
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded;
    }

    /// <summary>One verification against a hash of no account, as long as a real one takes; the result is ignored.</summary>
    private void Burn(string password)
    {
        var hash = _nobodyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
        _ = hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
