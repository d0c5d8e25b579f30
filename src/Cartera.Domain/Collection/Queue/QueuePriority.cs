using Cartera.Domain.Common;

namespace Cartera.Domain.Collection.Queue;

// Stored as snake_case text in the database, the settings JSON and the API (see EnumCodes). Add members at the end only.

/// <summary>
/// The yes/no factors that place a debtor in a tier of the work queue (<c>broken_promise</c>, <c>promise_due_today</c>,
/// <c>callback_due</c>, <c>agreement_overdue</c>). The tiers' order is configuration (<see cref="QueuePriority.Tiers"/>).
/// </summary>
public enum QueueTierFactor
{
    BrokenPromise,
    PromiseDueToday,
    CallbackDue,
    AgreementOverdue,
}

/// <summary>A collector's mark on a queue debtor for one day: <c>worked</c>, <c>skipped</c> or <c>snoozed</c> (until an instant).</summary>
public enum QueueItemState
{
    Worked,
    Skipped,
    Snoozed,
}

/// <summary>
/// What the queue knows of one debtor on one day: the tier factors, the amount overdue (major units of its currency),
/// the days past due, the payment probability (null when not scored), the best next action code (null when none) and
/// the kind of an open strategy task due that day or earlier (null when none; a visit when both are open).
/// </summary>
public sealed record QueueFacts(
    bool BrokenPromise,
    bool PromiseDueToday,
    bool CallbackDue,
    bool AgreementOverdue,
    decimal AmountOverdue,
    int Dpd,
    double? Probability,
    string? NextAction,
    QueueTaskKind? StrategyTask = null)
{
    public bool Has(QueueTierFactor factor) => factor switch
    {
        QueueTierFactor.BrokenPromise => BrokenPromise,
        QueueTierFactor.PromiseDueToday => PromiseDueToday,
        QueueTierFactor.CallbackDue => CallbackDue,
        QueueTierFactor.AgreementOverdue => AgreementOverdue,
        _ => false,
    };
}

/// <summary>A debtor's place in the queue: its tier (1 = first listed tier; tiers + 1 = none applies) and points within the tier.</summary>
public readonly record struct QueueRank(int Tier, long Points);

/// <summary>
/// The work queue's priority (docs/user/collection.md, "Cola de trabajo"): data, stored as one settings row and edited by
/// admins and supervisors. A debtor's tier is the position (1-based) of the first factor of <see cref="Tiers"/> it has,
/// or <c>Tiers.Count + 1</c> when it has none. Within a tier the points are
/// <c>round(100 × (W_amount × min(1, amount overdue / AmountCap) + W_dpd × min(1, DPD / DpdCap) + W_prob × p + action points))</c>,
/// with p = 0 when not scored and the action points of the best next action (0 when not listed); an open strategy task
/// (<see cref="QueueFacts.StrategyTask"/>) adds the action points of its kind (<c>call</c>, <c>visit</c>) once more. The queue is ordered by
/// tier ascending, points descending, debtor id ascending — deterministic.
/// </summary>
public sealed record QueuePriority(
    IReadOnlyList<QueueTierFactor> Tiers,
    decimal AmountWeight,
    decimal AmountCap,
    decimal DpdWeight,
    int DpdCap,
    decimal ProbabilityWeight,
    IReadOnlyDictionary<string, decimal> ActionPoints,
    int BrokenPromiseDays)
{
    /// <summary>The largest weight or action points accepted (keeps the points well inside a long).</summary>
    public const decimal MaxWeight = 1_000_000m;

    /// <summary>The shipped priority: broken promises, then promises due today, callbacks, agreement installments overdue;
    /// within a tier amount overdue (40, capped at 5,000,000), DPD (30, capped at 180), payment probability (20) and the best
    /// next action (agreement 10, visit 8, call 6, legal 4, SMS and e-mail 2); a broken promise counts for 7 days.</summary>
    public static QueuePriority Default { get; } = new(
        [QueueTierFactor.BrokenPromise, QueueTierFactor.PromiseDueToday, QueueTierFactor.CallbackDue, QueueTierFactor.AgreementOverdue],
        40m,
        5_000_000m,
        30m,
        180,
        20m,
        new Dictionary<string, decimal>(StringComparer.Ordinal) { ["agreement"] = 10m, ["visit"] = 8m, ["call"] = 6m, ["legal"] = 4m, ["sms"] = 2m, ["email"] = 2m },
        7);

    /// <summary>The tier after every listed one: debtors with none of the tier factors.</summary>
    public int LastTier => Tiers.Count + 1;

    /// <exception cref="DomainException">invalid_priority (with the field) when a value is out of its bounds or a tier is repeated.</exception>
    public QueuePriority Validate()
    {
        ArgumentNullException.ThrowIfNull(Tiers);
        ArgumentNullException.ThrowIfNull(ActionPoints);
        if (Tiers.Distinct().Count() != Tiers.Count || Tiers.Any(t => !Enum.IsDefined(t)))
        {
            throw new DomainException("invalid_priority", "Cada nivel de la cola aparece una sola vez.", "tiers");
        }

        Check(AmountWeight, "amount_overdue.weight");
        Check(DpdWeight, "dpd.weight");
        Check(ProbabilityWeight, "probability.weight");
        foreach (var (code, points) in ActionPoints)
        {
            Check(points, "next_action." + code);
        }

        if (AmountCap is <= 0 or > 1_000_000_000_000m)
        {
            throw new DomainException("invalid_priority", "El tope del monto vencido es mayor que cero.", "amount_overdue.cap");
        }

        if (DpdCap is <= 0 or > 100_000)
        {
            throw new DomainException("invalid_priority", "El tope de días de mora es mayor que cero.", "dpd.cap");
        }

        if (BrokenPromiseDays is < 1 or > 365)
        {
            throw new DomainException("invalid_priority", "Una promesa incumplida cuenta entre 1 y 365 días.", "broken_promise_days");
        }

        return this;
    }

    /// <summary>The tier and points of a debtor with these facts.</summary>
    public QueueRank Rank(QueueFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var tier = LastTier;
        for (var i = 0; i < Tiers.Count; i++)
        {
            if (facts.Has(Tiers[i]))
            {
                tier = i + 1;
                break;
            }
        }

        var amount = Math.Min(1m, Math.Max(0m, facts.AmountOverdue) / AmountCap);
        var dpd = Math.Min(1m, Math.Max(0, facts.Dpd) / (decimal)DpdCap);
        var probability = facts.Probability is { } p && !double.IsNaN(p) ? (decimal)Math.Clamp(p, 0, 1) : 0m;
        var action = facts.NextAction is { } code && ActionPoints.TryGetValue(code, out var points) ? points : 0m;
        var task = facts.StrategyTask is { } kind && ActionPoints.TryGetValue(EnumCodes.ToCode(kind), out var taskPoints) ? taskPoints : 0m;
        var score = checked((AmountWeight * amount) + (DpdWeight * dpd) + (ProbabilityWeight * probability) + action + task);
        return new QueueRank(tier, (long)Math.Round(score * 100m, MidpointRounding.ToEven));
    }

    private static void Check(decimal weight, string field)
    {
        if (weight is < -MaxWeight or > MaxWeight)
        {
            throw new DomainException("invalid_priority", "Un peso de la cola está entre -1.000.000 y 1.000.000.", field);
        }
    }
}
