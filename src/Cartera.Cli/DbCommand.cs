using System.CommandLine;
using Cartera.Application.Data;
using Cartera.Cli.Shared;
using Spectre.Console;

namespace Cartera.Cli;

internal sealed class DbCommand : Command
{
    public DbCommand(CliContext context)
        : base("db", "Database administration.")
    {
        Add(new DbMigrateCommand(context));
    }
}

/// <summary><c>cartera db migrate</c>: applies the pending migrations of the configured provider.</summary>
internal sealed class DbMigrateCommand : Command
{
    private readonly CliContext _context;

    public DbMigrateCommand(CliContext context)
        : base("migrate", "Apply the pending migrations of the configured database and list them.")
    {
        _context = context;
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        _context.Console.MarkupLineInterpolated($"Database: [bold]{CliContext.Describe(database)}[/]");
        var applied = await DatabaseMigrator.MigrateAsync(database, cancellationToken);
        if (applied.Count == 0)
        {
            _context.Console.MarkupLine("[green]Up to date:[/] no migration to apply.");
            return ExitCodes.Ok;
        }

        foreach (var migration in applied)
        {
            _context.Console.MarkupLineInterpolated($"  applied [aqua]{migration}[/]");
        }

        _context.Console.MarkupLineInterpolated($"[green]{applied.Count} migration(s) applied.[/]");
        return ExitCodes.Ok;
    }
}
