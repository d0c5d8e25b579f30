using Cartera.Domain.Collection.Assignments;

namespace Cartera.Application.Collection.Assignments;

/// <summary>
/// Which debtors a supervisor works on (the assignment page's list and the bulk assignment): the same filters as the
/// portfolio list plus delinquency. DPD, aging bucket and amount overdue are read from the snapshots of the last closed
/// date (a debtor's DPD is the worst of its obligations; its amount overdue is the sum of its obligations' total due
/// in <see cref="Currency"/>). <see cref="UnassignedOnly"/> and <see cref="AssigneeId"/> look at active assignments of
/// <see cref="Role"/> (any role when null).
/// </summary>
public sealed record AssignmentFilter
{
    public string? Q { get; init; }

    public string? Segment { get; init; }

    public int? MinDpd { get; init; }

    public int? MaxDpd { get; init; }

    public string? Bucket { get; init; }

    public decimal? MinOverdue { get; init; }

    public decimal? MaxOverdue { get; init; }

    public string? Currency { get; init; }

    public bool UnassignedOnly { get; init; }

    public string? AssigneeId { get; init; }

    public AssignmentRole? Role { get; init; }

    /// <summary>Whether a filter reads the snapshots of the last closed date.</summary>
    public bool UsesDelinquency => MinDpd is not null || MaxDpd is not null || !string.IsNullOrWhiteSpace(Bucket) || MinOverdue is not null || MaxOverdue is not null;
}

/// <summary>Assign one debtor: the assignee by email (or user id), the role, and the lender's date it counts from (today when null).</summary>
public sealed record AssignCommand(long DebtorId, string Assignee, AssignmentRole Role, DateOnly? ValidFrom = null);

/// <summary>What one assignment did: <c>assigned</c> (new, or replacing another of the role) or <c>unchanged</c> (the same already active).</summary>
public enum AssignmentOutcome
{
    Assigned,
    Unchanged,
}

/// <summary>Counts of a bulk assignment: debtors matched, newly assigned (or reassigned) and already so.</summary>
public sealed record BulkAssignmentResult(int Matched, int Assigned, int Unchanged);

/// <summary>One assignment as the API and pages show it.</summary>
public sealed record AssignmentView(
    long Id,
    long DebtorId,
    string DebtorName,
    string UserId,
    string? AssigneeEmail,
    string? AssigneeName,
    AssignmentRole Role,
    DateOnly ValidFrom,
    DateTimeOffset AssignedAt,
    string AssignedBy,
    DateTimeOffset? EndedAt,
    string? EndedBy,
    string? EndReason)
{
    public bool Active => EndedAt is null;
}

/// <summary>Filters of the assignment list (API): debtor, assignee (user id or email), role, active or ended.</summary>
public sealed record AssignmentQuery(long? DebtorId = null, string? Assignee = null, AssignmentRole? Role = null, bool? Active = null);

/// <summary>One debtor of the assignment page: figures of the last closed date and its current assignments.</summary>
public sealed record AssignableDebtor(long DebtorId, string Name, string ExternalId, string? Segment, int? Dpd, IReadOnlyList<AssignmentView> Current);

/// <summary>A user who may receive assignments of a role (an active user holding it).</summary>
public sealed record Assignee(string UserId, string Email, string DisplayName, AssignmentRole Role);
