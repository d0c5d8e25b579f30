using Cartera.Application.Audit;

namespace Cartera.Application.Scoring.Actions;

/// <summary>Where a stored prior's lift and recovery share come from.</summary>
public static class ActionPriorSources
{
    /// <summary>Set by the shipped defaults or an administrator.</summary>
    public const string Configured = "configured";

    /// <summary>Stored by <c>score learn-actions --apply</c> from champion/challenger outcomes.</summary>
    public const string Learned = "learned";
}

/// <summary>
/// A best-next-action prior as data (<c>action_priors</c>, one row per action code): the lift of the payment probability,
/// the recovery share, the cost (minor units of <see cref="CurrencyCode"/>), the DPD from which the action is allowed,
/// whether it is offered at all, where the figures come from (<see cref="ActionPriorSources"/>) and, when learned, from
/// how many outcomes and payers up to which date. Every change goes through the audited SaveChanges.
/// </summary>
public sealed class StoredActionPrior
{
    public long Id { get; set; }

    public string Code { get; set; } = string.Empty;

    public double Lift { get; set; }

    public double RecoveryShare { get; set; }

    public long CostMinor { get; set; }

    public string CurrencyCode { get; set; } = string.Empty;

    public int MinDpd { get; set; }

    public bool Enabled { get; set; } = true;

    public string Source { get; set; } = ActionPriorSources.Configured;

    public int? LearnedFromOutcomes { get; set; }

    public int? LearnedFromPayers { get; set; }

    /// <summary>The as-of date of the outcomes the learned figures come from.</summary>
    public DateOnly? LearnedAsOf { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }

    public uint Version { get; set; }
}

/// <summary>
/// One champion/challenger outcome (<c>action_outcomes</c>): the action decided for a debtor on a business date, in which
/// arm of which experiment, the payment probability the score gave then and the amount due then (minor units); filled
/// later by <see cref="ActionOutcomes.ObserveAsync"/> once the window has ended: the money received in
/// (decided, decided + window] and whether it reached the amount due (<c>PaymentLabel.Pays</c>). Unique per experiment,
/// debtor and date. The row is its own audit record (who recorded it, when; when it was observed), so it is not copied
/// to <c>audit_entries</c>.
/// </summary>
public sealed class ActionOutcome : ISelfAudited
{
    public long Id { get; set; }

    public long DebtorId { get; set; }

    public DateOnly DecidedOn { get; set; }

    public string ActionCode { get; set; } = string.Empty;

    /// <summary><c>champion</c> or <c>challenger</c> (<see cref="Domain.Scoring.ExperimentArms"/>).</summary>
    public string Arm { get; set; } = string.Empty;

    public string ExperimentCode { get; set; } = string.Empty;

    public double PredictedProbability { get; set; }

    public long AmountDueMinor { get; set; }

    public string CurrencyCode { get; set; } = string.Empty;

    public int WindowDays { get; set; }

    public long? PaidMinor { get; set; }

    public bool? Paid { get; set; }

    public DateTimeOffset? ObservedAt { get; set; }

    public string RecordedBy { get; set; } = string.Empty;

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The last business date of the observation window.</summary>
    public DateOnly WindowEnd => DecidedOn.AddDays(WindowDays);
}
