using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cartera.Application.Data;

/// <summary>
/// A raw SQL query read row by row with ordinal access, for the bulk readers whose rows EF Core would otherwise
/// materialize one object at a time (close-of-day reads millions of installments and ledger lines). The command is
/// still built, parameterized (<c>{0}</c>, <c>{1}</c>… placeholders, as in <c>SqlQueryRaw</c>), logged and intercepted
/// by EF Core, on the context's connection and transaction.
/// </summary>
public static class RawQuery
{
    public static async Task<RelationalDataReader> ReaderAsync(this CarteraDbContext db, string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        var command = db.GetService<IRawSqlCommandBuilder>().Build(sql, parameters, db.Model);
        return await command.RelationalCommand.ExecuteReaderAsync(
            new RelationalCommandParameterObject(
                db.GetService<IRelationalConnection>(),
                command.ParameterValues,
                readerColumns: null,
                db,
                db.GetService<IRelationalCommandDiagnosticsLogger>()),
            cancellationToken);
    }

    /// <summary>
    /// A date column as its day number (<see cref="DateOnly.DayNumber"/>, read with <c>GetInt32</c>): a date subtraction on
    /// PostgreSQL, the Julian day on SQLite (which stores dates as text), so no row parses a string.
    /// </summary>
    public static string DayNumber(string column, bool postgres) =>
        postgres ? $"({column} - DATE '0001-01-01')" : $"CAST(julianday({column}) - 1721425.5 AS INTEGER)";

    public static DateOnly Date(this DbDataReader reader, int ordinal) => DateOnly.FromDayNumber(reader.GetInt32(ordinal));
}
