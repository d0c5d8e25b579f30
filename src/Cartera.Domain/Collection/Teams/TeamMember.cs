using Cartera.Domain.Common;

namespace Cartera.Domain.Collection.Teams;

/// <summary>A user's membership of a <see cref="Team"/> from <see cref="JoinedOn"/> until <see cref="LeftOn"/> (lender's dates; open while null).</summary>
public sealed class TeamMember
{
    private TeamMember()
    {
        UserId = string.Empty;
        AddedBy = string.Empty;
    }

    public long Id { get; private set; }

    public long TeamId { get; private set; }

    public string UserId { get; private set; }

    public DateOnly JoinedOn { get; private set; }

    public DateOnly? LeftOn { get; private set; }

    public string AddedBy { get; private set; }

    public bool IsActive => LeftOn is null;

    public static TeamMember Join(long teamId, string userId, DateOnly on, string addedBy)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            throw new DomainException("required", "El miembro del equipo necesita un usuario.", "member");
        }

        return new() { TeamId = teamId, UserId = userId, JoinedOn = on, AddedBy = addedBy };
    }

    /// <summary>Leaves the team on <paramref name="on"/> (idempotent: the first leaving date is kept).</summary>
    public void Leave(DateOnly on)
    {
        if (LeftOn is not null)
        {
            return;
        }

        if (on < JoinedOn)
        {
            throw new DomainException("invalid_date", "La salida del equipo no puede ser anterior a la entrada.", "left_on");
        }

        LeftOn = on;
    }
}
