using System.Globalization;
using Cartera.Domain.Common;

namespace Cartera.Domain.CreditEvaluation;

/// <summary>The decision levels of credit approval, lowest first; a person's level comes from their highest role.</summary>
public enum ApprovalLevel
{
    None,
    Analyst,
    Supervisor,
    Admin,
}

/// <summary>What a person records on an evaluated application.</summary>
public sealed record CreditDecisionRequest(bool Approve, decimal? Amount, CreditDeclineReason? DeclineReason, string? Note);

/// <summary>
/// Limits by role (configuration; docs/scoring.md): the recommendation is never the final word, a person records the
/// decision within their authority. Defaults: an analyst approves up to <see cref="AnalystLimits"/> per currency (major
/// units: COP 20,000,000; MXN 100,000; USD 5,000; EUR 5,000), a supervisor up to <see cref="SupervisorMultiple"/> (5) times
/// that, an admin without limit. A currency with no analyst limit can be approved by an admin only. Approving a
/// "decline" recommendation is an override: supervisor or admin, with a written note. Declining needs a reason code.
/// </summary>
public sealed record ApprovalAuthority
{
    public IReadOnlyDictionary<string, decimal> AnalystLimits { get; init; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["COP"] = 20_000_000m,
        ["MXN"] = 100_000m,
        ["USD"] = 5_000m,
        ["EUR"] = 5_000m,
    };

    public decimal SupervisorMultiple { get; init; } = 5m;

    /// <summary>Fewest characters of the written note of an override.</summary>
    public int MinOverrideNoteLength { get; init; } = 10;

    public static ApprovalAuthority Default { get; } = new();

    /// <summary>The most <paramref name="level"/> may approve in <paramref name="currency"/>; null = no limit; 0 = may not approve.</summary>
    public decimal? LimitFor(ApprovalLevel level, string currency) => level switch
    {
        ApprovalLevel.Admin => null,
        ApprovalLevel.Supervisor => AnalystLimits.TryGetValue(currency, out var l) ? l * SupervisorMultiple : 0m,
        ApprovalLevel.Analyst => AnalystLimits.TryGetValue(currency, out var l) ? l : 0m,
        _ => 0m,
    };

    /// <summary>
    /// Checks a decision against the person's authority; throws <see cref="DomainException"/> (code, message, field) when it
    /// is not allowed: <c>not_authorized</c>, <c>amount_required</c>, <c>amount_above_request</c>, <c>above_authority</c>,
    /// <c>override_not_authorized</c>, <c>override_note_required</c>, <c>decline_reason_required</c>.
    /// </summary>
    public void Check(ApprovalLevel level, CreditRecommendation recommendation, CreditDecisionRequest request, decimal requested, string currency)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (level == ApprovalLevel.None)
        {
            throw new DomainException("not_authorized", "Only an analyst, a supervisor or an admin records credit decisions.", "decision");
        }

        if (!request.Approve)
        {
            if (request.DeclineReason is null)
            {
                throw new DomainException("decline_reason_required", "Declining needs a reason code.", "reason_code");
            }

            return;
        }

        if (request.Amount is not { } amount || amount <= 0m)
        {
            throw new DomainException("amount_required", "Approving needs the approved amount (greater than zero).", "amount");
        }

        if (amount > requested)
        {
            throw new DomainException("amount_above_request", "The approved amount cannot exceed the requested amount; evaluate a new application for more.", "amount");
        }

        if (recommendation == CreditRecommendation.Decline)
        {
            if (level < ApprovalLevel.Supervisor)
            {
                throw new DomainException("override_not_authorized", "Approving a declined recommendation is an override: a supervisor or an admin decides.", "decision");
            }

            if ((request.Note?.Trim().Length ?? 0) < MinOverrideNoteLength)
            {
                throw new DomainException("override_note_required", string.Create(CultureInfo.InvariantCulture, $"An override needs a written reason of at least {MinOverrideNoteLength} characters."), "note");
            }
        }

        if (LimitFor(level, currency) is { } limit && amount > limit)
        {
            throw new DomainException(
                "above_authority",
                string.Create(CultureInfo.InvariantCulture, $"{amount} {currency} is above your approval authority of {limit} {currency}; a higher level must approve it."),
                "amount");
        }
    }
}
