using System.Text.Json;
using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Collection;
using Cartera.Application.Delinquency;
using Cartera.Application.Demo;
using Cartera.Application.Scoring;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Scoring;

/// <summary>The in-product scoring: features from the ledger, training with the registry, the close-of-day step.</summary>
public sealed class PortfolioScoringTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly DateOnly AsOf = new(2026, 6, 30);
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
    private static readonly FixedActor Actor = new("cli:test", "cli");

    private static async Task<TestDatabase> DemoAsync(string provider, int debtors = 150)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await new DemoPortfolio(database.Options, Clock, Actor)
            .GenerateAsync(new DemoOptions { Debtors = debtors, AsOf = AsOf, Seed = 11, BatchSize = 75, CloseDayBefore = false }, cancellationToken: Ct);
        await using var db = database.Context(Actor, Clock);
        db.UsuryCaps.AddRange(
            new UsuryCapRow { Jurisdiction = "CO", Modality = CapModalities.ConsumerAndOrdinary, ValidFrom = new DateOnly(2015, 1, 1), ValidTo = new DateOnly(2030, 12, 31), UsuryEa = 0.2520m, Source = "test" },
            new UsuryCapRow { Jurisdiction = "CO", Modality = CapModalities.Microcredit, ValidFrom = new DateOnly(2015, 1, 1), ValidTo = new DateOnly(2030, 12, 31), UsuryEa = 0.5500m, Source = "test" });
        await db.SaveChangesAsync(Ct);
        return database;
    }

    private static PortfolioTrainingOptions Options(bool activate = false) => new()
    {
        AsOf = AsOf,
        ObservationMonths = 8,
        BacktestMonths = 2,
        Model = new ScoringOptions { Trees = 40 },
        Activate = activate,
        TrainedBy = "test",
    };

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Training_on_the_portfolio_registers_one_active_model_with_its_metrics_and_an_audit_entry(string provider)
    {
        await using var database = await DemoAsync(provider);
        PortfolioTrainingReport first, second;
        await using (var db = database.Context(Actor, Clock))
        {
            first = await new PortfolioTraining(db, Clock, new CollectionCommitments()).TrainAsync(Options(), Ct);
        }

        first.Rows.ShouldBeGreaterThan(100);
        first.Positives.ShouldBeInRange(1, first.Rows - 1);
        first.ObservationDates.ShouldAllBe(d => d.AddDays(PaymentLabel.WindowDays) <= AsOf);
        first.Active.ShouldBeTrue(); // the first model becomes active even without --activate
        first.OutOfFold.Auc.ShouldBeGreaterThan(0.6);
        first.Backtest.ShouldNotBeNull();
        first.Backtest.Rows.ShouldBeGreaterThan(0);
        first.BacktestTrainRows.ShouldBeLessThan(first.Rows);

        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = database.Context(Actor, Clock))
        {
            second = await new PortfolioTraining(db, Clock, new CollectionCommitments()).TrainAsync(Options(), Ct);
        }

        second.DataSha256.ShouldBe(first.DataSha256); // same data, same hash
        second.OutOfFold.Auc.ShouldBe(first.OutOfFold.Auc); // same seed, same model
        second.Active.ShouldBeFalse();

        await using (var db = database.Context(Actor, Clock))
        {
            var registry = new ScoringRegistry(db, Clock);
            await registry.ActivateAsync(second.ModelId, Ct);
            var models = await registry.ListAsync(Ct);
            models.Count.ShouldBe(2);
            models.Single(m => m.Active).Id.ShouldBe(second.ModelId);
            using var metrics = JsonDocument.Parse(models[0].MetricsJson);
            metrics.RootElement.GetProperty("out_of_fold").GetProperty("auc").GetDouble().ShouldBe(second.OutOfFold.Auc, 1e-9);
            var audits = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType.Contains("StoredScoringModel")).ToListAsync(Ct);
            audits.ShouldNotBeEmpty();
            audits.ShouldAllBe(a => a.After == null || a.After.Length < 20_000); // the artifact is logged by its length only
            var loaded = await registry.LoadActiveAsync(ct: Ct);
            loaded.ShouldNotBeNull();
            loaded.Value.Model.Manifest.ModelVersion.ShouldBe(second.ModelVersion);
            await Should.ThrowAsync<DomainException>(() => registry.ActivateAsync(9_999, Ct));
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Close_of_day_scores_every_debtor_after_the_snapshots_and_does_nothing_without_an_active_model(string provider)
    {
        await using var database = await DemoAsync(provider, debtors: 120);
        var runner = new CloseOfDayRunner(database.Options, Clock, Actor, new CloseOfDayOptions { Partitions = 2 }, steps: [new ScoreDebtorsStep(new CollectionCommitments())]);
        var first = await runner.RunAsync(AsOf.AddDays(-1), cancellationToken: Ct);
        first.Dates.Single().Steps.Single(s => s.Step == CloseOfDaySteps.Score).Note.ShouldBe(ScoreDebtorsStep.NoActiveModel);

        long modelId;
        await using (var db = database.Context(Actor, Clock))
        {
            (await db.DebtorScores.CountAsync(Ct)).ShouldBe(0);
            modelId = (await new PortfolioTraining(db, Clock, new CollectionCommitments()).TrainAsync(Options(), Ct)).ModelId;
        }

        var second = await runner.RunAsync(AsOf, cancellationToken: Ct);
        var steps = second.Dates.Single().Steps.Select(s => s.Step).ToList();
        steps.IndexOf(CloseOfDaySteps.Score).ShouldBeGreaterThan(steps.IndexOf(CloseOfDaySteps.Snapshots));
        steps.IndexOf(CloseOfDaySteps.Score).ShouldBeLessThan(steps.IndexOf(CloseOfDaySteps.Close));

        await using (var db = database.Context(Actor, Clock))
        {
            var scores = await db.DebtorScores.AsNoTracking().Where(s => s.BusinessDate == AsOf).ToListAsync(Ct);
            var debtorsWithObligations = await db.Obligations.Where(o => o.IssueDate <= AsOf && o.Status != ObligationStatus.Cancelled).Select(o => o.DebtorId).Distinct().CountAsync(Ct);
            scores.Count.ShouldBe(debtorsWithObligations);
            scores.ShouldAllBe(s => s.Probability >= 0 && s.Probability <= 1 && s.ModelId == modelId);
            scores.ShouldAllBe(s => s.Segment == s.RiskBand + "|" + s.BalanceBand + "|" + s.DpdBand);
            var reasons = JsonSerializer.Deserialize<List<StoredReason>>(scores[0].ReasonsJson, ScoringJson.Options)!;
            reasons.Count.ShouldBeInRange(1, 3);
            reasons.ShouldAllBe(r => r.Es.Length > 0 && r.En.Length > 0 && r.Es != r.Key);

            // Debtors far past due get a lower payment probability than current ones on average.
            var current = scores.Where(s => s.Dpd == 0).Average(s => s.Probability);
            var late = scores.Where(s => s.Dpd > 90).Average(s => s.Probability);
            late.ShouldBeLessThan(current);

            // Rerunning the step for the date replaces the rows.
            var again = await ScoreDebtorsStep.ScoreAsync(db, AsOf, Domain.Scoring.SegmentPolicy.Default, new CollectionCommitments(), Ct);
            again!.Value.Scores.ShouldBe(scores.Count);
            (await db.DebtorScores.CountAsync(s => s.BusinessDate == AsOf, Ct)).ShouldBe(scores.Count);
        }
    }
}
