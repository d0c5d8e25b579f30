using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Compliance;

/// <summary>
/// The audit record of one contact attempt, allowed or blocked: what was tried, by whom, the decision, its reasons and
/// the rule-set version used. Every attempt is recorded; only allowed ones go on to a channel. Persistence stores it
/// as is (reasons as <c>;</c>-separated codes).
/// </summary>
public sealed record ContactAttemptRecord(
    ConsentChannel Channel,
    ConsentPurpose Purpose,
    ContactTarget Target,
    DateTimeOffset At,
    ContactActor Actor,
    bool Allowed,
    IReadOnlyList<ComplianceReason> Reasons,
    DateTimeOffset? NextAllowedAt,
    string RuleSetVersion)
{
    public static ContactAttemptRecord From(ContactRequest request, ComplianceDecision decision)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        return new(request.Channel, request.Purpose, request.Target, request.At.ToUniversalTime(), request.Actor, decision.Allowed, decision.Reasons, decision.NextAllowedAt, decision.RuleSetVersion);
    }

    /// <summary>As a prior contact for later checks: blocked attempts keep their place in the history but count for nothing.</summary>
    public PriorContact ToPrior(bool conversation = false) =>
        new(Channel, At, !Allowed ? ContactOutcome.Blocked : conversation ? ContactOutcome.Conversation : ContactOutcome.Attempt, Actor);
}
