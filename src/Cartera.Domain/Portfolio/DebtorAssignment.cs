namespace Cartera.Domain.Portfolio;

/// <summary>
/// Which user (collector, field agent, agency user) works a debtor. Object-level authorization reads it: a collector
/// sees only the debtors assigned to them. One active assignment per debtor and user; ending it keeps the history.
/// </summary>
public sealed class DebtorAssignment
{
    private DebtorAssignment()
    {
        UserId = string.Empty;
        AssignedBy = string.Empty;
    }

    public long Id { get; private set; }

    public long DebtorId { get; private set; }

    public string UserId { get; private set; }

    public DateTimeOffset AssignedAt { get; private set; }

    public string AssignedBy { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public bool IsActive => EndedAt is null;

    public static DebtorAssignment Create(long debtorId, string userId, string assignedBy, DateTimeOffset at) =>
        new() { DebtorId = debtorId, UserId = userId, AssignedBy = assignedBy, AssignedAt = at };

    public void End(DateTimeOffset at) => EndedAt ??= at;
}
