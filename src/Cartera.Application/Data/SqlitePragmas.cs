using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cartera.Application.Data;

/// <summary>
/// Sets the SQLite pragmas Cartera relies on for every connection it opens: write-ahead log (readers never block the
/// writer), synchronous FULL (a committed transaction survives a power cut), enforced foreign keys and a busy timeout; and registers the <c>cartera_fold</c> search function (<see cref="TextSearch"/>).
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Sql = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        TextSearch.RegisterSqliteFunction(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static void Apply(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        TextSearch.RegisterSqliteFunction(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }
}
