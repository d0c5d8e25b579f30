using System.CommandLine;
using Cartera.Application;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Spectre.Console;

namespace Cartera.Cli.Shared;

/// <summary>
/// What every command needs: the consoles, the configuration (appsettings.json next to the executable, environment
/// variables, <c>--Section:Key=value</c> arguments, then the global <c>--provider</c> and <c>--connection</c>),
/// the clock and the actor.
/// </summary>
internal sealed class CliContext(
    IAnsiConsole console,
    IAnsiConsole errorConsole,
    TextWriter stdout,
    TextWriter stderr,
    IReadOnlyList<string> configurationArguments,
    TimeProvider clock)
{
    /// <summary>Human output: tables, progress, messages.</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Errors and, when data goes to standard output, the messages that would otherwise mix with it.</summary>
    public IAnsiConsole ErrorConsole { get; } = errorConsole;

    /// <summary>Raw standard output, for exported data.</summary>
    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    /// <summary>The <c>--Section:Key=value</c> arguments, passed on to the web host by <c>serve</c>.</summary>
    public IReadOnlyList<string> ConfigurationArguments { get; } = configurationArguments;

    /// <summary>The clock in the lender's time zone (<c>Lender:TimeZone</c>).</summary>
    public TimeProvider Clock => field ??= Application.Delinquency.LenderClock.From(clock, Configuration()[Application.Delinquency.LenderClock.TimeZoneKey]);

    public IActor Actor { get; } = CliActor.Current;

    /// <summary>Live widgets (progress bars) only on an interactive ANSI terminal; plain lines otherwise.</summary>
    public bool Interactive => Console.Profile.Capabilities.Interactive && Console.Profile.Capabilities.Ansi;

    public IConfiguration Configuration()
    {
        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(ConfigurationArguments.ToArray())
            .Build();
    }

    public DatabaseOptions Database(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var configuration = Configuration();
        var options = new DatabaseOptions
        {
            Provider = configuration["Database:Provider"] is { Length: > 0 } p ? p : DatabaseOptions.Sqlite,
            ConnectionString = configuration.GetConnectionString("Cartera"),
        };
        if (parseResult.GetValue(GlobalOptions.Provider) is { } provider)
        {
            if (!string.Equals(provider, options.Provider, StringComparison.OrdinalIgnoreCase) && parseResult.GetValue(GlobalOptions.Connection) is null)
            {
                // A connection string configured for the other provider would not work with this one.
                options.ConnectionString = null;
            }

            options.Provider = provider;
        }

        if (parseResult.GetValue(GlobalOptions.Connection) is { } connection)
        {
            options.ConnectionString = connection;
        }

        options.Provider = options.Provider.ToLowerInvariant();
        try
        {
            options.Validate();
        }
        catch (InvalidOperationException e)
        {
            throw new CliUsageException(e.Message, e);
        }

        return options;
    }

    /// <summary>The database as people recognise it, without secrets: <c>sqlite cartera.db</c>, <c>postgres host:5432/db</c>.</summary>
    public static string Describe(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            if (options.IsPostgres)
            {
                var pg = new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString);
                return $"postgres {pg.Host}:{pg.Port}/{pg.Database}";
            }

            return $"sqlite {new SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource}";
        }
        catch (ArgumentException)
        {
            return options.Provider;
        }
    }

    /// <summary>Services for commands that use Identity or several use cases (users, demo users).</summary>
    public ServiceProvider Services(DatabaseOptions database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Clock);
        services.AddScoped(_ => Actor);
        services.AddCarteraApplication(database);
        services.AddIdentityCore<CarteraUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CarteraDbContext>();
        services.AddScoped<UserAdministration>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public CarteraDbContext NewDbContext(DatabaseOptions database) => new(CarteraDatabase.Options(database), Actor, Clock);

    /// <summary>Refuses to work on a database whose schema is behind the application (run <c>cartera db migrate</c>).</summary>
    public async Task EnsureMigratedAsync(DatabaseOptions database, CancellationToken cancellationToken)
    {
        await using var db = NewDbContext(database);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new CliUsageException($"The database ({Describe(database)}) is not up to date ({pending.Count} migration(s) pending). Run 'cartera db migrate' first.");
        }
    }
}
