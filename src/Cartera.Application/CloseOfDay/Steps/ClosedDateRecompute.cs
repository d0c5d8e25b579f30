using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay.Steps;

/// <summary>
/// What the two recompute steps (<c>recompute</c>, <c>recompute_caps</c>) share: the closed dates before the date being
/// closed, and steps 4–7 again for one earlier closed date — its snapshots of the given debtors replaced and the
/// step's progress row (partition k = the k-th date) written in one transaction.
/// </summary>
internal static class ClosedDateRecompute
{
    /// <summary>The first closed date and the last one before <paramref name="date"/>; null when none is before it.</summary>
    public static async Task<(DateOnly First, DateOnly Last)?> ClosedBeforeAsync(CarteraDbContext db, DateOnly date, CancellationToken cancellationToken)
    {
        var last = await db.BusinessDays.AsNoTracking().Where(d => d.Status == BusinessDayStatus.Closed && d.Date < date)
            .MaxAsync(d => (DateOnly?)d.Date, cancellationToken);
        if (last is not { } lastClosed)
        {
            return null;
        }

        var first = await db.BusinessDays.AsNoTracking().Where(d => d.Status == BusinessDayStatus.Closed).MinAsync(d => d.Date, cancellationToken);
        return (first, lastClosed);
    }

    /// <summary>Recomputes <paramref name="target"/> for each filter and records partition <paramref name="partition"/> of the step as done.</summary>
    public static async Task<long> RecomputeAsync(CloseOfDayStepContext context, string step, int partition, DateOnly target, IEnumerable<ObligationFilter> filters, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var engine = await context.EngineAsync(cancellationToken);
        var startedAt = context.Clock.GetUtcNow();
        long count = 0;
        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var filter in filters)
            {
                var computed = await engine.ComputeAsync(db, target, filter, cancellationToken);
                await SnapshotWriter.ReplaceAsync(db, target, filter, computed, cancellationToken);
                count += computed.Count;
            }

            await Progress.UpsertAsync(db, new CloseOfDayStepRecord
            {
                BusinessDate = context.Date,
                Step = step,
                Partition = partition,
                Status = CloseOfDayStepStatus.Done,
                TargetDate = target,
                Obligations = count,
                Snapshots = count,
                StartedAt = startedAt,
                FinishedAt = context.Clock.GetUtcNow(),
            }, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        return count;
    }
}
