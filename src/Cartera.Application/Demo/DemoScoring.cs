using Cartera.Application.Audit;
using Cartera.Application.Collection;
using Cartera.Application.Data;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Domain.Common;
using Cartera.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Demo;

/// <summary>
/// The demo's last step: train a portfolio model on the demo's history (activated) and score every debtor on the demo's
/// last closed date, so the debtor page and "Segmentos y puntaje" show scores at once. To keep start-up short it trains on a
/// seeded sample of at most <see cref="SampleDebtors"/> debtors and <see cref="ObservationMonths"/> observation dates;
/// scoring covers every debtor.
/// </summary>
public static class DemoScoring
{
    public const int SampleDebtors = 1_000;

    public const int ObservationMonths = 6;

    /// <summary>
    /// Trains on the history through the last closed business date on or before <paramref name="asOf"/> (else
    /// <paramref name="asOf"/>) and scores every debtor on that date — the date whose snapshots the debtor page shows,
    /// as the nightly scoring step would have written them.
    /// </summary>
    /// <returns>The training report (null when the history is too short to train: a tiny demo), the debtors scored and the date.</returns>
    public static async Task<(PortfolioTrainingReport? Training, int Scores, DateOnly Date)> RunAsync(DatabaseOptions database, TimeProvider clock, IActor actor, DateOnly asOf, CancellationToken ct = default)
    {
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database), actor, clock);
        var date = await db.BusinessDays.AsNoTracking()
            .Where(d => d.Status == Delinquency.BusinessDayStatus.Closed && d.Date <= asOf)
            .MaxAsync(d => (DateOnly?)d.Date, ct) ?? asOf;
        PortfolioTrainingReport training;
        try
        {
            training = await Train(db, clock, date, ct);
        }
        catch (DomainException e) when (e.Code == "scoring_no_history")
        {
            return (null, 0, date);
        }

        var scored = await ScoreDebtorsStep.ScoreAsync(db, date, SegmentPolicy.Default, new CollectionCommitments(), ct);
        return (training, scored?.Scores ?? 0, date);
    }

    private static Task<PortfolioTrainingReport> Train(CarteraDbContext db, TimeProvider clock, DateOnly asOf, CancellationToken ct) =>
        new PortfolioTraining(db, clock, new CollectionCommitments()).TrainAsync(new PortfolioTrainingOptions
        {
            AsOf = asOf,
            ObservationMonths = ObservationMonths,
            BacktestMonths = 2,
            SampleDebtors = SampleDebtors,
            Activate = true,
            TrainedBy = "demo",
        }, ct);
}
