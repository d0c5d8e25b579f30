namespace Cartera.Domain.Scoring;

/// <summary>
/// A collection action and its prior: <see cref="Lift"/> multiplies the debtor's probability of payment (the score, which
/// assumes the usual treatment) when the action is taken, capped at 1; <see cref="RecoveryShare"/> is the share of the
/// amount due expected to be recovered when the debtor pays after it (a payment agreement recovers less at once);
/// <see cref="Cost"/> is what the action costs, in major units; <see cref="MinDpd"/> the days past due from which it is
/// allowed (a legal demand is not for a current debtor).
/// </summary>
public sealed record ActionPrior(string Code, double Lift, double RecoveryShare, decimal Cost, int MinDpd = 0);

/// <summary>An action ranked for a debtor: its expected value and the inputs of the formula.</summary>
public sealed record RankedAction(string Code, decimal ExpectedValue, double Probability, decimal ExpectedRecovered, decimal Cost);

/// <summary>
/// The best-next-action policy (docs/scoring.md, "Best next action"): for each allowed action a,
/// value(a) = amount due × recovery share(a) × min(1, p × lift(a)) − cost(a); actions are ranked by value (ties by cost,
/// then code), so the first is the best next action. The priors are data (<c>action_priors</c>, learned from
/// champion/challenger outcomes by <see cref="ActionLiftLearner"/>); <see cref="DefaultPriors"/> seeds them. Pure.
/// </summary>
public static class BestNextAction
{
    /// <summary>Starting priors (costs in COP; seeded into <c>action_priors</c>): no action, SMS, e-mail, call, visit, agreement offer, legal demand.</summary>
    public static IReadOnlyList<ActionPrior> DefaultPriors { get; } =
    [
        new("none", 1.00, 1.00, 0m),
        new("sms", 1.05, 1.00, 150m),
        new("email", 1.03, 1.00, 50m),
        new("call", 1.15, 1.00, 2_500m),
        new("visit", 1.30, 1.00, 40_000m, MinDpd: 31),
        new("agreement", 1.50, 0.60, 10_000m, MinDpd: 31),
        new("legal", 1.40, 0.85, 250_000m, MinDpd: 91),
    ];

    public static IReadOnlyList<RankedAction> Rank(double paymentProbability, decimal amountDue, int dpd, IReadOnlyList<ActionPrior>? priors = null)
    {
        if (paymentProbability is < 0 or > 1 || double.IsNaN(paymentProbability))
        {
            throw new Common.DomainException("invalid_probability", "A probability is between 0 and 1.", "probability");
        }

        var ranked = new List<RankedAction>();
        foreach (var prior in priors ?? DefaultPriors)
        {
            if (dpd < prior.MinDpd)
            {
                continue;
            }

            var p = Math.Min(1.0, paymentProbability * prior.Lift);
            var recovered = Math.Round(Math.Max(0m, amountDue) * (decimal)prior.RecoveryShare * (decimal)p, 2, MidpointRounding.ToEven);
            ranked.Add(new RankedAction(prior.Code, recovered - prior.Cost, p, recovered, prior.Cost));
        }

        return ranked.OrderByDescending(a => a.ExpectedValue).ThenBy(a => a.Cost).ThenBy(a => a.Code, StringComparer.Ordinal).ToList();
    }
}
