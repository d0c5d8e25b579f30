using Cartera.Application.Audit;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Compliance;

/// <summary>
/// One version of a jurisdiction's rule set (<c>compliance_rule_sets</c>). Rows are never changed: an edit inserts the
/// next <see cref="Version"/> of the same <see cref="RuleSetId"/>, so every recorded attempt still names the version it
/// was checked with (<c>co-ley-2300@1</c>). The insert is audited like any change.
/// </summary>
public sealed class StoredRuleSet
{
    public long Id { get; set; }

    /// <summary>The rule set's stable id (<c>co-ley-2300</c>).</summary>
    public string RuleSetId { get; set; } = string.Empty;

    public int Version { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Jurisdiction { get; set; } = string.Empty;

    public DateOnly ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    /// <summary><see cref="RulesData"/> as JSON: every rule with its source and [verify] flag.</summary>
    public string Rules { get; set; } = string.Empty;

    /// <summary>Why the version was made (free text; never personal data).</summary>
    public string? ChangeNote { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The actor (<see cref="IActor.Name"/>) who saved it; <c>system</c> for the shipped defaults.</summary>
    public string CreatedBy { get; set; } = string.Empty;

    public string Label => $"{RuleSetId}@{Version}";

    public ComplianceRuleSet ToRuleSet() => RulesData.FromJson(Rules).ToRuleSet(RuleSetId, Version, Jurisdiction, ValidFrom, ValidTo);
}

/// <summary>
/// Per-debtor compliance data (<c>debtor_compliance_overrides</c>, one row per debtor, absent = no override): agreed
/// hours (valid only with the reference of the separate document the debtor signed), channel opt-outs, do-not-contact
/// and the holds. Every change is audited with before and after.
/// </summary>
public sealed class DebtorComplianceOverride
{
    public long DebtorId { get; set; }

    /// <summary>Agreed contact windows in <see cref="WindowsText"/> form; replace the rule set's windows, not its day rules.</summary>
    public string? AgreedHours { get; set; }

    /// <summary>Reference of the separate document in which the debtor agreed the hours (Ley 2300 art. 3).</summary>
    public string? AgreedHoursDocument { get; set; }

    /// <summary>Channels the debtor objected to, as <c>;</c>-separated codes.</summary>
    public string OptedOutChannels { get; set; } = string.Empty;

    public bool DoNotContact { get; set; }

    public bool DisputeHold { get; set; }

    public bool InsolvencyProceedings { get; set; }

    public bool Deceased { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public uint Version { get; set; }
}

/// <summary>
/// One contact attempt checked by the gate (<c>contact_attempts</c>), allowed or blocked: channel, purpose, target,
/// instant, actor, decision, reasons (<c>;</c>-separated codes), next allowed instant and the rule-set version used.
/// It is its own audit record (not copied to <c>audit_entries</c>). Later channel features set
/// <see cref="Outcome"/> to <c>conversation</c> when a call reached the debtor.
/// </summary>
public sealed class ContactAttempt : ISelfAudited
{
    public long Id { get; set; }

    public long DebtorId { get; set; }

    public ConsentChannel Channel { get; set; }

    public ConsentPurpose Purpose { get; set; }

    public ContactTarget Target { get; set; }

    /// <summary>The instant of the attempt (UTC).</summary>
    public DateTimeOffset At { get; set; }

    public ActorKind ActorKind { get; set; }

    /// <summary>The actor's internal id (user id, strategy id, agency id) — never a name.</summary>
    public string ActorId { get; set; } = string.Empty;

    public bool Allowed { get; set; }

    /// <summary><c>attempt</c> when allowed, <c>blocked</c> when not; <c>conversation</c> once a channel reports one.</summary>
    public ContactOutcome Outcome { get; set; }

    /// <summary>The reasons as <c>;</c>-separated codes (empty when allowed).</summary>
    public string Reasons { get; set; } = string.Empty;

    public DateTimeOffset? NextAllowedAt { get; set; }

    /// <summary><c>Id@Version</c> of the rule set used.</summary>
    public string RuleSetVersion { get; set; } = string.Empty;

    /// <summary>When the gate recorded it (from the clock; may differ from <see cref="At"/> for planned attempts).</summary>
    public DateTimeOffset RecordedAt { get; set; }

    public static ContactAttempt From(long debtorId, ContactAttemptRecord record, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ContactAttempt
        {
            DebtorId = debtorId,
            Channel = record.Channel,
            Purpose = record.Purpose,
            Target = record.Target,
            At = record.At,
            ActorKind = record.Actor.Kind,
            ActorId = record.Actor.Id,
            Allowed = record.Allowed,
            Outcome = record.Allowed ? ContactOutcome.Attempt : ContactOutcome.Blocked,
            Reasons = ComplianceCodes.Join(record.Reasons),
            NextAllowedAt = record.NextAllowedAt,
            RuleSetVersion = record.RuleSetVersion,
            RecordedAt = recordedAt,
        };
    }
}

/// <summary>
/// One row per debtor that serializes the gate's check-and-record (<c>contact_gate_locks</c>): the gate upserts it as
/// the first statement of its transaction, which holds the row (PostgreSQL) or the write lock (SQLite) until commit.
/// <see cref="Checks"/> counts recorded checks. Written only by SQL; never tracked.
/// </summary>
public sealed class ContactGateLock : ISelfAudited
{
    public long DebtorId { get; set; }

    public long Checks { get; set; }
}
