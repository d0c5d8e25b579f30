using System.CommandLine;
using System.Security.Cryptography;
using Cartera.Application.Identity;
using Cartera.Cli.Shared;
using Spectre.Console;

namespace Cartera.Cli.Identity;

internal sealed class UsersCommand : Command
{
    public UsersCommand(CliContext context)
        : base("users", "Manage the people who sign in to Cartera.")
    {
        Add(new UsersAddCommand(context));
    }
}

/// <summary><c>cartera users add</c>: creates a user with a role; generates and prints a password when none is given.</summary>
internal sealed class UsersAddCommand : Command
{
    private static readonly Option<string> Email = new("--email")
    {
        Description = "Email address; also the user name.",
        HelpName = "EMAIL",
        Required = true,
    };

    private static readonly Option<string> Role = CreateRoleOption();

    private static readonly Option<string?> Password = new("--password")
    {
        Description = "Initial password. When omitted, a strong one is generated and printed once.",
        HelpName = "PASSWORD",
    };

    private static readonly Option<string?> DisplayName = new("--name")
    {
        Description = "Display name (default: the email).",
        HelpName = "NAME",
    };

    private readonly CliContext _context;

    public UsersAddCommand(CliContext context)
        : base("add", "Add a user with a role.")
    {
        _context = context;
        Add(Email);
        Add(Role);
        Add(Password);
        Add(DisplayName);
        SetAction(ExecuteAsync);
    }

    /// <summary>A random password that meets the Identity policy: 20 characters with upper, lower, digit and symbol.</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string lower = "abcdefghijkmnopqrstuvwxyz";
        const string digits = "23456789";
        const string symbols = "!#$%&*+-=?@_";
        while (true)
        {
            var password = RandomNumberGenerator.GetString(upper + lower + digits + symbols, 20);
            if (password.Any(upper.Contains) && password.Any(lower.Contains) && password.Any(digits.Contains) && password.Any(symbols.Contains))
            {
                return password;
            }
        }
    }

    private static Option<string> CreateRoleOption()
    {
        var option = new Option<string>("--role")
        {
            Description = $"Role: {string.Join(", ", Roles.All)}.",
            HelpName = "ROLE",
            Required = true,
        };
        option.AcceptOnlyFromAmong([.. Roles.All]);
        return option;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        var email = parseResult.GetRequiredValue(Email).Trim();
        var role = parseResult.GetRequiredValue(Role);
        var given = parseResult.GetValue(Password);
        var password = string.IsNullOrEmpty(given) ? GeneratePassword() : given;

        await using var services = _context.Services(database);
        await using var scope = services.CreateAsyncScope();
        var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var user = await administration.AddAsync(email, role, password, parseResult.GetValue(DisplayName));

        _context.Console.MarkupLineInterpolated($"[green]User {user.Email} created[/] with role [bold]{role}[/] (id {user.Id}).");
        if (string.IsNullOrEmpty(given))
        {
            _context.Console.MarkupLineInterpolated($"Password: [bold yellow]{password}[/]");
            _context.Console.MarkupLine("Store it now: it is not shown again.");
        }

        return ExitCodes.Ok;
    }
}
