namespace Cartera.Application.Data;

/// <summary>
/// Which database Cartera uses: <c>Database:Provider</c> = <c>sqlite</c> (default, embedded file <c>cartera.db</c>) or
/// <c>postgres</c> with <c>ConnectionStrings:Cartera</c>.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public string Provider { get; set; } = Sqlite;

    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public string EffectiveConnectionString =>
        !string.IsNullOrWhiteSpace(ConnectionString)
            ? ConnectionString
            : IsPostgres
                ? throw new InvalidOperationException("Database:Provider is postgres but ConnectionStrings:Cartera is not set.")
                : "Data Source=cartera.db";

    public void Validate()
    {
        if (!IsPostgres && !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider must be '{Sqlite}' or '{Postgres}', not '{Provider}'.");
        }

        _ = EffectiveConnectionString;
    }
}
