using Cartera.Application.CloseOfDay;
using Cartera.Domain.Collection.Promises;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Promises;

/// <summary>
/// Close-of-day step 8 (DESIGN §5), order 0 (payment agreements take order 1): evaluates the promises to pay as of the
/// date (RULES §13) and stores each installment's and promise's status, kept date and counted amount. It reads the
/// pending promises made on or before the date, and the settled ones (kept, broken, cancelled) settled within the last
/// <see cref="ReviewDays"/> days (a reversal or back-dated payment can still change them), in batches of
/// <see cref="PromiseEvaluation.Batch"/> by id, one transaction each. Only rows whose status changed are written (and
/// audited), so a re-run — after a crash, or of the same date — finds nothing to change: idempotent and resumable.
/// </summary>
public sealed class PromisesStep : ICloseOfDayStep
{
    /// <summary>How long after a promise settles the close still re-evaluates it.</summary>
    public const int ReviewDays = 60;

    public int Number => 8;

    public int Order => 0;

    public string Name => CloseOfDaySteps.Promises;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (db, date) = (context.Db, context.Date);
        var since = date.AddDays(-ReviewDays);
        long last = 0, evaluated = 0, changed = 0;
        while (true)
        {
            var ids = await db.Promises.AsNoTracking()
                .Where(p => p.Id > last && p.MadeOn <= date && (p.Status == PromiseStatus.Pending || p.SettledOn == null || p.SettledOn >= since))
                .OrderBy(p => p.Id).Select(p => p.Id).Take(PromiseEvaluation.Batch).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            last = ids[^1];
            var promises = await PromiseEvaluation.WithDetails(db, tracked: true).Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken);
            var outcomes = await PromiseEvaluation.EvaluateAsync(db, promises, date, cancellationToken);
            foreach (var promise in promises)
            {
                if (PromiseEvaluation.Apply(promise, outcomes[promise.Id], date))
                {
                    changed++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            evaluated += promises.Count;
            context.Report(CloseOfDaySteps.Promises, 0, 1, evaluated);
        }

        return new CloseOfDayStepOutcome(evaluated, $"{evaluated} promise(s) evaluated, {changed} changed status");
    }
}
