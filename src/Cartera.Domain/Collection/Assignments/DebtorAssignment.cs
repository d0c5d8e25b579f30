using Cartera.Domain.Common;

namespace Cartera.Domain.Collection.Assignments;

/// <summary>The kind of work an assignment gives: the role the assignee must hold (codes <c>collector</c>, <c>field_agent</c>, <c>agency</c>).</summary>
public enum AssignmentRole
{
    Collector,
    FieldAgent,
    Agency,
}

/// <summary>
/// Which user (collector, field agent, agency user) works a debtor, in which role, from which date. Object-level
/// authorization reads it: an assigned-only user sees a debtor while an active assignment of their own has
/// <see cref="ValidFrom"/> on or before the lender's date today. At most one active assignment per debtor and role;
/// ending one never deletes it (who ended it, when and why are kept), so the rows are the debtor's history.
/// </summary>
public sealed class DebtorAssignment
{
    /// <summary>Longest reason text kept for an ended assignment.</summary>
    public const int MaxReasonLength = 500;

    private DebtorAssignment()
    {
        UserId = string.Empty;
        AssignedBy = string.Empty;
    }

    public long Id { get; private set; }

    public long DebtorId { get; private set; }

    public string UserId { get; private set; }

    public AssignmentRole Role { get; private set; }

    /// <summary>The lender's calendar date from which the assignment counts.</summary>
    public DateOnly ValidFrom { get; private set; }

    public DateTimeOffset AssignedAt { get; private set; }

    public string AssignedBy { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public string? EndedBy { get; private set; }

    public string? EndReason { get; private set; }

    public bool IsActive => EndedAt is null;

    /// <summary>Whether the assignment gives access on the lender's date <paramref name="today"/>.</summary>
    public bool CountsOn(DateOnly today) => IsActive && ValidFrom <= today;

    public static DebtorAssignment Create(long debtorId, string userId, AssignmentRole role, DateOnly validFrom, string assignedBy, DateTimeOffset at)
    {
        if (debtorId <= 0)
        {
            throw new DomainException("required", "La asignación necesita un deudor.", "debtor_id");
        }

        if (string.IsNullOrWhiteSpace(userId))
        {
            throw new DomainException("required", "La asignación necesita un usuario asignado.", "assignee");
        }

        if (!Enum.IsDefined(role))
        {
            throw new DomainException("invalid_code", $"El rol de la asignación debe ser uno de: {string.Join(", ", EnumCodes.Codes<AssignmentRole>())}.", "role");
        }

        return new() { DebtorId = debtorId, UserId = userId, Role = role, ValidFrom = validFrom, AssignedBy = assignedBy, AssignedAt = at };
    }

    /// <summary>Ends the assignment (idempotent: an ended one keeps its first end).</summary>
    public void End(string endedBy, string? reason, DateTimeOffset at)
    {
        if (EndedAt is not null)
        {
            return;
        }

        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (text is { Length: > MaxReasonLength })
        {
            throw new DomainException("too_long", $"El motivo admite como máximo {MaxReasonLength} caracteres.", "reason");
        }

        EndedAt = at;
        EndedBy = endedBy;
        EndReason = text;
    }
}
