using Cartera.Application.Audit;
using Cartera.Application.Data;
using Npgsql;

namespace Cartera.Tests.Support;

/// <summary>
/// A fresh, migrated database for one test: a SQLite file in a temporary folder, or a new database on the PostgreSQL
/// cluster that the test script starts (<c>CARTERA_PG</c>). Dropped on dispose. When <c>CARTERA_PG</c> is missing the
/// PostgreSQL cases fail under CI (<c>CI=true</c>) and are skipped, with the reason, elsewhere.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = DatabaseOptions.Sqlite;
    public const string Postgres = DatabaseOptions.Postgres;

    private readonly string? _sqliteFolder;
    private readonly string? _pgAdmin;
    private readonly string? _pgName;

    private TestDatabase(DatabaseOptions options, string? sqliteFolder, string? pgAdmin, string? pgName)
    {
        Options = options;
        _sqliteFolder = sqliteFolder;
        _pgAdmin = pgAdmin;
        _pgName = pgName;
    }

    /// <summary>Theory data: both providers.</summary>
    public static TheoryData<string> Providers => new(Sqlite, Postgres);

    public DatabaseOptions Options { get; }

    public string Provider => Options.Provider;

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        TestDatabase db;
        if (provider == Postgres)
        {
            var admin = PostgresConnectionString();
            var name = "cartera_t_" + Guid.NewGuid().ToString("N")[..16];
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await command.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false };
            db = new TestDatabase(new DatabaseOptions { Provider = Postgres, ConnectionString = builder.ConnectionString }, null, admin, name);
        }
        else
        {
            var folder = Path.Combine(Path.GetTempPath(), "cartera-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var cs = $"Data Source={Path.Combine(folder, "cartera.db")};Pooling=False";
            db = new TestDatabase(new DatabaseOptions { Provider = Sqlite, ConnectionString = cs }, folder, null, null);
        }

        await DatabaseMigrator.MigrateAsync(db.Options, seedReferenceData: false);
        return db;
    }

    /// <summary>The admin connection string of the test cluster; fails under CI, skips elsewhere, when missing.</summary>
    public static string PostgresConnectionString()
    {
        var cs = Environment.GetEnvironmentVariable("CARTERA_PG");
        if (!string.IsNullOrWhiteSpace(cs))
        {
            return cs;
        }

        const string reason = "CARTERA_PG is not set: run the tests with ./test.sh, which starts a PostgreSQL cluster.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(reason);
        }

        Assert.Skip(reason);
        return string.Empty;
    }

    public CarteraDbContext Context(IActor? actor = null, TimeProvider? clock = null) =>
        new(CarteraDatabase.Options(Options), actor, clock);

    public async ValueTask DisposeAsync()
    {
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_pgAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_pgName} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        if (_sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow finalizer; the temp folder is cleaned by the OS.
            }
        }
    }
}
