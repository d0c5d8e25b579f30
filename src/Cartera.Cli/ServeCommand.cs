using System.CommandLine;
using Cartera.Application.Data;
using Cartera.Application.Demo;
using Cartera.Application.Identity;
using Cartera.Cli.Demo;
using Cartera.Cli.Shared;
using Cartera.Web;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Cartera.Cli;

/// <summary>
/// <c>cartera serve</c>: migrates the database and runs the web app. With <c>--demo</c>, an empty database first gets
/// the demo portfolio and one demo user per role, whose credentials are printed.
/// </summary>
internal sealed class ServeCommand : Command
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private static readonly Option<string> Urls = new("--urls")
    {
        Description = "Address(es) to listen on, separated by ';'.",
        HelpName = "URL",
        DefaultValueFactory = _ => DefaultUrl,
    };

    private static readonly Option<bool> Demo = new("--demo")
    {
        Description = "Generate the demo portfolio and demo users when the database has no debtors, and print the demo credentials.",
    };

    private static readonly Option<int> DemoDebtors = new("--demo-debtors")
    {
        Description = "Number of debtors of the demo portfolio.",
        HelpName = "N",
        DefaultValueFactory = _ => 2_000,
    };

    private readonly CliContext _context;

    public ServeCommand(CliContext context)
        : base("serve", "Migrate the database and serve the web app.")
    {
        _context = context;
        Add(Urls);
        Add(Demo);
        Add(DemoDebtors);
        SetAction(ExecuteAsync);
    }

    /// <summary>Migrates, seeds the demo when asked, and builds the web app with the CLI's database configuration.</summary>
    internal async Task<WebApplication> PrepareAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        var urls = parseResult.GetValue(Urls) ?? DefaultUrl;
        _context.Console.MarkupLineInterpolated($"Database: [bold]{CliContext.Describe(database)}[/]");
        var applied = await DatabaseMigrator.MigrateAsync(database, cancellationToken);
        _context.Console.MarkupLineInterpolated($"Migrations applied: {applied.Count}.");

        if (parseResult.GetValue(Demo))
        {
            await SeedDemoAsync(database, parseResult.GetValue(DemoDebtors), cancellationToken);
        }

        var app = CarteraWebApp.Build([.. _context.ConfigurationArguments], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = database.Provider,
                ["ConnectionStrings:Cartera"] = database.EffectiveConnectionString,
            });
            builder.WebHost.UseUrls(urls);
        });
        return app;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(DemoDebtors) < 1)
        {
            throw new CliUsageException("--demo-debtors must be at least 1.");
        }

        await using var app = await PrepareAsync(parseResult, cancellationToken);
        await app.StartAsync(cancellationToken);
        WriteListening(app);
        await app.WaitForShutdownAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    /// <summary>Prints the address the app actually listens on (the real port when 0 was asked for).</summary>
    internal void WriteListening(WebApplication app)
    {
        var url = app.Urls.FirstOrDefault() ?? DefaultUrl;
        _context.Console.Write(new Panel(new Markup($"Cartera is listening on [bold link]{Markup.Escape(url)}[/]  (Ctrl+C to stop)")).BorderColor(Color.Green));
    }

    private async Task SeedDemoAsync(DatabaseOptions database, int debtors, CancellationToken cancellationToken)
    {
        bool empty;
        bool hasDemoData;
        await using (var db = _context.NewDbContext(database))
        {
            empty = !await db.Debtors.AnyAsync(cancellationToken);
            hasDemoData = await db.Debtors.AnyAsync(d => d.ExternalId.StartsWith(DemoPortfolio.ExternalIdPrefix), cancellationToken);
        }

        if (empty)
        {
            var options = new DemoOptions { Debtors = debtors, AsOf = DemoPortfolio.TodayInColombia(_context.Clock) };
            await DemoCommand.GenerateAsync(_context, database, options, cancellationToken);
        }
        else if (hasDemoData)
        {
            _context.Console.MarkupLine("The database already has the demo portfolio: it is not generated again.");
        }
        else
        {
            // Demo users have a published password: never add them to a database with real debtors.
            _context.ErrorConsole.MarkupLine("[yellow]warning:[/] the database has debtors that are not demo data: no demo portfolio and no demo users are created.");
            return;
        }

        await using var services = _context.Services(database);
        await using var scope = services.CreateAsyncScope();
        var demoUsers = ActivatorUtilities.CreateInstance<DemoUsers>(scope.ServiceProvider);
        var accounts = await demoUsers.EnsureAsync(cancellationToken);
        var collection = await ActivatorUtilities.CreateInstance<DemoCollectionHistory>(scope.ServiceProvider).EnsureAsync(cancellationToken);
        if (collection.Promises + collection.Agreements > 0)
        {
            _context.Console.MarkupLine(Markup.Escape("Collection history: " + DemoCollectionHistory.Describe(collection)));
        }

        var table = new Table().Title("Demo sign-in (demo data only: these passwords are public)")
            .AddColumn("Email").AddColumn("Role").AddColumn("Password");
        foreach (var account in accounts)
        {
            table.AddRow(Markup.Escape(account.Email), Markup.Escape(account.Role), Markup.Escape(account.Password));
        }

        _context.Console.Write(table);
        var collector = accounts.First(a => a.Role == Roles.Collector);
        _context.Console.MarkupLineInterpolated($"Sign in as [bold]{accounts[0].Email}[/] / [bold]{accounts[0].Password}[/]; the collector {collector.Email} sees only the debtors assigned to them.");
    }
}
