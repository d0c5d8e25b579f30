using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Identity;
using Cartera.Domain.Collection.Teams;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Teams;

/// <summary>A team with its supervisor and current members, for pages and the API.</summary>
public sealed record TeamView(long Id, string Code, string Name, string SupervisorEmail, string SupervisorName, IReadOnlyList<TeamMemberView> Members);

/// <summary>A current member of a team.</summary>
public sealed record TeamMemberView(string UserId, string Email, string Name, DateOnly JoinedOn);

/// <summary>
/// Creates teams, changes their supervisor and moves members (docs/user/collection.md, "Equipos"). The supervisor
/// must hold the <c>supervisor</c> role; a member must hold collector, field agent or agency. Joining a team ends the
/// user's membership of another one on the same date (moves are history, never deletions). Every change is audited by
/// the DbContext's audit of entity changes, in the same transaction.
/// </summary>
public sealed class TeamService(CarteraDbContext db, TimeProvider clock, IActor actor)
{
    public DateOnly Today => BusinessCalendar.LenderToday(clock);

    public async Task<IReadOnlyList<TeamView>> ListAsync(string? supervisorUserId = null, CancellationToken ct = default)
    {
        var teams = await db.Teams.AsNoTracking()
            .Where(t => supervisorUserId == null || t.SupervisorUserId == supervisorUserId)
            .OrderBy(t => t.Code)
            .Select(t => new { t.Id, t.Code, t.Name, t.SupervisorUserId })
            .ToListAsync(ct);
        var ids = teams.Select(t => t.Id).ToList();
        var members = await (
            from m in db.TeamMembers.AsNoTracking()
            join u in db.Users on m.UserId equals u.Id
            where ids.Contains(m.TeamId) && m.LeftOn == null
            orderby u.Email, m.Id
            select new { m.TeamId, m.UserId, u.Email, u.DisplayName, m.JoinedOn }).ToListAsync(ct);
        var supervisorIds = teams.Select(t => t.SupervisorUserId).Distinct().ToList();
        var supervisors = await db.Users.AsNoTracking().Where(u => supervisorIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (Email: u.Email ?? u.Id, Name: u.DisplayName), ct);
        return teams.Select(t => new TeamView(
            t.Id, t.Code, t.Name, supervisors[t.SupervisorUserId].Email, supervisors[t.SupervisorUserId].Name,
            members.Where(m => m.TeamId == t.Id).Select(m => new TeamMemberView(m.UserId, m.Email ?? m.UserId, m.DisplayName, m.JoinedOn)).ToList())).ToList();
    }

    public async Task<TeamView> GetAsync(string code, CancellationToken ct = default)
    {
        var team = await FindAsync(code, ct);
        return (await ListAsync(null, ct)).Single(t => t.Id == team.Id);
    }

    /// <summary>Creates a team; 422-style <see cref="DomainException"/> on a taken code or a supervisor without the role.</summary>
    public async Task<TeamView> CreateAsync(string code, string name, string supervisor, CancellationToken ct = default)
    {
        var supervisorId = await UserWithRoleAsync(supervisor, [Roles.Supervisor], "supervisor", ct);
        var team = Team.Create(code, name, supervisorId, actor.Name, clock.GetUtcNow());
        if (await db.Teams.AnyAsync(t => t.Code == team.Code, ct))
        {
            throw new DomainException("duplicate", $"Ya existe un equipo con el código '{team.Code}'.", "code");
        }

        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        return await GetAsync(team.Code, ct);
    }

    public async Task<TeamView> UpdateAsync(string code, string? name, string? supervisor, CancellationToken ct = default)
    {
        var team = await FindAsync(code, ct);
        if (!string.IsNullOrWhiteSpace(name))
        {
            team.Rename(name);
        }

        if (!string.IsNullOrWhiteSpace(supervisor))
        {
            team.ChangeSupervisor(await UserWithRoleAsync(supervisor, [Roles.Supervisor], "supervisor", ct));
        }

        await db.SaveChangesAsync(ct);
        return await GetAsync(code, ct);
    }

    /// <summary>Adds a member from <paramref name="on"/> (today when null), ending their membership of another team that day. Unchanged when already a member.</summary>
    public async Task<TeamView> AddMemberAsync(string code, string member, DateOnly? on = null, CancellationToken ct = default)
    {
        var team = await FindAsync(code, ct);
        var userId = await UserWithRoleAsync(member, Roles.AssignedOnly, "member", ct);
        var date = on ?? Today;
        var current = await db.TeamMembers.SingleOrDefaultAsync(m => m.UserId == userId && m.LeftOn == null, ct);
        if (current?.TeamId == team.Id)
        {
            return await GetAsync(code, ct);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (current is not null)
        {
            current.Leave(date < current.JoinedOn ? current.JoinedOn : date);
            await db.SaveChangesAsync(ct);
        }

        db.TeamMembers.Add(TeamMember.Join(team.Id, userId, date, actor.Name));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(code, ct);
    }

    /// <summary>Ends a membership on <paramref name="on"/> (today when null); 404-style <see cref="KeyNotFoundException"/> when the user is not a member.</summary>
    public async Task<TeamView> RemoveMemberAsync(string code, string member, DateOnly? on = null, CancellationToken ct = default)
    {
        var team = await FindAsync(code, ct);
        var userId = await UserIdAsync(member, "member", ct);
        var current = await db.TeamMembers.SingleOrDefaultAsync(m => m.TeamId == team.Id && m.UserId == userId && m.LeftOn == null, ct)
            ?? throw new DomainException("not_a_member", $"'{member.Trim()}' no es miembro del equipo '{team.Code}'.", "member");
        current.Leave(on ?? Today);
        await db.SaveChangesAsync(ct);
        return await GetAsync(code, ct);
    }

    /// <summary>Users who may supervise a team (the supervisor role), by name.</summary>
    public async Task<IReadOnlyList<(string Email, string Name)>> SupervisorsAsync(CancellationToken ct = default)
    {
        var rows = await (
            from u in db.Users.AsNoTracking()
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            where r.Name == Roles.Supervisor
            select new { u.Email, u.DisplayName }).ToListAsync(ct);
        return rows.Select(r => (r.Email ?? string.Empty, r.DisplayName)).OrderBy(r => r.DisplayName, StringComparer.CurrentCulture).ToList();
    }

    public Task<bool> ExistsAsync(string code, CancellationToken ct = default) => db.Teams.AnyAsync(t => t.Code == code, ct);

    private async Task<Team> FindAsync(string code, CancellationToken ct) =>
        await db.Teams.SingleOrDefaultAsync(t => t.Code == code, ct) ?? throw new KeyNotFoundException($"No existe el equipo '{code}'.");

    private async Task<string> UserIdAsync(string emailOrId, string field, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(emailOrId))
        {
            throw new DomainException("required", "Falta el usuario (correo).", field);
        }

        var value = emailOrId.Trim();
        var normalized = value.ToUpperInvariant();
        return await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized || u.Id == value).Select(u => u.Id).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("unknown_user", $"No existe un usuario con el correo '{value}'.", field);
    }

    private async Task<string> UserWithRoleAsync(string emailOrId, IReadOnlyList<string> roles, string field, CancellationToken ct)
    {
        var userId = await UserIdAsync(emailOrId, field, ct);
        var holds = await (
            from ur in db.UserRoles
            join r in db.Roles on ur.RoleId equals r.Id
            where ur.UserId == userId && roles.Contains(r.Name!)
            select ur).AnyAsync(ct);
        return holds
            ? userId
            : throw new DomainException("role_mismatch", $"El usuario '{emailOrId.Trim()}' no tiene el rol requerido ({string.Join(", ", roles)}).", field);
    }
}
