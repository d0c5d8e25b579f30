using Cartera.Domain.Common;
using Cartera.Domain.Scoring;

namespace Cartera.Domain.Tests.Scoring;

public sealed class RiskPolicyTests
{
    [Theory]
    [InlineData(0.85, 500_000, 0, "low|small|current")]
    [InlineData(0.70, 2_000_000, 30, "low|medium|1-30")]
    [InlineData(0.69, 19_999_999, 31, "medium|medium|31-90")]
    [InlineData(0.39, 20_000_000, 181, "high|large|181+")]
    [InlineData(0.40, 0, 180, "medium|small|91-180")]
    public void Segments_combine_risk_balance_and_dpd_bands(double p, int balance, int dpd, string expected) =>
        SegmentPolicy.Default.For(p, balance, dpd).Code.ShouldBe(expected);

    [Fact]
    public void Thresholds_are_configurable_and_must_increase()
    {
        var policy = new SegmentPolicy { LowRiskFrom = 0.9, DpdUpperBounds = [60] };
        policy.For(0.85, 1, 61).Code.ShouldBe("medium|small|61+");
        policy.DpdBands.ShouldBe(["current", "1-60", "61+"]);
        Should.Throw<DomainException>(() => (policy with { MediumRiskFrom = 0.95 }).For(0.5, 1, 0));
    }

    [Fact]
    public void Best_next_action_ranks_by_expected_recovery_minus_cost_and_respects_the_dpd_gates()
    {
        var current = BestNextAction.Rank(0.5, 1_000_000m, 0);
        current.Select(a => a.Code).ShouldNotContain("legal");
        current.Select(a => a.Code).ShouldNotContain("visit");
        current[0].Code.ShouldBe("call"); // 1,000,000 × 0.575 − 2,500 beats SMS's 525,000 − 150
        current.ShouldBe(current.OrderByDescending(a => a.ExpectedValue).ToList());

        var small = BestNextAction.Rank(0.9, 10_000m, 0);
        small[0].Code.ShouldBe("sms"); // a call costs more than it adds on a small balance

        var late = BestNextAction.Rank(0.1, 50_000_000m, 120);
        late.Select(a => a.Code).ShouldContain("legal");
        late[0].Code.ShouldBe("visit"); // 50,000,000 × 0.13 − 40,000 beats legal's × 0.85 × 0.14 − 250,000
        late[0].ExpectedValue.ShouldBe((50_000_000m * 0.13m) - 40_000m);
        late.Single(a => a.Code == "legal").ExpectedValue.ShouldBe((50_000_000m * 0.85m * 0.14m) - 250_000m);
        late.Single(a => a.Code == "agreement").ExpectedValue.ShouldBe((50_000_000m * 0.6m * 0.15m) - 10_000m);

        var priors = new[] { new ActionPrior("none", 1, 1, 0), new ActionPrior("call", 2, 1, 1_000m) };
        BestNextAction.Rank(0.7, 10_000m, 0, priors)[0].Probability.ShouldBe(1.0); // capped at 1
        Should.Throw<DomainException>(() => BestNextAction.Rank(1.5, 1m, 0));
    }
}
