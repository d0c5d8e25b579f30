using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Risk;

namespace Cartera.Application.Scoring.Portfolio;

/// <summary>
/// The demo's last step: train a portfolio model on the demo's history (activated) and score every debtor at the demo's
/// as-of date, so the debtor page and "Segmentos y puntaje" show scores at once. To keep start-up short it trains on a
/// seeded sample of at most <see cref="SampleDebtors"/> debtors and <see cref="ObservationMonths"/> observation dates;
/// scoring covers every debtor.
/// </summary>
public static class DemoScoring
{
    public const int SampleDebtors = 1_000;

    public const int ObservationMonths = 6;

    /// <returns>The training report (null when the history is too short to train: a tiny demo) and the debtors scored.</returns>
    public static async Task<(PortfolioTrainingReport? Training, int Scores)> RunAsync(DatabaseOptions database, TimeProvider clock, IActor actor, DateOnly asOf, CancellationToken ct = default)
    {
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database), actor, clock);
        PortfolioTrainingReport training;
        try
        {
            training = await Train(db, clock, asOf, ct);
        }
        catch (DomainException e) when (e.Code == "scoring_no_history")
        {
            return (null, 0);
        }

        var scored = await ScoreDebtorsStep.ScoreAsync(db, asOf, SegmentPolicy.Default, ct);
        return (training, scored?.Scores ?? 0);
    }

    private static Task<PortfolioTrainingReport> Train(CarteraDbContext db, TimeProvider clock, DateOnly asOf, CancellationToken ct) =>
        new PortfolioTraining(db, clock).TrainAsync(new PortfolioTrainingOptions
        {
            AsOf = asOf,
            ObservationMonths = ObservationMonths,
            BacktestMonths = 2,
            SampleDebtors = SampleDebtors,
            Activate = true,
            TrainedBy = "demo",
        }, ct);
}
