using Cartera.Application.Data;
using Cartera.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Scoring.Actions;

/// <summary>A learning run: the as-of date (null = every observed outcome), the learner's lines and experiments, and how many stored priors were updated (0 without apply).</summary>
public sealed record ActionLearningReport(DateOnly? AsOf, int Outcomes, ActionLearningResult Result, int Applied);

/// <summary>
/// Learns the action priors from the observed champion/challenger outcomes with the pure
/// <see cref="ActionLiftLearner"/> and, when asked, stores the posteriors of the actions that reached the minimum
/// (source <c>learned</c>, the outcome and payer counts, the as-of date; audited by SaveChanges). The stored priors are
/// seeded first when the table is empty, so applying always has rows to update. The priors learned from are all stored
/// rows, enabled or not (a disabled action keeps learning). <c>cartera score learn-actions</c>,
/// <c>POST /api/v1/scoring/action-priors/learn</c>, <c>GET /api/v1/scoring/experiments</c>.
/// </summary>
public sealed class ActionLearning(CarteraDbContext db)
{
    public async Task<ActionLearningReport> LearnAsync(DateOnly? asOf, bool apply, ActionLearningSettings? settings = null, CancellationToken ct = default)
    {
        var catalog = new ActionPriorCatalog(db);
        if (apply)
        {
            await catalog.SeedIfEmptyAsync(ct);
        }

        var stored = await db.ActionPriors.OrderBy(p => p.Id).ToListAsync(ct);
        var priors = stored.Count == 0 ? BestNextAction.DefaultPriors : stored.Select(ActionPriorCatalog.ToDomain).ToList();
        var outcomes = await new ActionOutcomes(db).ObservedAsync(asOf, ct);
        var result = ActionLiftLearner.Learn(priors, outcomes, settings);
        var applied = 0;
        if (apply)
        {
            foreach (var line in result.Actions.Where(a => a.Updated))
            {
                var row = stored.Single(p => p.Code == line.Code);
                row.Lift = line.Posterior.Lift;
                row.RecoveryShare = line.Posterior.RecoveryShare;
                row.Source = ActionPriorSources.Learned;
                row.LearnedFromOutcomes = line.Outcomes;
                row.LearnedFromPayers = line.Payers;
                row.LearnedAsOf = asOf;
                catalog.Touch(row);
                applied++;
            }

            await db.SaveChangesAsync(ct);
        }

        return new ActionLearningReport(asOf, outcomes.Count, result, applied);
    }

    /// <summary>The champion/challenger report of every experiment (observed outcomes only).</summary>
    public async Task<IReadOnlyList<ExperimentReport>> ExperimentsAsync(DateOnly? asOf, CancellationToken ct = default) =>
        (await LearnAsync(asOf, apply: false, ct: ct)).Result.Experiments;
}
