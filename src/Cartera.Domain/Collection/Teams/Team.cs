using System.Text.RegularExpressions;
using Cartera.Domain.Common;

namespace Cartera.Domain.Collection.Teams;

/// <summary>
/// A group of collectors, field agents or agency users under one supervisor. The supervisor sees the debtors assigned
/// to the team's current members; a user belongs to at most one team at a time, and leaving a team keeps the row
/// (<see cref="TeamMember"/>), so the rows are the team's history.
/// </summary>
public sealed partial class Team
{
    public const int MaxNameLength = 200;

    private Team()
    {
        Code = string.Empty;
        Name = string.Empty;
        SupervisorUserId = string.Empty;
        CreatedBy = string.Empty;
    }

    public long Id { get; private set; }

    /// <summary>Stable identifier used by files and the API: lowercase letters, digits, <c>-</c> and <c>_</c>, at most 40.</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    public string SupervisorUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public static Team Create(string code, string name, string supervisorUserId, string createdBy, DateTimeOffset at)
    {
        var team = new Team { Code = ValidCode(code), CreatedBy = createdBy, CreatedAt = at };
        team.Rename(name);
        team.ChangeSupervisor(supervisorUserId);
        return team;
    }

    public void Rename(string name)
    {
        var text = name?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new DomainException("required", "El equipo necesita un nombre.", "name");
        }

        if (text.Length > MaxNameLength)
        {
            throw new DomainException("too_long", $"El nombre del equipo admite como máximo {MaxNameLength} caracteres.", "name");
        }

        Name = text;
    }

    public void ChangeSupervisor(string supervisorUserId)
    {
        if (string.IsNullOrWhiteSpace(supervisorUserId))
        {
            throw new DomainException("required", "El equipo necesita un supervisor.", "supervisor");
        }

        SupervisorUserId = supervisorUserId;
    }

    private static string ValidCode(string code)
    {
        var text = code?.Trim() ?? string.Empty;
        if (!CodePattern().IsMatch(text))
        {
            throw new DomainException("invalid_code", "El código del equipo admite de 1 a 40 letras minúsculas, dígitos, «-» o «_».", "code");
        }

        return text;
    }

    [GeneratedRegex("^[a-z0-9_-]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
