using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Scoring.Actions;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Application.Tests.Payments;
using Cartera.Domain.Common;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Cartera.Domain.Scoring;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Scoring;

/// <summary>Priors as data, champion/challenger outcomes observed from the ledger, and learning with apply (both providers).</summary>
public sealed class ActionLearningTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static ActionOutcomeInput Outcome(long debtorId, DateOnly decided, string experiment, string action = "call", string arm = ExperimentArms.Champion) =>
        new(debtorId, decided, action, arm, experiment, 0.4, 100_000, "COP");

    private static async Task PayAsync(PaymentFixture f, long obligationId, decimal amount, DateOnly valueDate)
    {
        await using var db = f.Database.Context(FixedActor.System, f.Clock);
        db.LedgerEntries.Add(LedgerEntry.Create(obligationId, LedgerEntryKind.Payment, LedgerComponent.Principal, Money.Of(-amount, Currency.COP), valueDate, valueDate, "test", PaymentFixture.Now, installmentNumber: 1));
        await db.SaveChangesAsync(Ct);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Outcomes_are_recorded_and_observed_from_the_ledger_inside_their_window_only(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var obligation = await f.AddObligationAsync("O-1");
        await PayAsync(f, obligation, 400m, new DateOnly(2026, 2, 15)); // the day after B's window
        await PayAsync(f, obligation, 1_050m, new DateOnly(2026, 3, 10)); // inside A's window

        var outcomes = new ActionOutcomes(f.Db());
        var a = await outcomes.RecordAsync(Outcome(f.DebtorId, new DateOnly(2026, 3, 1), "exp-a"), Ct);
        var b = await outcomes.RecordAsync(Outcome(f.DebtorId, new DateOnly(2026, 1, 15), "exp-b", "sms", ExperimentArms.Challenger), Ct);
        var c = await outcomes.RecordAsync(Outcome(f.DebtorId, new DateOnly(2026, 3, 20), "exp-a"), Ct);
        a.WindowDays.ShouldBe(PaymentLabel.WindowDays);
        a.RecordedBy.ShouldBe("user:test");

        (await Should.ThrowAsync<DomainException>(() => outcomes.RecordAsync(Outcome(f.DebtorId, new DateOnly(2026, 3, 2), "exp-a", action: "fax"), Ct))).Code.ShouldBe("unknown_action");
        (await Should.ThrowAsync<DomainException>(() => outcomes.RecordAsync(Outcome(f.DebtorId, new DateOnly(2026, 3, 2), "exp-a", arm: "both"), Ct))).Code.ShouldBe("invalid_arm");
        (await Should.ThrowAsync<DomainException>(() => outcomes.RecordAsync(Outcome(999_999, new DateOnly(2026, 3, 2), "exp-a"), Ct))).Code.ShouldBe("unknown_debtor");
        await Should.ThrowAsync<DbUpdateException>(() => new ActionOutcomes(f.Db()).RecordAsync(Outcome(f.DebtorId, new DateOnly(2026, 3, 1), "exp-a"), Ct));

        var observed = await new ActionOutcomes(f.Db()).ObserveAsync(new DateOnly(2026, 4, 5), Ct);
        observed.ShouldBe(new ObservationResult(2, 1));
        await using (var db = f.Db())
        {
            var rows = await db.ActionOutcomes.AsNoTracking().OrderBy(o => o.Id).ToListAsync(Ct);
            rows.Count.ShouldBe(3);
            rows.Single(o => o.Id == a.Id).PaidMinor.ShouldBe(105_000); // 1,050.00 in (03-01, 03-31]; the February payment is before
            rows.Single(o => o.Id == a.Id).Paid.ShouldBe(true);
            rows.Single(o => o.Id == b.Id).PaidMinor.ShouldBe(0); // (01-15, 02-14]: the 02-15 payment is outside
            rows.Single(o => o.Id == b.Id).Paid.ShouldBe(false);
            rows.Single(o => o.Id == b.Id).ObservedAt.ShouldBe(PaymentFixture.Now);
            rows.Single(o => o.Id == c.Id).ObservedAt.ShouldBeNull(); // window ends 04-19, after the as-of date
            (await db.AuditEntries.CountAsync(e => e.EntityType.Contains("ActionOutcome"), Ct)).ShouldBe(0); // its own audit record
        }

        // Idempotent, and the close-of-day step observes the rest once their window has ended.
        (await new ActionOutcomes(f.Db()).ObserveAsync(new DateOnly(2026, 4, 5), Ct)).Observed.ShouldBe(0);
        CloseOfDayPlugins.Default.Steps.Where(s => s.Number == 9).OrderBy(s => s.Order).Select(s => s.Name).ShouldBe([CloseOfDaySteps.Score, CloseOfDaySteps.ObserveOutcomes]);
        var step = await new ObserveActionOutcomesStep().RunAsync(CloseOfDayStepContext.Alone(f.Db(), new DateOnly(2026, 4, 19)), Ct);
        step.Count.ShouldBe(1);
        step.Note.ShouldBe("1 action outcome(s) observed, 0 paid."); // nothing received in (03-20, 04-19]
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Learning_applies_the_shrunk_lift_to_the_stored_prior_with_an_audit_entry(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        await using (var db = f.Db())
        {
            (await new ActionPriorCatalog(db).SeedIfEmptyAsync(Ct)).ShouldBe(BestNextAction.DefaultPriors.Count);
            (await new ActionPriorCatalog(db).SeedIfEmptyAsync(Ct)).ShouldBe(0);

            // 120 calls at p = 0.5 of which 78 paid (lift 1.3) and 10 SMS (below the minimum).
            var day = new DateOnly(2025, 6, 1);
            for (var i = 0; i < 130; i++)
            {
                var call = i < 120;
                var paid = call ? i < 78 : i % 2 == 0;
                db.ActionOutcomes.Add(new ActionOutcome
                {
                    DebtorId = f.DebtorId,
                    DecidedOn = day.AddDays(i),
                    ActionCode = call ? "call" : "sms",
                    Arm = call ? ExperimentArms.Challenger : ExperimentArms.Champion,
                    ExperimentCode = "call-vs-sms",
                    PredictedProbability = 0.5,
                    AmountDueMinor = 100_000,
                    CurrencyCode = "COP",
                    WindowDays = 30,
                    PaidMinor = paid ? 100_000 : 0,
                    Paid = paid,
                    ObservedAt = PaymentFixture.Now,
                    RecordedBy = "test",
                    RecordedAt = PaymentFixture.Now,
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        var dryRun = await new ActionLearning(f.Db()).LearnAsync(null, apply: false, ct: Ct);
        dryRun.Outcomes.ShouldBe(130);
        dryRun.Applied.ShouldBe(0);
        var learned = dryRun.Result.Actions.Single(a => a.Code == "call");
        learned.ObservedLift!.Value.ShouldBe(1.3, 1e-12);
        learned.Posterior.Lift.ShouldBe(1.20625); // (200 × 1.15 + 120 × 1.3) ÷ 320 = 386 ÷ 320
        dryRun.Result.Experiments.Single().Challenger.Outcomes.ShouldBe(120);

        // As of a date before most windows ended, fewer outcomes count.
        (await new ActionLearning(f.Db()).LearnAsync(new DateOnly(2025, 7, 31), apply: false, ct: Ct)).Outcomes.ShouldBe(31);

        var applied = await new ActionLearning(f.Db()).LearnAsync(null, apply: true, ct: Ct);
        applied.Applied.ShouldBe(1);
        await using (var db = f.Db())
        {
            var call = await db.ActionPriors.AsNoTracking().SingleAsync(p => p.Code == "call", Ct);
            call.Lift.ShouldBe(1.20625);
            call.Source.ShouldBe(ActionPriorSources.Learned);
            call.LearnedFromOutcomes.ShouldBe(120);
            call.LearnedFromPayers.ShouldBe(78);
            call.UpdatedBy.ShouldBe("user:test");
            var sms = await db.ActionPriors.AsNoTracking().SingleAsync(p => p.Code == "sms", Ct);
            sms.Source.ShouldBe(ActionPriorSources.Configured);
            sms.Lift.ShouldBe(1.05);
            var audits = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType.Contains("StoredActionPrior") && e.Action == "update").ToListAsync(Ct);
            audits.Count.ShouldBe(1);
            audits[0].After!.ShouldContain("1.20625");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_score_read_service_ranks_with_the_stored_priors_and_falls_back_to_the_defaults_when_none_is_stored(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        await using (var db = f.Db())
        {
            var model = new StoredScoringModel { ModelVersion = "t-1", Kind = "gbt", Algorithm = "test", DataSha256 = new string('0', 64), TrainedBy = "test", TrainedAt = PaymentFixture.Now, Artifact = [1] };
            db.ScoringModels.Add(model);
            await db.SaveChangesAsync(Ct);
            db.DebtorScores.Add(new DebtorScore { BusinessDate = PaymentFixture.Today, DebtorId = f.DebtorId, Probability = 0.5, Segment = "medium|small|current", RiskBand = "medium", BalanceBand = "small", DpdBand = "current", Dpd = 0, BalanceMinor = 100_000_000, CurrencyCode = "COP", ModelId = model.Id });

            // Reachable on every channel, so the ranking alone decides (lawfulness is tested in LawfulActionsTests).
            var debtor = await db.Debtors.Include(d => d.Consents).Include(d => d.ContactPoints).SingleAsync(d => d.Id == f.DebtorId, Ct);
            debtor.AddContactPoint(Domain.Portfolio.ContactChannel.Mobile, "+57 300 123 4567", PaymentFixture.Now);
            debtor.AddContactPoint(Domain.Portfolio.ContactChannel.Email, "ana@example.com", PaymentFixture.Now);
            debtor.AddContactPoint(Domain.Portfolio.ContactChannel.WhatsApp, "+57 300 123 4567", PaymentFixture.Now);
            foreach (var channel in Enum.GetValues<ConsentChannel>())
            {
                debtor.RecordConsent(channel, ConsentPurpose.Collection, true, "test", "signed_form", null, PaymentFixture.Now.AddDays(-1));
            }

            await db.SaveChangesAsync(Ct);
        }

        var defaults = await new DebtorScoreQueries(f.Db()).LatestAsync(f.DebtorId, ct: Ct);
        defaults!.Actions.Select(a => a.Code).ShouldBe(BestNextAction.Rank(0.5, 1_000_000m, 0).Select(a => a.Code));
        defaults.Actions[0].Code.ShouldBe("call");

        await using (var db = f.Db())
        {
            var catalog = new ActionPriorCatalog(db);
            await catalog.SeedIfEmptyAsync(Ct);
            var call = (await catalog.ListAsync(Ct)).Single(p => p.Code == "call");
            call.CostMinor.ShouldBe(250_000); // 2,500.00 COP
            await catalog.SaveAsync(new ActionPriorInput("call", 1.15, 1.0, 250_000, "COP", 0, Enabled: false, call.Version), Ct);
            await catalog.SaveAsync(new ActionPriorInput("whatsapp", 1.20, 1.0, 10_000, "COP", 0, Enabled: true), Ct);
            (await Should.ThrowAsync<DomainException>(() => catalog.SaveAsync(new ActionPriorInput("sms", 0, 1.0, 0, "COP", 0, true), Ct))).Field.ShouldBe("lift");
            (await Should.ThrowAsync<DomainException>(() => catalog.SaveAsync(new ActionPriorInput("Bad Code", 1, 1.0, 0, "COP", 0, true), Ct))).Field.ShouldBe("code");
        }

        await using (var db = f.Db()) // a stale version is a conflict
        {
            await Should.ThrowAsync<DbUpdateConcurrencyException>(() => new ActionPriorCatalog(db).SaveAsync(new ActionPriorInput("sms", 1.1, 1.0, 15_000, "COP", 0, true, Version: 12_345), Ct));
        }

        var stored = await new DebtorScoreQueries(f.Db()).LatestAsync(f.DebtorId, ct: Ct);
        stored!.Actions.Select(a => a.Code).ShouldNotContain("call"); // disabled
        stored.Actions[0].Code.ShouldBe("whatsapp"); // 1,000,000 × 0.6 − 100 beats SMS's × 0.525 − 150
        stored.Actions[0].Cost.ShouldBe(100m);
        await using (var db = f.Db())
        {
            (await db.AuditEntries.CountAsync(e => e.EntityType.Contains("StoredActionPrior"), Ct)).ShouldBe(BestNextAction.DefaultPriors.Count + 2);
        }
    }
}
