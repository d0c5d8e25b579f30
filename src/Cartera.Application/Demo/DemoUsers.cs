using Cartera.Application.Collection.Assignments;
using Cartera.Application.Collection.Teams;
using Cartera.Application.Data;
using Cartera.Application.Identity;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Demo;

/// <summary>A demo sign-in: the email, its role and the (public, demo-only) password.</summary>
public sealed record DemoAccount(string Email, string Role, string DisplayName, string Password);

/// <summary>
/// One demo user per role, all with the same published password, and debtors assigned to the collector, the field
/// agent and the agency. Only for demo databases: the password is in the documentation.
/// </summary>
public sealed class DemoUsers(UserAdministration administration, UserManager<CarteraUser> users, CarteraDbContext db, AssignmentService assignments, TeamService teams)
{
    public const string Password = "Cartera-Demo-2026!";

    /// <summary>The demo's one team: the supervisor with the collector, the field agent and the agency.</summary>
    public const string DemoTeam = "demo";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin@demo.cartera", Roles.Admin, "Adriana Administradora (demo)", Password),
        new("supervisor@demo.cartera", Roles.Supervisor, "Sergio Supervisor (demo)", Password),
        new("gestor@demo.cartera", Roles.Collector, "Gloria Gestora (demo)", Password),
        new("campo@demo.cartera", Roles.FieldAgent, "Carlos Visitador (demo)", Password),
        new("analista@demo.cartera", Roles.Analyst, "Ana Analista (demo)", Password),
        new("agencia@demo.cartera", Roles.Agency, "Agencia Cobros del Norte (demo)", Password),
        new("auditor@demo.cartera", Roles.Auditor, "Aurelio Auditor (demo)", Password),
    ];

    /// <summary>
    /// Creates the missing demo users and, for the roles that see only their own debtors, assigns debtors to a user
    /// that has none yet: a tenth of the portfolio (at most 200) to the collector, half that to the field agent and
    /// to the agency, each a different slice, in the role of the user (<c>collector</c>, <c>field_agent</c>, <c>agency</c>),
    /// counting from the lender's date today, through Collection's <see cref="AssignmentService"/> (audited). The
    /// supervisor leads the team <c>demo</c> of those three users (<see cref="TeamService"/>), so they see the debtors
    /// assigned to them. Then computes today's work queues. Idempotent.
    /// </summary>
    public async Task<IReadOnlyList<DemoAccount>> EnsureAsync(CancellationToken cancellationToken = default)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var account in Accounts)
        {
            var user = await users.FindByEmailAsync(account.Email)
                ?? await administration.AddAsync(account.Email, account.Role, account.Password, account.DisplayName);
            ids[account.Role] = user.Id;
        }

        var debtorCount = await db.Debtors.CountAsync(cancellationToken);
        var forCollector = Math.Clamp(debtorCount / 10, Math.Min(1, debtorCount), 200);
        var slices = new (AssignmentRole Role, int Count)[] { (AssignmentRole.Collector, forCollector), (AssignmentRole.FieldAgent, forCollector / 2), (AssignmentRole.Agency, forCollector / 2) };
        var debtorIds = await db.Debtors.OrderBy(d => d.Id).Select(d => d.Id).Take(slices.Sum(s => s.Count)).ToListAsync(cancellationToken);
        var skip = 0;
        foreach (var (role, count) in slices)
        {
            var userId = ids[EnumCodes.ToCode(role)];
            var slice = debtorIds.Skip(skip).Take(count).ToList();
            if (slice.Count > 0 && !await db.DebtorAssignments.AnyAsync(a => a.UserId == userId, cancellationToken))
            {
                await assignments.AssignManyAsync(slice, userId, role, assignments.Today, cancellationToken);
            }

            skip += count;
        }

        if (!await teams.ExistsAsync(DemoTeam, cancellationToken))
        {
            await teams.CreateAsync(DemoTeam, "Equipo de cobranza (demo)", ids[Roles.Supervisor], cancellationToken);
            foreach (var role in Roles.AssignedOnly)
            {
                await teams.AddMemberAsync(DemoTeam, ids[role], assignments.Today, cancellationToken);
            }
        }

        // The demo's close ran before these assignments: compute today's work queues so the collector's is not empty.
        await Collection.Queue.QueueRefresh.AllAsync(db, assignments.Today, cancellationToken);
        return Accounts;
    }
}
