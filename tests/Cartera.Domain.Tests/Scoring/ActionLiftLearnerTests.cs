using Cartera.Domain.Common;
using Cartera.Domain.Scoring;

namespace Cartera.Domain.Tests.Scoring;

/// <summary>The learner on hand-computed cases (docs/scoring.md, "Learning from outcomes").</summary>
public sealed class ActionLiftLearnerTests
{
    private static readonly ActionPrior Call = new("call", 1.15, 1.00, 2_500m);
    private static readonly ActionPrior Sms = new("sms", 1.05, 1.00, 150m);

    /// <summary>n outcomes of <paramref name="code"/> at p = 0.5, amount due 1,000: <paramref name="full"/> pay it all, <paramref name="partial"/> pay 600, the rest nothing.</summary>
    private static List<ObservedActionOutcome> Outcomes(string code, int n, int full, int partial, string arm = ExperimentArms.Champion, string experiment = "e1", double p = 0.5) =>
        Enumerable.Range(0, n).Select(i =>
        {
            var paid = i < full ? 1_000L : i < full + partial ? 600L : 0L;
            return new ObservedActionOutcome(code, arm, experiment, p, 1_000, paid, paid >= 1_000);
        }).ToList();

    [Fact]
    public void Lift_and_recovery_share_are_shrunk_toward_the_prior_with_the_pseudo_count()
    {
        // 100 calls at p = 0.5: Σp = 50 expected payers, 69 paid → observed lift 1.38;
        // posterior = (200 × 1.15 + 100 × 1.38) ÷ 300 = 368 ÷ 300 = 1.226667.
        // Share over the 79 outcomes with a payment: (69 × 1,000 + 10 × 600) ÷ 79,000 = 75 ÷ 79;
        // posterior = (200 × 1 + 79 × 75/79) ÷ 279 = 275 ÷ 279 = 0.985663.
        var result = ActionLiftLearner.Learn([Call, Sms], Outcomes("call", 100, 69, 10));
        var call = result.Actions.Single(a => a.Code == "call");
        call.Outcomes.ShouldBe(100);
        call.Payers.ShouldBe(69);
        call.ExpectedPayers.ShouldBe(50, 1e-9);
        call.ObservedLift!.Value.ShouldBe(1.38, 1e-12);
        call.RecoveryOutcomes.ShouldBe(79);
        call.ObservedRecoveryShare!.Value.ShouldBe(75.0 / 79, 1e-12);
        call.Updated.ShouldBeTrue();
        call.Posterior.Lift.ShouldBe(1.226667);
        call.Posterior.RecoveryShare.ShouldBe(0.985663);
        call.Posterior.Cost.ShouldBe(2_500m); // cost and DPD gate are never learned
        call.Posterior.MinDpd.ShouldBe(0);

        var sms = result.Actions.Single(a => a.Code == "sms"); // no outcome: the prior stays
        sms.Outcomes.ShouldBe(0);
        sms.ObservedLift.ShouldBeNull();
        sms.Updated.ShouldBeFalse();
        sms.Posterior.ShouldBe(Sms);
        result.Actions.Select(a => a.Code).ShouldBe(["call", "sms"]); // the priors' order
    }

    [Fact]
    public void Below_the_minimum_the_prior_is_unchanged_but_the_observation_is_reported()
    {
        var call = ActionLiftLearner.Learn([Call], Outcomes("call", 99, 69, 0)).Actions.Single();
        call.Outcomes.ShouldBe(99);
        call.ObservedLift!.Value.ShouldBe(69 / 49.5, 1e-12);
        call.Updated.ShouldBeFalse();
        call.Posterior.ShouldBe(Call);
    }

    [Fact]
    public void Settings_change_the_weight_and_the_gate()
    {
        // k = 0: the posterior is the observation; minimum 10 lets 20 outcomes count.
        var call = ActionLiftLearner.Learn([Call], Outcomes("call", 20, 5, 0), new ActionLearningSettings(PseudoCount: 0, MinimumOutcomes: 10)).Actions.Single();
        call.Posterior.Lift.ShouldBe(0.5); // 5 ÷ 10
        call.Posterior.RecoveryShare.ShouldBe(1.0);
        ActionLiftLearner.Shrink(1.5, 1.0, 200, 200).ShouldBe(1.25);
        ActionLiftLearner.Shrink(1.5, 1.0, 0, 0).ShouldBe(1.5);
        Should.Throw<DomainException>(() => ActionLiftLearner.Learn([Call], [], new ActionLearningSettings(MinimumOutcomes: 0)));
    }

    [Fact]
    public void An_agreement_that_recovers_part_of_the_amount_learns_a_share_below_one()
    {
        var agreement = new ActionPrior("agreement", 1.50, 0.60, 10_000m, 31);
        var learned = ActionLiftLearner.Learn([agreement], Outcomes("agreement", 300, 30, 270, p: 0.1)).Actions.Single();
        // share = (30 × 1,000 + 270 × 600) ÷ 300,000 = 0.64; posterior = (200 × 0.6 + 300 × 0.64) ÷ 500 = 0.624
        learned.ObservedRecoveryShare!.Value.ShouldBe(0.64, 1e-12);
        learned.Posterior.RecoveryShare.ShouldBe(0.624);
        // lift = 30 ÷ 30 = 1; posterior = (200 × 1.5 + 300 × 1) ÷ 500 = 1.2
        learned.Posterior.Lift.ShouldBe(1.2);
    }

    [Fact]
    public void The_experiment_report_compares_the_arms_with_a_two_proportion_z_test()
    {
        var outcomes = Outcomes("sms", 100, 50, 0, ExperimentArms.Champion, "sms-vs-call")
            .Concat(Outcomes("call", 100, 65, 0, ExperimentArms.Challenger, "sms-vs-call"))
            .Concat(Outcomes("sms", 10, 5, 0, ExperimentArms.Champion, "another"))
            .ToList();
        var result = ActionLiftLearner.Learn([Sms, Call], outcomes);
        result.Experiments.Select(e => e.Experiment).ShouldBe(["another", "sms-vs-call"]);
        var report = result.Experiments[1];
        report.Champion.Outcomes.ShouldBe(100);
        report.Champion.PaymentRate.ShouldBe(0.5);
        report.Champion.ExpectedRate.ShouldBe(0.5, 1e-12);
        report.Champion.Lift.ShouldBe(1.0, 1e-12);
        report.Challenger.Payers.ShouldBe(65);
        report.Challenger.Lift.ShouldBe(1.3, 1e-12);
        report.Challenger.Actions.ShouldBe(["call"]);
        report.RateDifference.ShouldBe(0.15, 1e-12);
        // pooled 0.575, se = √(0.575 × 0.425 × 0.02) = 0.069911, z = 2.145596, two-sided p = 0.031905
        report.Z!.Value.ShouldBe(2.145596, 1e-5);
        report.PValue!.Value.ShouldBe(0.031905, 1e-5);
        report.ChallengerWins.ShouldBeTrue();

        var empty = result.Experiments[0]; // no challenger: no test
        empty.Challenger.Outcomes.ShouldBe(0);
        empty.PValue.ShouldBeNull();
        empty.ChallengerWins.ShouldBeFalse();
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.959963985, 0.025)]
    [InlineData(-1.0, 0.841345)]
    [InlineData(3.0, 0.001350)]
    public void The_normal_tail_matches_the_tables(double z, double expected) =>
        ActionLiftLearner.UpperTail(z).ShouldBe(expected, 1e-6);

    [Fact]
    public void Invalid_outcomes_are_refused()
    {
        Should.Throw<DomainException>(() => ActionLiftLearner.Learn([Call], [new ObservedActionOutcome("call", "other", "e", 0.5, 1, 0, false)])).Code.ShouldBe("invalid_arm");
        Should.Throw<DomainException>(() => ActionLiftLearner.Learn([Call], [new ObservedActionOutcome("call", "champion", "e", 1.5, 1, 0, false)])).Code.ShouldBe("invalid_probability");
        Should.Throw<DomainException>(() => ActionLiftLearner.Learn([Call], [new ObservedActionOutcome("call", "champion", "e", 0.5, 0, 0, false)])).Code.ShouldBe("invalid_amount");
    }
}
