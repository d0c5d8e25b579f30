using System.Data.Common;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cartera.Application.Payments;

/// <summary>
/// The "lock, load, save" unit of work every payment use case runs in (RULES §5; ADR 0010): ONE transaction that first
/// takes the obligation's row lock (an UPDATE of the obligation row: PostgreSQL row lock, SQLite write lock), so
/// operations on the same obligation are serialized on both providers; then loads what the use case needs of the
/// obligation (<see cref="LoadAsync"/>); then saves the lines it appended. A transient conflict (deadlock, busy
/// database, a concurrent insert of the same idempotency key) rolls back and retries the whole work. Called inside a
/// transaction the caller already opened, it joins it and does not retry.
/// </summary>
internal sealed class PaymentUnitOfWork(CarteraDbContext db)
{
    private const int MaxAttempts = 8;

    // Read once per transaction: they do not change while it holds the obligation's lock (a batch of the SQLite group
    // commit holds the database's write lock, so nothing else changes them either).
    private readonly Dictionary<string, ProductSettings> _settings = new(StringComparer.Ordinal);
    private JurisdictionTables? _tables;
    private DateOnly? _business;

    public CarteraDbContext Db => db;

    public string Actor => db.Actor.Name;

    public DateTimeOffset Now => db.Clock.GetUtcNow();

    /// <summary>Runs <paramref name="work"/> in a transaction with retries; an arithmetic overflow anywhere in it (every
    /// sum is checked) fails the operation with <c>amount_out_of_range</c> instead of storing a wrapped figure.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await RunCoreAsync(work, ct);
        }
        catch (OverflowException)
        {
            throw new DomainException("amount_out_of_range", "The obligation's amounts would no longer fit in 64-bit minor units; nothing was booked.", "amount");
        }
    }

    public async Task LockAsync(long obligationId, CancellationToken ct)
    {
        if (!await TryLockAsync(obligationId, ct))
        {
            throw new DomainException("unknown_obligation", $"Obligation {obligationId} does not exist.", "obligation_id");
        }
    }

    /// <summary>
    /// Takes the obligation's write lock for the rest of the transaction: an UPDATE of its row (PostgreSQL: a row lock
    /// that a concurrent posting on the same obligation waits for; SQLite: the database write lock, taken before any read
    /// of the transaction). On SQLite it also bumps the row's version.
    /// </summary>
    public async Task<bool> TryLockAsync(long obligationId, CancellationToken ct)
    {
        var rows = db.IsPostgres
            ? await db.Database.ExecuteSqlAsync($"UPDATE obligations SET status = status WHERE id = {obligationId}", ct)
            : await db.Database.ExecuteSqlAsync($"UPDATE obligations SET version = version + 1 WHERE id = {obligationId}", ct);
        return rows > 0;
    }

    /// <summary>
    /// Everything a posting needs of one obligation, read once per transaction after the lock: the obligation, its
    /// product settings, its installments (tracked: their paid columns are updated), its ledger lines with their
    /// payment ids, and the current business date. Lines the use case books are tracked for <see cref="SaveAsync"/>.
    /// </summary>
    public async Task<ObligationState> LoadAsync(long obligationId, CancellationToken ct)
    {
        var obligation = await db.Obligations.AsNoTracking().SingleAsync(o => o.Id == obligationId, ct);
        var installments = await db.Installments.Where(i => i.ObligationId == obligationId).OrderBy(i => i.Number).ToListAsync(ct);
        var lines = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.ObligationId == obligationId)
            .OrderBy(e => e.Id)
            .Select(e => new LedgerLine(e, EF.Property<long?>(e, Payment.LedgerPaymentId)))
            .ToListAsync(ct);
        if (!_settings.TryGetValue(obligation.Product, out var settings))
        {
            _settings[obligation.Product] = settings = await new ProductCatalog(db).ForCodeAsync(obligation.Product, ct);
        }

        var business = _business ??= await new BusinessCalendar(db).CurrentAsync(ct);
        return new ObligationState(obligation, settings, installments, new ObligationLedger(obligationId, lines, new TrackedLedgerLines(db)), business);
    }

    /// <summary>The arrears rates (the dated usury caps) of the obligation's jurisdiction — its holder's country, as in
    /// the close-of-day (<see cref="JurisdictionTables"/>).</summary>
    public async Task<ArrearsRateSource> RatesAsync(ObligationState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        _tables ??= await JurisdictionTables.LoadAsync(db, ct);
        var debtorId = state.Obligation.DebtorId;
        var country = await db.Debtors.AsNoTracking().Where(d => d.Id == debtorId).Select(d => d.Country).SingleAsync(ct);
        return _tables.Rates(country);
    }

    /// <summary>Forgets what was read once per transaction; called when a transaction starts.</summary>
    public void Forget()
    {
        _settings.Clear();
        _tables = null;
        _business = null;
    }

    /// <summary>
    /// Re-allocates the obligation's posted payments from (<paramref name="fromValueDate"/>, <paramref name="fromPaymentId"/>)
    /// on (<see cref="PaymentReallocation"/>). Payment status changes of this transaction must be tracked (they are read
    /// with the stored rows).
    /// </summary>
    public async Task ReallocateAsync(ObligationState state, DateOnly fromValueDate, string fromPaymentId, CancellationToken ct, string? actor = null)
    {
        var obligationId = state.Obligation.Id;
        var stored = await db.Payments
            .Where(p => p.ObligationId == obligationId && p.ReceivedOn >= fromValueDate)
            .ToListAsync(ct); // tracked: a status changed in this transaction reads as changed
        var affected = PaymentReallocation.Affected(stored, fromValueDate, fromPaymentId);
        var rates = affected.Count > 0 ? await RatesAsync(state, ct) : null;
        PaymentReallocation.Apply(state, affected, rates, actor ?? Actor, Now);
    }

    /// <summary>Saves what the use case appended and changed.</summary>
    public Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);

    private async Task<T> RunCoreAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Forget();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work();
                await transaction.CommitAsync(ct);
                db.ChangeTracker.Clear(); // what the posting read is stale once committed; keeps long-lived contexts small
                return result;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e))
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt * attempt), db.Clock, ct);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }
    }

    /// <summary>Worth a retry: a deadlock or serialization failure, a busy SQLite database, or a unique violation (two
    /// requests racing with the same idempotency key: the retry finds the first one's payment).</summary>
    internal static bool IsTransient(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case PostgresException pg when pg.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation:
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                case SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }:
                    return true;
                case DbException:
                    return false;
            }
        }

        return false;
    }
}
