using Cartera.Application.Scoring.Actions;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Scoring;

/// <summary><c>cartera demo</c> records champion/challenger outcomes; <c>score learn-actions [--apply]</c> learns from them.</summary>
public sealed class CliActionLearningTests
{
    [Fact]
    public async Task The_demo_records_outcomes_and_learn_actions_prints_then_applies_the_posteriors()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cli = new CliHarness();
        var demo = await cli.RunAsync("demo", "--debtors", "150", "--as-of", "2026-03-20");
        demo.ExitCode.ShouldBe(0, demo.Error);
        demo.Out.ShouldContain("action outcomes: ");
        demo.Out.ShouldContain("in experiment demo-runner-up");

        int recorded, observed;
        await using (var db = cli.Context())
        {
            recorded = await db.ActionOutcomes.CountAsync(ct);
            observed = await db.ActionOutcomes.CountAsync(o => o.ObservedAt != null, ct);
            (await db.ActionPriors.CountAsync(ct)).ShouldBe(7); // seeded on migrate
        }

        recorded.ShouldBeGreaterThan(100);
        observed.ShouldBe(recorded); // every demo window ended by the as-of date

        var dry = await cli.RunAsync("score", "learn-actions", "--min-outcomes", "20");
        dry.ExitCode.ShouldBe(0, dry.Error);
        dry.Out.ShouldContain($"outcomes: {observed} observed");
        dry.Out.ShouldContain("action\tprior_lift\tobserved_lift\tn\tpayers\tposterior_lift");
        dry.Out.ShouldContain("experiment demo-runner-up: champion n ");
        dry.Out.ShouldContain("not applied");

        var apply = await cli.RunAsync("score", "learn-actions", "--min-outcomes", "20", "--apply");
        apply.ExitCode.ShouldBe(0, apply.Error);
        apply.Out.ShouldContain("applied: ");
        await using (var db = cli.Context())
        {
            var learned = await db.ActionPriors.AsNoTracking().Where(p => p.Source == ActionPriorSources.Learned).ToListAsync(ct);
            learned.ShouldNotBeEmpty();
            learned.ShouldAllBe(p => p.LearnedFromOutcomes >= 20);
            (await db.AuditEntries.CountAsync(a => a.EntityType.Contains("StoredActionPrior") && a.Action == "update", ct)).ShouldBe(learned.Count);
        }

        (await cli.RunAsync("score", "learn-actions", "--min-outcomes", "0")).ExitCode.ShouldBe(3); // a rule: at least 1
    }
}
