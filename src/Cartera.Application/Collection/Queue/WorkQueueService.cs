using Cartera.Application.Audit;
using Cartera.Application.Collection.Assignments;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Collection.Queue;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Queue;

/// <summary>Filters of the queue page (all optional): bucket, DPD range, product, tier, only debtors with a promise
/// (broken or due today) or a callback due.</summary>
public sealed record QueueFilter(string? Bucket = null, int? DpdMin = null, int? DpdMax = null, string? Product = null, int? Tier = null, bool WithPromise = false, bool WithCallback = false);

/// <summary>A position in queue order (keyset): the page after it starts with the next row.</summary>
public sealed record QueueCursor(int Tier, long Points, long DebtorId);

/// <summary>One debtor on the queue page; <c>StrategyTask</c>: the kind of an open strategy task due (null when none).</summary>
public sealed record QueueItem(
    long DebtorId,
    string Name,
    string ExternalId,
    int Tier,
    long Points,
    int Dpd,
    string Bucket,
    string Product,
    long OverdueMinor,
    string Currency,
    bool BrokenPromise,
    bool PromiseDueToday,
    bool CallbackDue,
    bool AgreementOverdue,
    double? Probability,
    string? NextAction,
    QueueTaskKind? StrategyTask = null)
{
    public QueueCursor Cursor => new(Tier, Points, DebtorId);
}

/// <summary>Counts of the user's queue today: open debtors (after the filter) per tier, with a promise, with a callback;
/// debtors worked today (an activity logged on them today, or marked worked), skipped today and snoozed now.</summary>
public sealed record QueueCounts(int Open, IReadOnlyDictionary<int, int> ByTier, int WithPromise, int WithCallback, int Worked, int Skipped, int Snoozed);

/// <summary>A page of the queue: its rows in order and the cursor of the next page (null on the last one).</summary>
public sealed record QueuePageRows(IReadOnlyList<QueueItem> Items, QueueCursor? Next);

/// <summary>
/// A user's work queue (docs/user/collection.md, "Cola de trabajo"): the precomputed rows of
/// <c>work_queue_entries</c> of their active assignments (<see cref="AssignmentScope"/>), in queue order (tier, points
/// descending, debtor id), without the debtors worked today (an activity logged on them today, or marked
/// <c>worked</c>), skipped today or snoozed until a later instant. The page is a keyset range over the index
/// <c>(user_id, tier, points DESC, debtor_id)</c>. Marks are stored per user, debtor and day in
/// <c>queue_item_states</c> and audited. Authorization (who may see whose queue) is the caller's.
/// </summary>
public sealed class WorkQueueService(CarteraDbContext db, IActor actor, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    /// <summary>The lender's date of the queue now.</summary>
    public DateOnly Today => BusinessCalendar.LenderToday(clock);

    /// <summary>The user's open queue rows today, filtered, not yet ordered.</summary>
    public IQueryable<WorkQueueEntry> Open(string userId, QueueFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var today = Today;
        var now = clock.GetUtcNow();
        var start = QueueRefresh.StartOf(today, clock);
        var assigned = AssignmentScope.DebtorIdsOf(db, userId, today);
        var rows = db.WorkQueueEntries.AsNoTracking()
            .Where(e => e.UserId == userId && assigned.Any(id => id == e.DebtorId)) // EXISTS: keeps the index's order
            .Where(e => !db.QueueItemStates.Any(s => s.UserId == userId && s.DebtorId == e.DebtorId
                && ((s.WorkDate == today && s.State != QueueItemState.Snoozed) || (s.State == QueueItemState.Snoozed && s.SnoozedUntil > now))))
            .Where(e => !db.CollectionActivities.Any(a => a.DebtorId == e.DebtorId && a.At >= start));
        return Filtered(rows, filter);
    }

    public async Task<QueuePageRows> PageAsync(string userId, QueueFilter? filter, QueueCursor? after, int size, CancellationToken ct = default)
    {
        size = Math.Clamp(size, 1, MaxPageSize);
        var items = await PageQuery(userId, filter, after, size + 1).ToListAsync(ct);
        return items.Count > size ? new QueuePageRows(items.Take(size).ToList(), items[size - 1].Cursor) : new QueuePageRows(items, null);
    }

    /// <summary>The page's query: <paramref name="take"/> open rows after the cursor, in queue order, with the debtor's name.</summary>
    public IQueryable<QueueItem> PageQuery(string userId, QueueFilter? filter, QueueCursor? after, int take) =>
        Items(Ordered(After(Open(userId, filter), after)).Take(take));

    public async Task<QueueCounts> CountsAsync(string userId, QueueFilter? filter, CancellationToken ct = default)
    {
        var open = Open(userId, filter);
        var byTier = await open.GroupBy(e => e.Tier).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var promise = await open.CountAsync(e => e.BrokenPromise || e.PromiseDueToday, ct);
        var callback = await open.CountAsync(e => e.CallbackDue, ct);
        var today = Today;
        var now = clock.GetUtcNow();
        var marks = await db.QueueItemStates.AsNoTracking()
            .Where(s => s.UserId == userId && (s.WorkDate == today || (s.State == QueueItemState.Snoozed && s.SnoozedUntil > now)))
            .Select(s => new { s.DebtorId, s.State, s.WorkDate }).ToListAsync(ct);
        int Count(QueueItemState state) => marks.Where(m => m.State == state).Select(m => m.DebtorId).Distinct().Count();
        var start = QueueRefresh.StartOf(today, clock);
        var worked = await db.WorkQueueEntries.AsNoTracking()
            .Where(e => e.UserId == userId
                && (db.CollectionActivities.Any(a => a.DebtorId == e.DebtorId && a.At >= start)
                    || db.QueueItemStates.Any(s => s.UserId == userId && s.DebtorId == e.DebtorId && s.WorkDate == today && s.State == QueueItemState.Worked)))
            .CountAsync(ct);
        return new QueueCounts(byTier.Values.Sum(), byTier, promise, callback, worked, Count(QueueItemState.Skipped), Count(QueueItemState.Snoozed));
    }

    /// <summary>
    /// The debtor to open next: the first open row after <paramref name="current"/>'s place in queue order (the current
    /// one left out), else the first open row other than it; null when the queue is empty.
    /// </summary>
    public async Task<long?> NextAsync(string userId, long? current, QueueFilter? filter = null, CancellationToken ct = default)
    {
        var open = Open(userId, filter);
        if (current is { } id)
        {
            var at = await db.WorkQueueEntries.AsNoTracking().Where(e => e.UserId == userId && e.DebtorId == id)
                .Select(e => new QueueCursor(e.Tier, e.Points, e.DebtorId)).FirstOrDefaultAsync(ct);
            if (at is not null && await Ordered(After(open, at)).Select(e => (long?)e.DebtorId).FirstOrDefaultAsync(ct) is { } next)
            {
                return next;
            }

            open = open.Where(e => e.DebtorId != id);
        }

        return await Ordered(open).Select(e => (long?)e.DebtorId).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Marks a debtor of the user's queue for today: worked, skipped, or snoozed until <paramref name="snoozedUntil"/>
    /// (later than now, within 30 days). One mark per user, debtor and day: a new mark replaces the day's one. Audited.
    /// </summary>
    /// <exception cref="DomainException">not_found (the debtor is not assigned to the user), invalid_snooze, too_long.</exception>
    public async Task<QueueItemStateRecord> MarkAsync(string userId, long debtorId, QueueItemState state, DateTimeOffset? snoozedUntil, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var today = Today;
        var now = clock.GetUtcNow();
        if (!await AssignmentScope.DebtorIdsOf(db, userId, today).AnyAsync(d => d == debtorId, ct))
        {
            throw new DomainException("not_found", "El deudor no está en la cola del usuario.", "debtor_id");
        }

        if (state == QueueItemState.Snoozed && (snoozedUntil is not { } until || until <= now || until > now.AddDays(30)))
        {
            throw new DomainException("invalid_snooze", "Posponer pide una fecha y hora posterior a ahora y dentro de 30 días.", "snoozed_until");
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason?.Length > QueueItemStateRecord.MaxReasonLength)
        {
            throw new DomainException("too_long", "El motivo tiene como máximo 500 caracteres.", "reason");
        }

        var row = await db.QueueItemStates.FirstOrDefaultAsync(s => s.UserId == userId && s.DebtorId == debtorId && s.WorkDate == today, ct);
        if (row is null)
        {
            row = new QueueItemStateRecord { UserId = userId, DebtorId = debtorId, WorkDate = today };
            db.QueueItemStates.Add(row);
        }

        row.State = state;
        row.SnoozedUntil = state == QueueItemState.Snoozed ? snoozedUntil!.Value.ToUniversalTime() : null;
        row.Reason = reason;
        row.At = now;
        row.By = actor.Name;
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>Recomputes the queue rows of a debtor for today (after a promise or an activity changed its facts).</summary>
    public Task<int> RefreshDebtorAsync(long debtorId, CancellationToken ct = default) => QueueRefresh.DebtorsAsync(db, [debtorId], Today, ct);

    /// <summary>Queue order: tier ascending, points descending, debtor id ascending — the index's order.</summary>
    public static IOrderedQueryable<WorkQueueEntry> Ordered(IQueryable<WorkQueueEntry> rows) =>
        rows.OrderBy(e => e.Tier).ThenByDescending(e => e.Points).ThenBy(e => e.DebtorId);

    private static IQueryable<WorkQueueEntry> After(IQueryable<WorkQueueEntry> rows, QueueCursor? after) =>
        after is null
            ? rows
            : rows.Where(e => e.Tier > after.Tier
                || (e.Tier == after.Tier && (e.Points < after.Points || (e.Points == after.Points && e.DebtorId > after.DebtorId))));

    private static IQueryable<WorkQueueEntry> Filtered(IQueryable<WorkQueueEntry> rows, QueueFilter? f)
    {
        if (f is null)
        {
            return rows;
        }

        if (!string.IsNullOrWhiteSpace(f.Bucket))
        {
            var bucket = f.Bucket.Trim();
            rows = rows.Where(e => e.Bucket == bucket);
        }

        if (f.DpdMin is { } min)
        {
            rows = rows.Where(e => e.Dpd >= min);
        }

        if (f.DpdMax is { } max)
        {
            rows = rows.Where(e => e.Dpd <= max);
        }

        if (!string.IsNullOrWhiteSpace(f.Product))
        {
            var product = f.Product.Trim();
            rows = rows.Where(e => e.Product == product);
        }

        if (f.Tier is { } tier)
        {
            rows = rows.Where(e => e.Tier == tier);
        }

        if (f.WithPromise)
        {
            rows = rows.Where(e => e.BrokenPromise || e.PromiseDueToday);
        }

        if (f.WithCallback)
        {
            rows = rows.Where(e => e.CallbackDue);
        }

        return rows;
    }

    private IQueryable<QueueItem> Items(IQueryable<WorkQueueEntry> rows) =>
        from e in rows
        join d in db.Debtors on e.DebtorId equals d.Id
        select new QueueItem(
            e.DebtorId, d.FullName, d.ExternalId, e.Tier, e.Points, e.Dpd, e.Bucket, e.Product, e.OverdueMinor, e.CurrencyCode,
            e.BrokenPromise, e.PromiseDueToday, e.CallbackDue, e.AgreementOverdue, e.Probability, e.NextAction, e.StrategyTask);
}
