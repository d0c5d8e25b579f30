using Cartera.Application.Collection.Agreements;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Data;
using Cartera.Application.Scoring.Actions;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Queue;
using Cartera.Domain.Common;
using Cartera.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Queue;

/// <summary>
/// Computes the rows of <c>work_queue_entries</c> for the lender's date <c>today</c>: for every active assignment (valid
/// on that date) the debtor's facts — broken promises in the last <see cref="QueuePriority.BrokenPromiseDays"/> days and
/// promise installments due today (<see cref="PromiseQueries"/>), callbacks due today or earlier and not yet followed by
/// a contact (the activity log), active agreement installments overdue (<see cref="AgreementQueries"/>), DPD, bucket,
/// product and overdue total of the latest delinquency snapshots on or before today, the latest payment probability and
/// the best next action (Scoring's <see cref="BestNextAction"/> over the stored priors), the open strategy tasks due
/// today or earlier (<see cref="QueueTasks"/>, after closing those a call or visit did) — ranked by the stored
/// <see cref="QueuePriority"/>. A constant number of set-based queries; the rows are replaced in one transaction.
/// </summary>
public static class QueueRefresh
{
    /// <summary>How far back an unanswered callback still counts as due.</summary>
    public const int CallbackLookbackDays = 7;

    /// <summary>Recomputes every user's queue for <paramref name="today"/>; returns the rows written.</summary>
    public static Task<int> AllAsync(CarteraDbContext db, DateOnly today, CancellationToken ct = default) => RunAsync(db, today, null, ct);

    /// <summary>Recomputes the rows of these debtors (after a promise or activity changed).</summary>
    public static Task<int> DebtorsAsync(CarteraDbContext db, IReadOnlyCollection<long> debtorIds, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(debtorIds);
        return debtorIds.Count == 0 ? Task.FromResult(0) : RunAsync(db, today, debtorIds.Distinct().ToList(), ct);
    }

    /// <summary>The first instant (UTC) of the lender's date <paramref name="day"/> in the clock's zone.</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, clock.LocalTimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static async Task<int> RunAsync(CarteraDbContext db, DateOnly today, List<long>? only, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var priority = await QueuePrioritySettings.LoadAsync(db, ct);
        var assignments = db.DebtorAssignments.AsNoTracking().Where(a => a.EndedAt == null && a.ValidFrom <= today);
        if (only is not null)
        {
            assignments = assignments.Where(a => only.Contains(a.DebtorId));
        }

        var assigned = await assignments.Select(a => new { a.UserId, a.DebtorId }).ToListAsync(ct);

        // Delinquency: the latest closed snapshots on or before today.
        var snapshotDate = await db.DelinquencySnapshots.AsNoTracking().Where(s => s.BusinessDate <= today).MaxAsync(s => (DateOnly?)s.BusinessDate, ct);
        var delinquency = new Dictionary<long, (int Dpd, long Due, string Currency, string Product)>();
        var buckets = new Dictionary<long, (int Dpd, string Bucket, string Product)>();
        var currentBucket = string.Empty;
        if (snapshotDate is { } sd)
        {
            var snapshots = db.DelinquencySnapshots.AsNoTracking().Where(s => s.BusinessDate == sd);
            if (only is not null)
            {
                snapshots = snapshots.Where(s => only.Contains(s.DebtorId));
            }

            foreach (var g in await snapshots.GroupBy(s => s.DebtorId)
                .Select(g => new { g.Key, Dpd = g.Max(s => s.Dpd), Due = g.Sum(s => s.TotalDueMinor), Currency = g.Min(s => s.CurrencyCode) ?? "COP", Product = g.Min(s => s.Product) ?? string.Empty })
                .ToListAsync(ct))
            {
                delinquency[g.Key] = (g.Dpd, g.Due, g.Currency.Trim(), g.Product);
            }

            foreach (var s in await snapshots.Where(s => s.Dpd > 0).Select(s => new { s.DebtorId, s.Dpd, s.Bucket, s.Product }).ToListAsync(ct))
            {
                if (!buckets.TryGetValue(s.DebtorId, out var b) || s.Dpd > b.Dpd)
                {
                    buckets[s.DebtorId] = (s.Dpd, s.Bucket, s.Product);
                }
            }

            currentBucket = await db.DelinquencySnapshots.AsNoTracking().Where(s => s.BusinessDate == sd && s.Dpd == 0).Select(s => s.Bucket).FirstOrDefaultAsync(ct) ?? string.Empty;
        }

        // Scoring: the latest scored date on or before today.
        var scoreDate = await db.DebtorScores.AsNoTracking().Where(s => s.BusinessDate <= today).MaxAsync(s => (DateOnly?)s.BusinessDate, ct);
        var probabilities = new Dictionary<long, double>();
        if (scoreDate is { } scd)
        {
            var scores = db.DebtorScores.AsNoTracking().Where(s => s.BusinessDate == scd);
            if (only is not null)
            {
                scores = scores.Where(s => only.Contains(s.DebtorId));
            }

            probabilities = await scores.ToDictionaryAsync(s => s.DebtorId, s => s.Probability, ct);
        }

        var priors = await new ActionPriorCatalog(db).CurrentAsync(ct);

        // Promises, callbacks and agreements: sets of debtor ids.
        var promises = new PromiseQueries(db);
        var broken = await Ids(promises.BrokenPromises(today.AddDays(-priority.BrokenPromiseDays)).Where(p => p.BrokenOn <= today).Select(p => p.DebtorId), only, ct);
        var dueToday = await Ids(promises.DebtorsWithInstallmentDue(today), only, ct);
        var agreements = await Ids(new AgreementQueries(db).DebtorsWithOverdueInstallments(today), only, ct);
        var endOfToday = StartOf(today.AddDays(1), db.Clock);
        var callbackFrom = StartOf(today.AddDays(-CallbackLookbackDays), db.Clock);
        var callbacks = await Ids(
            db.CollectionActivities.AsNoTracking()
                .Where(a => a.NextActionAt >= callbackFrom && a.NextActionAt < endOfToday
                    && !db.CollectionActivities.Any(b => b.DebtorId == a.DebtorId && b.Kind != ActivityKind.Note && (b.At > a.At || (b.At == a.At && b.Id > a.Id))))
                .Select(a => a.DebtorId),
            only,
            ct);

        // Strategy tasks: first close those a recorded call or visit did, then the open ones due by today (a visit wins).
        await QueueTasks.CloseDoneAsync(db, only, db.Clock, ct);
        var openTasks = db.QueueTasks.AsNoTracking().Where(t => t.Status == QueueTaskStatus.Open && t.DueDate <= today);
        if (only is not null)
        {
            openTasks = openTasks.Where(t => only.Contains(t.DebtorId));
        }

        var tasks = (await openTasks.Select(t => new { t.DebtorId, t.Kind }).Distinct().ToListAsync(ct))
            .GroupBy(t => t.DebtorId)
            .ToDictionary(g => g.Key, g => g.Any(t => t.Kind == QueueTaskKind.Visit) ? QueueTaskKind.Visit : QueueTaskKind.Call);

        var now = db.Clock.GetUtcNow();
        var rows = new List<WorkQueueEntry>(assigned.Count);
        foreach (var a in assigned)
        {
            var (dpd, due, currency, product) = delinquency.TryGetValue(a.DebtorId, out var d) ? d : (0, 0L, "COP", string.Empty);
            var bucket = buckets.TryGetValue(a.DebtorId, out var b) ? b : (dpd, currentBucket, product);
            double? probability = probabilities.TryGetValue(a.DebtorId, out var p) ? p : null;
            var digits = Currency.TryOf(currency, out var c) ? c.MinorUnits : 2;
            var amount = due / (decimal)Math.Pow(10, digits);
            var action = probability is { } pr ? BestNextAction.Rank(pr, amount, dpd, priors) is [var best, ..] ? best.Code : null : null;
            QueueTaskKind? task = tasks.TryGetValue(a.DebtorId, out var k) ? k : null;
            var facts = new QueueFacts(broken.Contains(a.DebtorId), dueToday.Contains(a.DebtorId), callbacks.Contains(a.DebtorId), agreements.Contains(a.DebtorId), amount, dpd, probability, action, task);
            var rank = priority.Rank(facts);
            rows.Add(new WorkQueueEntry
            {
                UserId = a.UserId,
                DebtorId = a.DebtorId,
                Tier = rank.Tier,
                Points = rank.Points,
                Dpd = dpd,
                Bucket = bucket.Item2,
                Product = bucket.Item3,
                OverdueMinor = due,
                CurrencyCode = currency,
                BrokenPromise = facts.BrokenPromise,
                PromiseDueToday = facts.PromiseDueToday,
                CallbackDue = facts.CallbackDue,
                AgreementOverdue = facts.AgreementOverdue,
                Probability = probability,
                NextAction = action,
                StrategyTask = task,
                ComputedFor = today,
                ComputedAt = now,
            });
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (only is null)
            {
                await db.WorkQueueEntries.ExecuteDeleteAsync(ct);
            }
            else
            {
                await db.WorkQueueEntries.Where(e => only.Contains(e.DebtorId)).ExecuteDeleteAsync(ct);
            }

            var detect = db.ChangeTracker.AutoDetectChangesEnabled;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                foreach (var chunk in rows.Chunk(2_000))
                {
                    db.WorkQueueEntries.AddRange(chunk);
                    await db.SaveChangesAsync(ct);

                    // Only its own rows: a refresh after a promise or an activity shares the caller's context.
                    foreach (var row in chunk)
                    {
                        db.Entry(row).State = EntityState.Detached;
                    }
                }
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = detect;
            }

            await tx.CommitAsync(ct);
        });
        return rows.Count;
    }

    private static async Task<HashSet<long>> Ids(IQueryable<long> ids, List<long>? only, CancellationToken ct)
    {
        if (only is not null)
        {
            ids = ids.Where(id => only.Contains(id));
        }

        return (await ids.Distinct().ToListAsync(ct)).ToHashSet();
    }
}
