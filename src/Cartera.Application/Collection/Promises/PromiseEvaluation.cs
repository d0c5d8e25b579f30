using Cartera.Application.Data;
using Cartera.Application.Payments;
using Cartera.Domain.Collection.Promises;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Promises;

/// <summary>
/// Evaluates stored promises as of a business date D (RULES §13) from the payments Payments holds: the posted payments
/// (reversed ones never count) of the obligations in each promise's scope, in its currency, with value date from the
/// date it was made through D. Deterministic: the statuses of any closed date are recomputed from the ledger's payments
/// as they stand, so a back-dated payment or a reversal corrects past statuses the way it corrects past snapshots.
/// </summary>
internal static class PromiseEvaluation
{
    /// <summary>Promises loaded per batch (the step, the export, the importer).</summary>
    public const int Batch = 500;

    /// <summary>The promises with these ids, with installments and scope, tracked or not.</summary>
    public static IQueryable<PromiseRecord> WithDetails(CarteraDbContext db, bool tracked) =>
        (tracked ? db.Promises : db.Promises.AsNoTracking()).Include(p => p.Installments).Include(p => p.Obligations).AsSplitQuery();

    public static async Task<Dictionary<long, PromiseOutcome>> EvaluateAsync(CarteraDbContext db, IReadOnlyList<PromiseRecord> promises, DateOnly asOf, CancellationToken ct)
    {
        if (promises.Count == 0)
        {
            return [];
        }

        var ids = promises.SelectMany(p => p.Obligations.Select(o => o.ObligationId)).Distinct().ToList();
        var payments = await new PaymentFacts(db).PostedAsync(ids, promises.Min(p => p.MadeOn), asOf, ct);
        return Evaluate(promises, payments, asOf);
    }

    public static Dictionary<long, PromiseOutcome> Evaluate(CarteraDbContext db, IReadOnlyList<PromiseRecord> promises, DateOnly asOf)
    {
        if (promises.Count == 0)
        {
            return [];
        }

        var ids = promises.SelectMany(p => p.Obligations.Select(o => o.ObligationId)).Distinct().ToList();
        return Evaluate(promises, new PaymentFacts(db).Posted(ids, promises.Min(p => p.MadeOn), asOf), asOf);
    }

    private static Dictionary<long, PromiseOutcome> Evaluate(IReadOnlyList<PromiseRecord> promises, IReadOnlyList<PostedPayment> payments, DateOnly asOf)
    {
        var byObligation = payments.ToLookup(p => p.ObligationId);
        var result = new Dictionary<long, PromiseOutcome>();
        foreach (var promise in promises)
        {
            var counted = promise.Obligations
                .SelectMany(o => byObligation[o.ObligationId])
                .Where(p => p.CurrencyCode == promise.CurrencyCode)
                .Select(p => new CountedPayment(p.ValueDate, p.AmountMinor));
            result[promise.Id] = PromiseEvaluator.Evaluate(promise.Terms(), counted, promise.Rules(), asOf, promise.CancelledOn);
        }

        return result;
    }

    /// <summary>Copies an outcome onto the stored status fields; true when anything changed.</summary>
    public static bool Apply(PromiseRecord promise, PromiseOutcome outcome, DateOnly asOf)
    {
        var changed = false;
        foreach (var o in outcome.Installments)
        {
            var row = promise.Installments.Single(i => i.Number == o.Number);
            if (row.Status != o.Status || row.KeptOn != o.KeptOn || row.CountedMinor != o.CountedMinor)
            {
                (row.Status, row.KeptOn, row.CountedMinor) = (o.Status, o.KeptOn, o.CountedMinor);
                changed = true;
            }
        }

        if (promise.Status != outcome.Status || promise.SettledOn != outcome.SettledOn || promise.CountedMinor != outcome.CountedMinor)
        {
            (promise.Status, promise.SettledOn, promise.CountedMinor) = (outcome.Status, outcome.SettledOn, outcome.CountedMinor);
            changed = true;
        }

        if (changed || promise.EvaluatedOn is null)
        {
            promise.EvaluatedOn = asOf;
        }

        return changed;
    }
}
