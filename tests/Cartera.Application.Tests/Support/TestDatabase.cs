using Cartera.Application.Audit;
using Cartera.Application.Data;
using Npgsql;

namespace Cartera.Tests.Support;

/// <summary>
/// A fresh, migrated database for one test (a copy of a template migrated once per process): a SQLite file in a
/// temporary folder, or a new database on the PostgreSQL cluster that the test script starts (<c>CARTERA_PG</c>).
/// Dropped on dispose. When <c>CARTERA_PG</c> is missing the PostgreSQL cases fail under CI (<c>CI=true</c>) and are
/// skipped, with the reason, elsewhere.
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
        if (provider == Postgres)
        {
            var admin = PostgresConnectionString();
            var template = await Template.PostgresAsync(admin);
            var name = "cartera_t_" + Guid.NewGuid().ToString("N")[..16];
            await ExecuteAsync(admin, $"CREATE DATABASE {name} TEMPLATE {template}");
            // Pooled: a new PostgreSQL connection is a new server process and a SCRAM handshake, which made a test of
            // 4,000 requests wait minutes on connecting; the pool is cleared before the database is dropped.
            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
            return new TestDatabase(new DatabaseOptions { Provider = Postgres, ConnectionString = builder.ConnectionString }, null, admin, name);
        }

        var migrated = await Template.SqliteAsync();
        var folder = Path.Combine(Path.GetTempPath(), "cartera-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "cartera.db");
        File.Copy(migrated, file);
        return new TestDatabase(new DatabaseOptions { Provider = Sqlite, ConnectionString = $"Data Source={file}" }, folder, null, null);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// One migrated database per provider and test process, copied for every test (a file copy on SQLite,
    /// <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL): migrating takes seconds, copying a fraction of one, and the copy
    /// is the same schema the migrations build. Dropped when the process exits.
    /// </summary>
    private static class Template
    {
        private static readonly SemaphoreSlim Lock = new(1, 1);
        private static string? _sqliteFile;
        private static string? _postgresName;

        public static async Task<string> SqliteAsync()
        {
            await Lock.WaitAsync();
            try
            {
                if (_sqliteFile is null)
                {
                    var folder = Path.Combine(Path.GetTempPath(), "cartera-tests", "template-" + Guid.NewGuid().ToString("N"));
                    Directory.CreateDirectory(folder);
                    var file = Path.Combine(folder, "cartera.db");
                    await DatabaseMigrator.MigrateAsync(new DatabaseOptions { Provider = Sqlite, ConnectionString = $"Data Source={file};Pooling=False" }, seedReferenceData: false);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder);
                    _sqliteFile = file;
                }

                return _sqliteFile;
            }
            finally
            {
                Lock.Release();
            }
        }

        public static async Task<string> PostgresAsync(string admin)
        {
            await Lock.WaitAsync();
            try
            {
                if (_postgresName is null)
                {
                    var name = "cartera_tpl_" + Guid.NewGuid().ToString("N")[..16];
                    await ExecuteAsync(admin, $"CREATE DATABASE {name}");
                    var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false };
                    await DatabaseMigrator.MigrateAsync(new DatabaseOptions { Provider = Postgres, ConnectionString = builder.ConnectionString }, seedReferenceData: false);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult();
                    _postgresName = name;
                }

                return _postgresName;
            }
            finally
            {
                Lock.Release();
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow finalizer; the temp folder is cleaned by the OS.
        }
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
            await using (var pooled = new NpgsqlConnection(Options.ConnectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }

            await ExecuteAsync(_pgAdmin!, $"DROP DATABASE IF EXISTS {_pgName} WITH (FORCE)");
        }

        if (_sqliteFolder is not null)
        {
            using (var pooled = new Microsoft.Data.Sqlite.SqliteConnection(Options.ConnectionString))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearPool(pooled);
            }

            TryDelete(_sqliteFolder);
        }
    }
}
