using Cartera.Application.Data;
using Cartera.Domain.Collection.Promises;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Promises;

/// <summary>A broken promise of a debtor: when it broke (the day after the failing installment's grace ended). Built
/// with an object initializer so a query over it can still be filtered, ordered and joined in SQL.</summary>
public sealed record BrokenPromise
{
    public long DebtorId { get; init; }

    public long PromiseId { get; init; }

    public string ExternalId { get; init; } = string.Empty;

    public DateOnly BrokenOn { get; init; }
}

/// <summary>
/// A promise installment due in a period, for the KPIs (RULES §10: promises kept ÷ due): its amount, whether close-of-day
/// step 8 found it kept, and the obligation it is counted on — the lowest-id obligation of the promise's scope (the named
/// obligations, or all of the debtor's).
/// </summary>
public sealed record PromiseInstallmentDue
{
    public long DebtorId { get; init; }

    public long ObligationId { get; init; }

    public string CurrencyCode { get; init; } = string.Empty;

    public long AmountMinor { get; init; }

    public bool Kept { get; init; }
}

/// <summary>A debtor's promises at a glance: counts per status, the latest break and the next pending due date.</summary>
public sealed record DebtorPromiseStatus(long DebtorId, int Pending, int Kept, int Broken, DateOnly? LastBrokenOn, DateOnly? NextDueOn);

/// <summary>
/// Collection's public read model of promises for other features (the work queue: "a broken promise tops the queue"):
/// the statuses stored by close-of-day step 8 as of the last closed date.
/// </summary>
public sealed class PromiseQueries(CarteraDbContext db)
{
    /// <summary>Whether the debtor made a promise still pending that was recorded after <paramref name="since"/> (an
    /// outbox message planned before it asks for nothing more).</summary>
    public Task<bool> PendingMadeSinceAsync(long debtorId, DateTimeOffset since, CancellationToken ct = default) =>
        db.Promises.AsNoTracking().AnyAsync(p => p.DebtorId == debtorId && p.Status == PromiseStatus.Pending && p.CreatedAt > since, ct);

    /// <summary><see cref="PendingMadeSinceAsync"/> for many debtors: when each one's latest pending promise was recorded (debtors without one are left out).</summary>
    public async Task<IReadOnlyDictionary<long, DateTimeOffset>> LatestPendingMadeAsync(IReadOnlyCollection<long> debtorIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(debtorIds);
        var ids = debtorIds.Distinct().ToList();
        var made = await db.Promises.AsNoTracking().Where(p => ids.Contains(p.DebtorId) && p.Status == PromiseStatus.Pending)
            .Select(p => new { p.DebtorId, p.CreatedAt }).ToListAsync(ct);
        return made.GroupBy(p => p.DebtorId).ToDictionary(g => g.Key, g => g.Max(p => p.CreatedAt));
    }

    /// <summary>The days each of <paramref name="debtorIds"/> made promises (any status but cancelled) from <paramref name="from"/> through <paramref name="to"/>.</summary>
    public async Task<IReadOnlyDictionary<long, List<DateOnly>>> MadeOnAsync(IReadOnlyCollection<long> debtorIds, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(debtorIds);
        var ids = debtorIds.Distinct().ToList();
        var made = await db.Promises.AsNoTracking()
            .Where(p => ids.Contains(p.DebtorId) && p.MadeOn >= from && p.MadeOn <= to && p.Status != PromiseStatus.Cancelled)
            .Select(p => new { p.DebtorId, p.MadeOn }).ToListAsync(ct);
        return made.GroupBy(p => p.DebtorId).ToDictionary(g => g.Key, g => g.Select(p => p.MadeOn).Order().ToList());
    }

    /// <summary>
    /// Installments of promises not cancelled, themselves not cancelled, due from <paramref name="from"/> through
    /// <paramref name="to"/>, kept or not as of the last evaluation — a query to join and aggregate in SQL.
    /// </summary>
    public IQueryable<PromiseInstallmentDue> InstallmentsDue(DateOnly from, DateOnly to) =>
        from i in db.PromiseInstallments.AsNoTracking()
        join p in db.Promises.AsNoTracking() on i.PromiseId equals p.Id
        where i.DueOn >= @from && i.DueOn <= to && i.Status != PromiseInstallmentStatus.Cancelled && p.Status != PromiseStatus.Cancelled
        select new PromiseInstallmentDue
        {
            DebtorId = p.DebtorId,
            ObligationId = (p.AllObligations
                ? db.Obligations.Where(o => o.DebtorId == p.DebtorId).Min(o => (long?)o.Id)
                : db.PromiseObligations.Where(o => o.PromiseId == p.Id).Min(o => (long?)o.ObligationId)) ?? 0,
            CurrencyCode = p.CurrencyCode,
            AmountMinor = i.AmountMinor,
            Kept = i.Status == PromiseInstallmentStatus.Kept,
        };

    /// <summary>Broken promises that broke on or after <paramref name="since"/> — a query a queue can join or page.</summary>
    public IQueryable<BrokenPromise> BrokenPromises(DateOnly since) =>
        db.Promises.AsNoTracking()
            .Where(p => p.Status == PromiseStatus.Broken && p.SettledOn >= since)
            .Select(p => new BrokenPromise { DebtorId = p.DebtorId, PromiseId = p.Id, ExternalId = p.ExternalId, BrokenOn = p.SettledOn!.Value });

    /// <summary>Debtor ids (possibly repeated) with a pending installment of a pending promise due on <paramref name="day"/>.</summary>
    public IQueryable<long> DebtorsWithInstallmentDue(DateOnly day) =>
        db.PromiseInstallments.AsNoTracking()
            .Where(i => i.Status == PromiseInstallmentStatus.Pending && i.DueOn == day)
            .Join(db.Promises.Where(p => p.Status == PromiseStatus.Pending), i => i.PromiseId, p => p.Id, (i, p) => p.DebtorId);

    /// <summary>The promise status of each of these debtors (debtors without promises are left out).</summary>
    public async Task<IReadOnlyDictionary<long, DebtorPromiseStatus>> StatusByDebtorAsync(IReadOnlyCollection<long> debtorIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(debtorIds);
        var result = new Dictionary<long, DebtorPromiseStatus>();
        foreach (var chunk in debtorIds.Distinct().Chunk(1_000))
        {
            var counts = await db.Promises.AsNoTracking().Where(p => chunk.Contains(p.DebtorId))
                .GroupBy(p => p.DebtorId)
                .Select(g => new
                {
                    DebtorId = g.Key,
                    Pending = g.Count(p => p.Status == PromiseStatus.Pending),
                    Kept = g.Count(p => p.Status == PromiseStatus.Kept),
                    Broken = g.Count(p => p.Status == PromiseStatus.Broken),
                    LastBroken = g.Where(p => p.Status == PromiseStatus.Broken).Max(p => p.SettledOn),
                })
                .ToListAsync(ct);
            var next = await db.PromiseInstallments.AsNoTracking()
                .Where(i => i.Status == PromiseInstallmentStatus.Pending)
                .Join(db.Promises.Where(p => chunk.Contains(p.DebtorId) && p.Status == PromiseStatus.Pending), i => i.PromiseId, p => p.Id, (i, p) => new { p.DebtorId, i.DueOn })
                .GroupBy(x => x.DebtorId).Select(g => new { DebtorId = g.Key, Next = g.Min(x => x.DueOn) })
                .ToDictionaryAsync(x => x.DebtorId, x => x.Next, ct);
            foreach (var c in counts)
            {
                result[c.DebtorId] = new DebtorPromiseStatus(c.DebtorId, c.Pending, c.Kept, c.Broken, c.LastBroken, next.TryGetValue(c.DebtorId, out var n) ? n : null);
            }
        }

        return result;
    }
}
