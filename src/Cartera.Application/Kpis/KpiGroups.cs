using Cartera.Application.Data;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Common;
using Cartera.Domain.Communications.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Kpis;

/// <summary>How <c>cartera kpi --by</c> groups the obligations (codes <c>product</c>, <c>branch</c>, <c>team</c>, <c>collector</c>, <c>agency</c>, <c>variant</c>).</summary>
public enum KpiGrouping
{
    /// <summary>No grouping: one group, <see cref="KpiGroups.Total"/>.</summary>
    None,
    Product,
    Branch,
    Team,
    Collector,
    Agency,
    Variant,
}

/// <summary>An obligation and the group it counts in (object initializer, so SQL can join and group by it).</summary>
public sealed record ObligationGroup
{
    public long ObligationId { get; init; }

    public string Group { get; init; } = string.Empty;
}

/// <summary>
/// The group of every obligation, as a query the KPI aggregates join (docs/user/kpis.md, "Groups"). Product and branch
/// come from the obligation; collector and agency from Collection's assignment of the debtor in that role in force on the
/// period's last day b (<c>valid_from</c> ≤ b, not ended before the end of b UTC; the latest one if two overlap), shown by
/// the user's e-mail; team from the team the collector belongs to on b (Collection's team members; the lowest team code
/// if several); variant from Strategies' champion/challenger variant of the debtor as the messages of the period carry it
/// (<c>strategy/variant</c>; a debtor messaged by two strategies counts in both, one not messaged in none). Called with
/// <c>to</c> = a payment's value date, it gives the groups in force on that day (recovered per collector, RULES §10).
/// </summary>
internal static class KpiGroups
{
    public const string Total = "total";
    public const string Unassigned = "sin_asignar";
    public const string NoBranch = "sin_sucursal";
    public const string NoTeam = "sin_equipo";

    private static readonly OutboxStatus[] NotPlanned = [OutboxStatus.Blocked, OutboxStatus.Expired];

    public static IQueryable<ObligationGroup> Of(CarteraDbContext db, KpiGrouping by, DateOnly from, DateOnly to)
    {
        var cutoff = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var obligations = db.Obligations.AsNoTracking();
        switch (by)
        {
            case KpiGrouping.None:
                return obligations.Select(o => new ObligationGroup { ObligationId = o.Id, Group = Total });
            case KpiGrouping.Product:
                return obligations.Select(o => new ObligationGroup { ObligationId = o.Id, Group = o.Product });
            case KpiGrouping.Branch:
                return obligations.Select(o => new ObligationGroup { ObligationId = o.Id, Group = o.Branch ?? NoBranch });
            case KpiGrouping.Collector:
            case KpiGrouping.Agency:
                var role = by == KpiGrouping.Agency ? AssignmentRole.Agency : AssignmentRole.Collector;
                return obligations.Select(o => new ObligationGroup
                {
                    ObligationId = o.Id,
                    Group = db.DebtorAssignments
                        .Where(a => a.DebtorId == o.DebtorId && a.Role == role && a.ValidFrom <= to && (a.EndedAt == null || a.EndedAt >= cutoff))
                        .OrderByDescending(a => a.ValidFrom).ThenByDescending(a => a.Id)
                        .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => u.Email)
                        .FirstOrDefault() ?? Unassigned,
                });
            case KpiGrouping.Team:
                return obligations.Select(o => new ObligationGroup
                {
                    ObligationId = o.Id,
                    Group = db.TeamMembers
                        .Where(m => m.JoinedOn <= to && (m.LeftOn == null || m.LeftOn > to) && m.UserId == db.DebtorAssignments
                            .Where(a => a.DebtorId == o.DebtorId && a.Role == AssignmentRole.Collector && a.ValidFrom <= to && (a.EndedAt == null || a.EndedAt >= cutoff))
                            .OrderByDescending(a => a.ValidFrom).ThenByDescending(a => a.Id)
                            .Select(a => a.UserId)
                            .FirstOrDefault())
                        .Join(db.Teams, m => m.TeamId, t => t.Id, (m, t) => t.Code)
                        .OrderBy(code => code)
                        .FirstOrDefault() ?? NoTeam,
                });
            case KpiGrouping.Variant:
                var variants = db.OutboxMessages.AsNoTracking()
                    .Where(m => m.SendDate >= from && m.SendDate <= to && m.Variant != null && !NotPlanned.Contains(m.Status))
                    .Select(m => new { m.DebtorId, Group = m.Strategy + "/" + m.Variant })
                    .Distinct();
                return from v in variants
                       join o in obligations on v.DebtorId equals o.DebtorId
                       select new ObligationGroup { ObligationId = o.Id, Group = v.Group };
            default:
                throw new DomainException("invalid_code", $"Agrupación desconocida: {by}.", "by");
        }
    }
}
