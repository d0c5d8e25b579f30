using System.Globalization;
using System.Text.Json;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Data;
using Cartera.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Scoring.Portfolio;

/// <summary>
/// Close-of-day step 9, <c>score</c> (DESIGN §5, after the snapshots): scores every debtor with the active payment model (never the application model) at the business date — features
/// from <see cref="PortfolioHistoryReader"/> (a constant number of queries), one batch through the model, segment from
/// <see cref="SegmentPolicy"/> — and replaces the date's <c>debtor_scores</c> in one transaction (delete, then bulk
/// insert without per-row audit: derived data, like snapshots). No active model: it records that and writes nothing.
/// Idempotent: a rerun replaces the same rows.
/// </summary>
public sealed class ScoreDebtorsStep(ICommitmentHistory commitments, SegmentPolicy? segments = null) : ICloseOfDayStep
{
    public const string NoActiveModel = "No active model: no scores written (train one with cartera score portfolio-train).";

    public int Number => 9;

    public string Name => CloseOfDaySteps.Score;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var count = await ScoreAsync(context.Db, context.Date, segments ?? SegmentPolicy.Default, commitments, cancellationToken);
        return count is { } written
            ? new CloseOfDayStepOutcome(written.Scores, string.Create(CultureInfo.InvariantCulture, $"{written.Scores} debtor(s) scored with model {written.ModelId}."))
            : new CloseOfDayStepOutcome(0, NoActiveModel);
    }

    /// <summary>Scores the portfolio at <paramref name="date"/>; null when no model is active.</summary>
    public static async Task<(long ModelId, int Scores)?> ScoreAsync(CarteraDbContext db, DateOnly date, SegmentPolicy policy, ICommitmentHistory commitments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(policy);
        var active = await new ScoringRegistry(db, db.Clock).LoadActiveAsync(ModelPurposes.Payment, ct);
        if (active is not { } loaded)
        {
            return null;
        }

        var (modelId, model) = loaded;
        var histories = (await new PortfolioHistoryReader(db, commitments).ReadAsync(date, PortfolioFeatures.HistoryMonths + 1, ct))
            .Where(h => PortfolioFeatures.Exists(h, 0)).ToList();
        var vectors = histories.Select(h => Vector(model.Manifest.Features, PortfolioFeatures.Compute(h, 0))).ToList();
        var scored = histories.Count == 0 ? [] : model.Score(histories.Select((h, i) => (h.DebtorId.ToString(CultureInfo.InvariantCulture), vectors[i])).ToList());
        var currencies = await db.Obligations.AsNoTracking().GroupBy(o => o.DebtorId).Select(g => new { g.Key, Currency = g.Min(o => o.CurrencyCode) }).ToDictionaryAsync(g => g.Key, g => g.Currency, ct);

        var rows = new List<DebtorScore>(histories.Count);
        for (var i = 0; i < histories.Count; i++)
        {
            var h = histories[i];
            var probability = Math.Round(1 - scored[i].Probability, 6);
            var balance = h.OutstandingPrincipal[0] + h.TotalDue[0];
            var segment = policy.For(probability, balance / (decimal)Math.Pow(10, h.MinorDigits), h.MaxDpd[0]);
            rows.Add(new DebtorScore
            {
                BusinessDate = date,
                DebtorId = h.DebtorId,
                Probability = probability,
                Segment = segment.Code,
                RiskBand = segment.Risk,
                BalanceBand = segment.Balance,
                DpdBand = segment.Dpd,
                Dpd = h.MaxDpd[0],
                BalanceMinor = balance,
                CurrencyCode = (currencies.GetValueOrDefault(h.DebtorId) ?? "COP").Trim(),
                ReasonsJson = JsonSerializer.Serialize(scored[i].Reasons.Select(r => new StoredReason(r.Key, r.RaisesRisk, r.Es, r.En)), ScoringJson.Options),
                ModelId = modelId,
            });
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.DebtorScores.Where(s => s.BusinessDate == date).ExecuteDeleteAsync(ct);
            var detect = db.ChangeTracker.AutoDetectChangesEnabled;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                foreach (var chunk in rows.Chunk(1_000))
                {
                    db.DebtorScores.AddRange(chunk);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = detect;
            }

            await tx.CommitAsync(ct);
        });
        return (modelId, rows.Count);
    }

    /// <summary>The vector in the model's feature order (a model trained on an older schema still gets its own columns; a missing one is 0).</summary>
    private static float[] Vector(IReadOnlyList<FeatureDefinition> modelFeatures, float[] computed)
    {
        if (modelFeatures.Count == PortfolioFeatures.Definitions.Count
            && modelFeatures.Select(f => f.Name).SequenceEqual(PortfolioFeatures.Definitions.Select(f => f.Name), StringComparer.Ordinal))
        {
            return computed;
        }

        var index = PortfolioFeatures.Definitions.Select((f, i) => (f.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        return modelFeatures.Select(f => index.TryGetValue(f.Name, out var i) ? computed[i] : 0f).ToArray();
    }
}
