using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.Collection;
using Cartera.Application.Data;
using Cartera.Application.Scoring.Actions;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Domain.Common;
using Cartera.Domain.Scoring;

namespace Cartera.Application.Demo;

/// <summary>
/// The demo's champion/challenger history, so <c>cartera score learn-actions</c> has data to show: at the monthly dates
/// 1 … <see cref="Months"/> months before the as-of date whose 30-day window has ended, every debtor with something due
/// is scored with the active model (the features of that date), drawn into an arm with a seeded coin (seed 20260101), and
/// given the best action of the default priors (champion) or the runner-up (challenger) in the experiment
/// <see cref="Experiment"/>. The outcomes are then observed from the ledger with <see cref="ActionOutcomes.ObserveAsync"/>.
/// The demo's payments were generated without any action, so what the learner finds is the model's calibration on those
/// months, not a real effect of the actions: a demonstration of the machinery, not of a lift.
/// </summary>
public static class DemoActionOutcomes
{
    public const string Experiment = "demo-runner-up";

    public const int Months = 3;

    public const int Seed = 20260101;

    public static async Task<DemoOutcomesResult> RecordAsync(DatabaseOptions database, TimeProvider clock, IActor actor, DateOnly asOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database), actor, clock);
        if (await new ScoringRegistry(db, clock).LoadActiveAsync(ModelPurposes.Payment, ct) is not { } active)
        {
            return new DemoOutcomesResult(0, 0, 0, Experiment);
        }

        var histories = await new PortfolioHistoryReader(db, new CollectionCommitments()).ReadAsync(asOf, Months + PortfolioFeatures.HistoryMonths + 1, ct);
        var priors = await new ActionPriorCatalog(db).CurrentAsync(ct);
        var coin = new Random(Seed);
        var now = clock.GetUtcNow();
        var rows = new List<ActionOutcome>();
        for (var k = Months; k >= 1; k--)
        {
            var candidates = histories
                .Where(h => PortfolioFeatures.Exists(h, k) && h.Grid[k].AddDays(PaymentLabel.WindowDays) <= asOf && PaymentLabel.AmountDue(h, k) > 0)
                .ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            var scored = active.Model.Score(candidates.Select(h => (h.DebtorId.ToString(CultureInfo.InvariantCulture), PortfolioFeatures.Compute(h, k))).ToList());
            for (var i = 0; i < candidates.Count; i++)
            {
                var h = candidates[i];
                var p = Math.Round(1 - scored[i].Probability, 6);
                var due = PaymentLabel.AmountDue(h, k);
                var ranked = BestNextAction.Rank(p, due / (decimal)Math.Pow(10, h.MinorDigits), h.MaxDpd[k], priors);
                var challenger = coin.Next(2) == 1 && ranked.Count > 1;
                rows.Add(new ActionOutcome
                {
                    DebtorId = h.DebtorId,
                    DecidedOn = h.Grid[k],
                    ActionCode = ranked[challenger ? 1 : 0].Code,
                    Arm = challenger ? ExperimentArms.Challenger : ExperimentArms.Champion,
                    ExperimentCode = Experiment,
                    PredictedProbability = p,
                    AmountDueMinor = due,
                    CurrencyCode = Currency.COP.Code, // the demo lends in COP only
                    WindowDays = PaymentLabel.WindowDays,
                    RecordedBy = actor.Name,
                    RecordedAt = now,
                });
            }
        }

        foreach (var chunk in rows.Chunk(1_000))
        {
            db.ActionOutcomes.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        var observed = await new ActionOutcomes(db).ObserveAsync(asOf, ct);
        return new DemoOutcomesResult(rows.Count, observed.Observed, observed.Paid, Experiment);
    }
}
