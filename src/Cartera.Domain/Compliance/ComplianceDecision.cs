using Cartera.Domain.Common;

namespace Cartera.Domain.Compliance;

/// <summary>
/// The gate's answer. Allowed, or blocked with every reason that applies (in enum order) and the next instant at which
/// the same contact (same channel, same history) would be allowed — null when it never will without a change of the
/// debtor's data (do-not-contact, holds, deceased, consent, third party). <see cref="RuleSetVersion"/> is the
/// <c>Id@Version</c> of the rule set used.
/// </summary>
public sealed record ComplianceDecision(bool Allowed, IReadOnlyList<ComplianceReason> Reasons, DateTimeOffset? NextAllowedAt, string RuleSetVersion)
{
    /// <summary>The reasons as <c>;</c>-separated codes (empty when allowed).</summary>
    public string ReasonCodes => ComplianceCodes.Join(Reasons);

    public bool Has(ComplianceReason reason)
    {
        foreach (var r in Reasons)
        {
            if (r == reason)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For channel adapters: a blocked attempt never reaches a channel.</summary>
    /// <exception cref="DomainException"><c>contact_blocked</c> with the reason codes.</exception>
    public void ThrowIfBlocked()
    {
        if (!Allowed)
        {
            throw new DomainException("contact_blocked", $"Contact blocked by the compliance gate: {ReasonCodes}.", "contact");
        }
    }
}
