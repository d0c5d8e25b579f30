using Cartera.Domain.Collection.Queue;
using Cartera.Domain.Common;

namespace Cartera.Domain.Tests.Collection.Queue;

public sealed class QueuePriorityTests
{
    private static readonly QueueFacts None = new(false, false, false, false, 0m, 0, null, null);

    [Fact]
    public void Each_tier_factor_places_the_debtor_in_its_tier_in_the_configured_order()
    {
        var p = QueuePriority.Default;
        p.Rank(None with { BrokenPromise = true, CallbackDue = true }).Tier.ShouldBe(1);
        p.Rank(None with { PromiseDueToday = true, AgreementOverdue = true }).Tier.ShouldBe(2);
        p.Rank(None with { CallbackDue = true }).Tier.ShouldBe(3);
        p.Rank(None with { AgreementOverdue = true }).Tier.ShouldBe(4);
        p.Rank(None).Tier.ShouldBe(5);

        var callbacksFirst = p with { Tiers = [QueueTierFactor.CallbackDue, QueueTierFactor.BrokenPromise] };
        callbacksFirst.Rank(None with { BrokenPromise = true, CallbackDue = true }).Tier.ShouldBe(1);
        callbacksFirst.Rank(None with { BrokenPromise = true }).Tier.ShouldBe(2);
        callbacksFirst.Rank(None with { AgreementOverdue = true }).Tier.ShouldBe(3);
    }

    [Fact]
    public void Points_add_amount_overdue_dpd_probability_and_the_best_next_action_with_their_caps()
    {
        var p = QueuePriority.Default;
        p.Rank(None).Points.ShouldBe(0);
        p.Rank(None with { AmountOverdue = 2_500_000m }).Points.ShouldBe(2_000); // 40 × 0.5 × 100
        p.Rank(None with { AmountOverdue = 99_000_000m }).Points.ShouldBe(4_000); // capped
        p.Rank(None with { Dpd = 90 }).Points.ShouldBe(1_500); // 30 × 0.5 × 100
        p.Rank(None with { Dpd = 900 }).Points.ShouldBe(3_000);
        p.Rank(None with { Probability = 0.25 }).Points.ShouldBe(500);
        p.Rank(None with { NextAction = "visit" }).Points.ShouldBe(800);
        p.Rank(None with { NextAction = "unknown" }).Points.ShouldBe(0);
        p.Rank(new QueueFacts(false, false, false, false, 5_000_000m, 180, 1, "agreement")).Points.ShouldBe(10_000);

        var riskFirst = p with { ProbabilityWeight = -20m };
        riskFirst.Rank(None with { Probability = 0.9 }).Points.ShouldBeLessThan(riskFirst.Rank(None with { Probability = 0.1 }).Points);
    }

    [Fact]
    public void An_invalid_priority_is_refused_with_its_field()
    {
        Should.Throw<DomainException>(() => (QueuePriority.Default with { Tiers = [QueueTierFactor.CallbackDue, QueueTierFactor.CallbackDue] }).Validate()).Field.ShouldBe("tiers");
        Should.Throw<DomainException>(() => (QueuePriority.Default with { DpdCap = 0 }).Validate()).Field.ShouldBe("dpd.cap");
        Should.Throw<DomainException>(() => (QueuePriority.Default with { AmountWeight = 2_000_000m }).Validate()).Field.ShouldBe("amount_overdue.weight");
        Should.Throw<DomainException>(() => (QueuePriority.Default with { BrokenPromiseDays = 0 }).Validate()).Field.ShouldBe("broken_promise_days");
        QueuePriority.Default.Validate().ShouldBeSameAs(QueuePriority.Default);
    }
}
