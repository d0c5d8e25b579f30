using Cartera.Domain.Common;

namespace Cartera.Domain.Scoring;

/// <summary>The two arms of a champion/challenger experiment.</summary>
public static class ExperimentArms
{
    /// <summary>The current strategy.</summary>
    public const string Champion = "champion";

    /// <summary>The strategy tested against it.</summary>
    public const string Challenger = "challenger";

    public static bool IsKnown(string? arm) => arm is Champion or Challenger;
}

/// <summary>
/// One observed champion/challenger outcome as the learner reads it: the action taken, the arm and experiment, the payment
/// probability the score gave on the day the action was decided, the amount due then and what was paid in the window
/// (minor units), and whether the debtor paid (paid ≥ amount due, the label rule).
/// </summary>
public sealed record ObservedActionOutcome(string ActionCode, string Arm, string Experiment, double PredictedProbability, long AmountDueMinor, long PaidMinor, bool Paid);

/// <summary>
/// How much an observation moves a prior: <see cref="PseudoCount"/> k (the prior weighs as k outcomes) and
/// <see cref="MinimumOutcomes"/> (below it an action keeps its prior). Defaults: k = 200, minimum 100.
/// </summary>
public sealed record ActionLearningSettings(int PseudoCount = 200, int MinimumOutcomes = 100)
{
    public static ActionLearningSettings Default { get; } = new();

    public void Validate()
    {
        if (PseudoCount < 0)
        {
            throw new DomainException("invalid_value", "The pseudo-count is zero or more.", "pseudo_count");
        }

        if (MinimumOutcomes < 1)
        {
            throw new DomainException("invalid_value", "The minimum number of outcomes is at least 1.", "minimum_outcomes");
        }
    }
}

/// <summary>
/// What was learned for one action: its prior; the outcomes observed (n), the payers, the expected payers Σp; the observed
/// lift (payers ÷ Σp) and recovery share (null when nothing was observed); the posterior (the prior when
/// <see cref="Updated"/> is false, because n is below the minimum).
/// </summary>
public sealed record LearnedAction(
    string Code,
    ActionPrior Prior,
    int Outcomes,
    int Payers,
    double ExpectedPayers,
    double? ObservedLift,
    int RecoveryOutcomes,
    double? ObservedRecoveryShare,
    ActionPrior Posterior,
    bool Updated);

/// <summary>One arm of an experiment: outcomes, payers, observed and expected payment rates, lift (observed ÷ expected) and the actions taken in it.</summary>
public sealed record ArmReport(string Arm, int Outcomes, int Payers, double PaymentRate, double ExpectedRate, double Lift, IReadOnlyList<string> Actions);

/// <summary>
/// Champion against challenger in one experiment: each arm's figures, the difference of payment rates (challenger −
/// champion), the two-proportion z statistic and its two-sided p-value (null when an arm is empty or the pooled rate
/// is 0 or 1), and whether the challenger won at the 5 % level (higher rate, p &lt; 0.05).
/// </summary>
public sealed record ExperimentReport(string Experiment, ArmReport Champion, ArmReport Challenger, double RateDifference, double? Z, double? PValue, bool ChallengerWins);

/// <summary>The learner's result: one line per prior (in the priors' order) and one report per experiment (by code).</summary>
public sealed record ActionLearningResult(IReadOnlyList<LearnedAction> Actions, IReadOnlyList<ExperimentReport> Experiments);

/// <summary>
/// Learns the best-next-action priors from champion/challenger outcomes (docs/scoring.md, "Learning from outcomes"). Pure
/// and deterministic (the outcomes' order does not matter beyond floating-point summation, which is done in a fixed order).
/// For each action with n observed outcomes:
/// <list type="bullet">
/// <item>observed lift = Σ paid ÷ Σ p (observed payers over the payers the score expected, which adjusts for the
/// debtors' risk);</item>
/// <item>observed recovery share = Σ min(paid amount, amount due) ÷ Σ amount due over the outcomes where something was
/// paid (the money an action brings in when the debtor pays at all; strict payers always reach 1 by definition, so the
/// partial payers are what make an agreement's share below 1), clipped to [0, 1];</item>
/// <item>when n ≥ the minimum: posterior = (k·prior + m·observed) ÷ (k + m), m = n for the lift and the number of
/// outcomes with a payment for the share; otherwise (or when Σ p = 0) the prior is kept.</item>
/// </list>
/// Posteriors are rounded to 6 decimals (half-even). Cost and minimum DPD are never learned.
/// </summary>
public static class ActionLiftLearner
{
    public const int Decimals = 6;

    public static ActionLearningResult Learn(IReadOnlyList<ActionPrior> priors, IReadOnlyList<ObservedActionOutcome> outcomes, ActionLearningSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(priors);
        ArgumentNullException.ThrowIfNull(outcomes);
        settings ??= ActionLearningSettings.Default;
        settings.Validate();
        foreach (var o in outcomes)
        {
            Check(o);
        }

        var byAction = outcomes.ToLookup(o => o.ActionCode, StringComparer.Ordinal);
        var actions = priors.Select(prior => LearnOne(prior, byAction[prior.Code].ToList(), settings)).ToList();
        var experiments = outcomes
            .GroupBy(o => o.Experiment, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Compare(g.Key, g.ToList()))
            .ToList();
        return new ActionLearningResult(actions, experiments);
    }

    /// <summary>(k·prior + m·observed) ÷ (k + m), rounded to <see cref="Decimals"/> places.</summary>
    public static double Shrink(double prior, double observed, int observations, int pseudoCount) =>
        observations + pseudoCount == 0
            ? prior
            : Math.Round(((pseudoCount * prior) + (observations * observed)) / (pseudoCount + observations), Decimals, MidpointRounding.ToEven);

    /// <summary>
    /// Two-sided p-value of the two-proportion z-test of x1/n1 against x2/n2 with the pooled rate; null when an arm is
    /// empty or the pooled rate is 0 or 1 (no variance). Returns the z statistic (rate 2 − rate 1 over its standard error).
    /// </summary>
    public static (double Z, double PValue)? TwoProportionTest(int x1, int n1, int x2, int n2)
    {
        if (n1 <= 0 || n2 <= 0)
        {
            return null;
        }

        var pooled = (double)(x1 + x2) / (n1 + n2);
        if (pooled <= 0 || pooled >= 1)
        {
            return null;
        }

        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        var z = (((double)x2 / n2) - ((double)x1 / n1)) / se;
        return (z, Math.Min(1.0, 2 * UpperTail(Math.Abs(z))));
    }

    /// <summary>P(Z &gt; z) of the standard normal, from the complementary error function (Numerical Recipes' Chebyshev fit of erfc, fractional error &lt; 1.2e-7).</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    private static LearnedAction LearnOne(ActionPrior prior, List<ObservedActionOutcome> observed, ActionLearningSettings settings)
    {
        var n = observed.Count;
        var payers = observed.Count(o => o.Paid);
        var expected = observed.Sum(o => o.PredictedProbability);
        double? lift = expected > 0 ? payers / expected : null;
        var recovering = observed.Where(o => o.PaidMinor > 0).ToList();
        var dueOfRecovering = recovering.Sum(o => (decimal)o.AmountDueMinor);
        double? share = dueOfRecovering > 0
            ? Math.Clamp((double)(recovering.Sum(o => (decimal)Math.Min(o.PaidMinor, o.AmountDueMinor)) / dueOfRecovering), 0, 1)
            : null;

        var updated = n >= settings.MinimumOutcomes && lift is not null;
        var posterior = prior;
        if (updated)
        {
            posterior = prior with
            {
                Lift = Shrink(prior.Lift, lift!.Value, n, settings.PseudoCount),
                RecoveryShare = share is { } s ? Shrink(prior.RecoveryShare, s, recovering.Count, settings.PseudoCount) : prior.RecoveryShare,
            };
        }

        return new LearnedAction(prior.Code, prior, n, payers, expected, lift, recovering.Count, share, posterior, updated);
    }

    private static ExperimentReport Compare(string experiment, List<ObservedActionOutcome> outcomes)
    {
        var champion = Arm(ExperimentArms.Champion, outcomes);
        var challenger = Arm(ExperimentArms.Challenger, outcomes);
        var test = TwoProportionTest(champion.Payers, champion.Outcomes, challenger.Payers, challenger.Outcomes);
        var difference = challenger.PaymentRate - champion.PaymentRate;
        return new ExperimentReport(experiment, champion, challenger, difference, test?.Z, test?.PValue, test is { PValue: < 0.05 } && difference > 0);
    }

    private static ArmReport Arm(string arm, List<ObservedActionOutcome> outcomes)
    {
        var of = outcomes.Where(o => o.Arm == arm).ToList();
        var n = of.Count;
        var payers = of.Count(o => o.Paid);
        var expected = of.Sum(o => o.PredictedProbability);
        return new ArmReport(
            arm,
            n,
            payers,
            n == 0 ? 0 : (double)payers / n,
            n == 0 ? 0 : expected / n,
            expected > 0 ? payers / expected : 0,
            of.Select(o => o.ActionCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    private static void Check(ObservedActionOutcome o)
    {
        if (o.PredictedProbability is < 0 or > 1 || double.IsNaN(o.PredictedProbability))
        {
            throw new DomainException("invalid_probability", "A probability is between 0 and 1.", "probability");
        }

        if (!ExperimentArms.IsKnown(o.Arm))
        {
            throw new DomainException("invalid_arm", "The arm is champion or challenger.", "arm");
        }

        if (o.AmountDueMinor <= 0 || o.PaidMinor < 0)
        {
            throw new DomainException("invalid_amount", "The amount due is positive and the paid amount is zero or more.", "amount_due_minor");
        }
    }

    private static readonly double[] ErfcCoefficients =
        [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];

    // erfc(x) for x ≥ 0 by the Numerical Recipes Chebyshev fit (fractional error < 1.2e-7); erfc(−x) = 2 − erfc(x).
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var poly = 0.0;
        for (var i = ErfcCoefficients.Length - 1; i >= 0; i--)
        {
            poly = (poly * t) + ErfcCoefficients[i];
        }

        var r = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
