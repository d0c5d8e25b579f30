using Cartera.Application.Data;
using Cartera.Domain.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// One close-of-day at a time per database. PostgreSQL: a session advisory lock on the runner's connection; SQLite: an
/// exclusive lock on a file beside the database (<c>cartera.db.close-lock</c>). Both are released by the operating
/// system or the server when the process dies, so a killed run never blocks the resume.
/// </summary>
internal sealed class CloseOfDayLock : IAsyncDisposable
{
    /// <summary>The advisory lock key: the first eight bytes of "cartera close-of-day" read as a number.</summary>
    private const long AdvisoryKey = 0x6361727465726163;

    private readonly CarteraDbContext? _db;
    private readonly FileStream? _file;

    private CloseOfDayLock(CarteraDbContext? db, FileStream? file)
    {
        _db = db;
        _file = file;
    }

    /// <summary>Takes the lock on the context's open connection, or throws <c>close_in_progress</c>.</summary>
    public static async Task<CloseOfDayLock> AcquireAsync(CarteraDbContext db, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            var taken = await db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_lock({0}) AS \"Value\"", AdvisoryKey).SingleAsync(cancellationToken);
            return taken ? new CloseOfDayLock(db, null) : throw Busy();
        }

        var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:")
        {
            return new CloseOfDayLock(null, null); // a private in-memory database has one user
        }

        try
        {
            var file = new FileStream(Path.GetFullPath(source) + ".close-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new CloseOfDayLock(null, file);
        }
        catch (IOException)
        {
            throw Busy();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is not null)
        {
            try
            {
                await _db.Database.SqlQueryRaw<bool>("SELECT pg_advisory_unlock({0}) AS \"Value\"", AdvisoryKey).SingleAsync();
            }
            catch (System.Data.Common.DbException)
            {
                // The connection is gone, and the server released the lock with it.
            }
        }

        if (_file is not null)
        {
            await _file.DisposeAsync();
        }
    }

    private static DomainException Busy() =>
        new("close_in_progress", "Another close-of-day is running on this database; wait for it to finish (`close-of-day status` shows its progress).", "date");
}
