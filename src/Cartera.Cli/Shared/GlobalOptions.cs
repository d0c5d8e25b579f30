using System.CommandLine;
using Cartera.Application.Data;

namespace Cartera.Cli.Shared;

/// <summary>Options accepted by every command; they override appsettings.json and environment variables.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Provider = CreateProvider();

    public static readonly Option<string?> Connection = new("--connection")
    {
        Description = "Connection string (overrides ConnectionStrings:Cartera). Default for sqlite: Data Source=cartera.db",
        HelpName = "STRING",
        Recursive = true,
    };

    private static Option<string?> CreateProvider()
    {
        var option = new Option<string?>("--provider")
        {
            Description = "Database provider (overrides Database:Provider). Default: sqlite",
            HelpName = "sqlite|postgres",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong(DatabaseOptions.Sqlite, DatabaseOptions.Postgres);
        return option;
    }
}
