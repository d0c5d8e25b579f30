using System.Globalization;
using System.Text.Json;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

// EF Core query expressions translated to SQL: the culture and StringComparison overloads do not translate.
#pragma warning disable CA1304, CA1311, CA1862

namespace Cartera.Application.Collection.Assignments;

/// <summary>
/// Assigns debtors to collectors, field agents and agencies: one debtor by hand, many from a filter or a list, ends
/// assignments, lists them and a debtor's history. A new assignment of a role ends the active one of that role for
/// the debtor (ending never deletes). The assignee must be an active user (not locked out) holding the role. Every
/// change writes one audit entry per changed debtor (<c>assign</c>, <c>reassign</c>, <c>end_assignment</c>), bulk
/// included, in the same transaction.
/// </summary>
public sealed class AssignmentService(CarteraDbContext db, TimeProvider clock, IActor actor)
{
    private const int BatchSize = 500;

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The lender's calendar date now: assignments count from their <c>valid_from</c> on this calendar.</summary>
    public DateOnly Today => BusinessCalendar.LenderToday(clock);

    /// <summary>The Spanish name of a role, for messages and pages.</summary>
    public static string RoleName(AssignmentRole role) => role switch
    {
        AssignmentRole.Collector => "gestor",
        AssignmentRole.FieldAgent => "gestor de campo",
        AssignmentRole.Agency => "casa de cobranza",
        _ => EnumCodes.ToCode(role),
    };

    /// <summary>Assigns one debtor. Fails closed (<see cref="DomainException"/>, Spanish message) on an unknown debtor or an assignee who may not take the role.</summary>
    public async Task<(AssignmentOutcome Outcome, AssignmentView Assignment)> AssignAsync(AssignCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var assignee = await ResolveAssigneeAsync(command.Assignee, command.Role, ct);
        if (!await db.Debtors.AnyAsync(d => d.Id == command.DebtorId, ct))
        {
            throw new DomainException("unknown_debtor", $"No existe el deudor {command.DebtorId.ToString(CultureInfo.InvariantCulture)}.", "debtor_id");
        }

        var result = await AssignIdsAsync([command.DebtorId], assignee, command.ValidFrom ?? Today, ct);
        var current = await db.DebtorAssignments.AsNoTracking()
            .Where(a => a.DebtorId == command.DebtorId && a.Role == command.Role && a.EndedAt == null)
            .Select(a => a.Id).SingleAsync(ct);
        var view = (await ViewsAsync(db.DebtorAssignments.Where(a => a.Id == current), ct)).Single();
        return (result.Assigned > 0 ? AssignmentOutcome.Assigned : AssignmentOutcome.Unchanged, view);
    }

    /// <summary>Assigns every debtor matching <paramref name="filter"/> (in batches, one transaction).</summary>
    public async Task<BulkAssignmentResult> AssignMatchingAsync(AssignmentFilter filter, string assignee, AssignmentRole role, DateOnly? validFrom, CancellationToken ct = default)
    {
        var user = await ResolveAssigneeAsync(assignee, role, ct);
        var ids = await (await MatchingAsync(filter, ct)).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        return await AssignIdsAsync(ids, user, validFrom ?? Today, ct);
    }

    /// <summary>Assigns the listed debtors (the rows a supervisor selected); unknown ids are refused.</summary>
    public async Task<BulkAssignmentResult> AssignManyAsync(IReadOnlyCollection<long> debtorIds, string assignee, AssignmentRole role, DateOnly? validFrom, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(debtorIds);
        var user = await ResolveAssigneeAsync(assignee, role, ct);
        var ids = debtorIds.Distinct().Order().ToList();
        var known = 0;
        foreach (var chunk in ids.Chunk(BatchSize))
        {
            known += await db.Debtors.CountAsync(d => chunk.Contains(d.Id), ct);
        }

        if (known != ids.Count)
        {
            throw new DomainException("unknown_debtor", "Alguno de los deudores seleccionados no existe.", "debtor_ids");
        }

        return await AssignIdsAsync(ids, user, validFrom ?? Today, ct);
    }

    /// <summary>Ends an active assignment (never deletes it). False when it was already ended; <c>not_found</c> when it does not exist.</summary>
    public async Task<bool> EndAsync(long assignmentId, string? reason, CancellationToken ct = default)
    {
        var assignment = await db.DebtorAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId, ct)
            ?? throw new DomainException("not_found", $"No existe la asignación {assignmentId.ToString(CultureInfo.InvariantCulture)}.", "id");
        if (!assignment.IsActive)
        {
            return false;
        }

        var before = Describe(assignment);
        assignment.End(actor.Name, reason, clock.GetUtcNow());
        AuditTrail.Record(db, actor, clock.GetUtcNow(), "end_assignment", "Debtor", assignment.DebtorId.ToString(CultureInfo.InvariantCulture), before, Describe(assignment));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Whether the assignment exists (active or ended).</summary>
    public async Task<bool> ExistsAsync(long assignmentId, CancellationToken ct = default) =>
        await db.DebtorAssignments.AnyAsync(a => a.Id == assignmentId, ct);

    /// <summary>One assignment; <c>not_found</c> when it does not exist.</summary>
    public async Task<AssignmentView> GetAsync(long assignmentId, CancellationToken ct = default) =>
        (await ViewsAsync(db.DebtorAssignments.AsNoTracking().Where(a => a.Id == assignmentId), ct)).SingleOrDefault()
        ?? throw new DomainException("not_found", $"No existe la asignación {assignmentId.ToString(CultureInfo.InvariantCulture)}.", "id");

    /// <summary>The id of the user with this email (ignoring case) or id, for the "current assignee" filter; <c>unknown_assignee</c> otherwise.</summary>
    public async Task<string> ResolveUserIdAsync(string emailOrId, CancellationToken ct = default)
    {
        var value = (emailOrId ?? string.Empty).Trim();
        var normalized = value.ToUpperInvariant();
        return await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized || u.Id == value).Select(u => u.Id).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("unknown_assignee", $"No existe un usuario con el correo '{value}'.", "current_assignee");
    }

    /// <summary>Assignments matching <paramref name="query"/>, newest first, a page at a time.</summary>
    public async Task<(IReadOnlyList<AssignmentView> Items, int Total)> ListAsync(AssignmentQuery query, int page, int pageSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = db.DebtorAssignments.AsNoTracking();
        if (query.DebtorId is { } debtorId)
        {
            q = q.Where(a => a.DebtorId == debtorId);
        }

        if (!string.IsNullOrWhiteSpace(query.Assignee))
        {
            var value = query.Assignee.Trim();
            var normalized = value.ToUpperInvariant();
            q = q.Where(a => a.UserId == value || db.Users.Any(u => u.Id == a.UserId && u.NormalizedEmail == normalized));
        }

        if (query.Role is { } role)
        {
            q = q.Where(a => a.Role == role);
        }

        if (query.Active is { } active)
        {
            q = active ? q.Where(a => a.EndedAt == null) : q.Where(a => a.EndedAt != null);
        }

        var total = await q.CountAsync(ct);
        var items = await ViewsAsync(q.OrderByDescending(a => a.Id).Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize), ct);
        return (items, total);
    }

    /// <summary>Every assignment of a debtor, active and ended, newest first.</summary>
    public async Task<IReadOnlyList<AssignmentView>> HistoryAsync(long debtorId, CancellationToken ct = default) =>
        await ViewsAsync(db.DebtorAssignments.AsNoTracking().Where(a => a.DebtorId == debtorId).OrderByDescending(a => a.Id), ct);

    /// <summary>The debtors matching <paramref name="filter"/> with their current assignments, by name, a page at a time.</summary>
    public async Task<(IReadOnlyList<AssignableDebtor> Items, int Total)> DebtorsAsync(AssignmentFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var matching = await MatchingAsync(filter, ct);
        var total = await matching.CountAsync(ct);
        var closed = await new BusinessCalendar(db).LastClosedAsync(ct);
        var snapshots = db.DelinquencySnapshots.Where(s => s.BusinessDate == closed);
        var rows = await matching.OrderBy(d => d.FullName).ThenBy(d => d.Id).Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize)
            .Select(d => new { d.Id, d.FullName, d.ExternalId, d.Segment, Dpd = snapshots.Where(s => s.DebtorId == d.Id).Max(s => (int?)s.Dpd) })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var current = (await ViewsAsync(db.DebtorAssignments.AsNoTracking().Where(a => ids.Contains(a.DebtorId) && a.EndedAt == null).OrderBy(a => a.Role), ct))
            .ToLookup(a => a.DebtorId);
        return (rows.Select(r => new AssignableDebtor(r.Id, r.FullName, r.ExternalId, r.Segment, r.Dpd, current[r.Id].ToList())).ToList(), total);
    }

    /// <summary>Active users who may receive assignments (holding collector, field agent or agency), by role and name.</summary>
    public async Task<IReadOnlyList<Assignee>> AssigneesAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var codes = EnumCodes.Codes<AssignmentRole>().ToList();
        var rows = await (
            from u in db.Users.AsNoTracking()
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            where codes.Contains(r.Name!)
            select new { u.Id, u.Email, u.DisplayName, Role = r.Name!, u.LockoutEnd })
            .ToListAsync(ct);
        return rows.Where(r => r.LockoutEnd is null || r.LockoutEnd <= now)
            .Select(r => new Assignee(r.Id, r.Email ?? string.Empty, r.DisplayName, EnumCodes.Parse<AssignmentRole>(r.Role)))
            .OrderBy(a => a.Role).ThenBy(a => a.DisplayName, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>
    /// The user behind <paramref name="assignee"/> (email, ignoring case, or user id), checked to be active and to
    /// hold <paramref name="role"/>. Fails closed with a Spanish reason naming the field <c>assignee_email</c> or <c>role</c>.
    /// </summary>
    public async Task<Assignee> ResolveAssigneeAsync(string assignee, AssignmentRole role, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(assignee))
        {
            throw new DomainException("required", "Falta el usuario asignado (correo).", "assignee_email");
        }

        if (!Enum.IsDefined(role))
        {
            throw new DomainException("invalid_code", $"El rol debe ser uno de: {string.Join(", ", EnumCodes.Codes<AssignmentRole>())}.", "role");
        }

        var value = assignee.Trim();
        var normalized = value.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized || u.Id == value, ct)
            ?? throw new DomainException("unknown_assignee", $"No existe un usuario con el correo '{value}'.", "assignee_email");
        var label = user.Email ?? value;
        if (user.LockoutEnd is { } end && end > clock.GetUtcNow())
        {
            throw new DomainException("inactive_assignee", $"El usuario '{label}' está bloqueado y no puede recibir asignaciones.", "assignee_email");
        }

        var code = EnumCodes.ToCode(role);
        var holds = await (
            from ur in db.UserRoles
            join r in db.Roles on ur.RoleId equals r.Id
            where ur.UserId == user.Id && r.Name == code
            select ur).AnyAsync(ct);
        if (!holds)
        {
            throw new DomainException("role_mismatch", $"El usuario '{label}' no tiene el rol {code} ({RoleName(role)}): no se le pueden asignar deudores con ese rol.", "role");
        }

        return new Assignee(user.Id, label, user.DisplayName, role);
    }

    /// <summary>The debtors matching <paramref name="filter"/> (not tracked).</summary>
    public async Task<IQueryable<Debtor>> MatchingAsync(AssignmentFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var q = db.Debtors.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = filter.Q.Trim();
            var folded = TextSearch.Fold(text)!;
            var lower = text.ToLowerInvariant();
            q = q.Where(d => TextSearch.Folded(d.FullName).Contains(folded) || d.IdNumber.StartsWith(text) || d.ExternalId.ToLower().StartsWith(lower));
        }

        if (!string.IsNullOrWhiteSpace(filter.Segment))
        {
            var segment = filter.Segment.Trim();
            q = q.Where(d => d.Segment == segment);
        }

        var active = db.DebtorAssignments.Where(a => a.EndedAt == null);
        if (filter.Role is { } role)
        {
            active = active.Where(a => a.Role == role);
        }

        if (filter.UnassignedOnly)
        {
            q = q.Where(d => !active.Any(a => a.DebtorId == d.Id));
        }

        if (!string.IsNullOrWhiteSpace(filter.AssigneeId))
        {
            var userId = filter.AssigneeId.Trim();
            q = q.Where(d => active.Any(a => a.DebtorId == d.Id && a.UserId == userId));
        }

        if (filter.UsesDelinquency)
        {
            q = await DelinquencyFilterAsync(q, filter, ct);
        }

        return q;
    }

    private async Task<IQueryable<Debtor>> DelinquencyFilterAsync(IQueryable<Debtor> q, AssignmentFilter filter, CancellationToken ct)
    {
        if (filter is { MinDpd: < 0 } or { MaxDpd: < 0 } || (filter.MinDpd > filter.MaxDpd))
        {
            throw new DomainException("invalid_range", "El rango de días de mora no es válido (desde ≤ hasta, ambos ≥ 0).", "dpd");
        }

        var closed = await new BusinessCalendar(db).LastClosedAsync(ct)
            ?? throw new DomainException("no_closed_date", "Aún no hay un cierre diario: los filtros de mora usan las cifras de la última fecha cerrada.", "dpd");
        var snapshots = db.DelinquencySnapshots.Where(s => s.BusinessDate == closed);
        if (filter.MinDpd is { } min)
        {
            q = q.Where(d => snapshots.Where(s => s.DebtorId == d.Id).Max(s => (int?)s.Dpd) >= min);
        }

        if (filter.MaxDpd is { } max)
        {
            q = q.Where(d => snapshots.Where(s => s.DebtorId == d.Id).Max(s => (int?)s.Dpd) <= max);
        }

        if (!string.IsNullOrWhiteSpace(filter.Bucket))
        {
            var bucket = filter.Bucket.Trim();
            q = q.Where(d => snapshots.Any(s => s.DebtorId == d.Id && s.Bucket == bucket));
        }

        if (filter.MinOverdue is not null || filter.MaxOverdue is not null)
        {
            if (!Currency.TryOf(filter.Currency, out var currency))
            {
                throw new DomainException("currency_required", "Para filtrar por monto vencido indique la moneda (COP, MXN, EUR, USD).", "currency");
            }

            var code = currency.Code;
            if (filter.MinOverdue is { } low)
            {
                var minor = Money.Of(low, currency).MinorUnits;
                q = q.Where(d => snapshots.Where(s => s.DebtorId == d.Id && s.CurrencyCode == code).Sum(s => (long?)s.TotalDueMinor) >= minor);
            }

            if (filter.MaxOverdue is { } high)
            {
                var minor = Money.Of(high, currency).MinorUnits;
                q = q.Where(d => (snapshots.Where(s => s.DebtorId == d.Id && s.CurrencyCode == code).Sum(s => (long?)s.TotalDueMinor) ?? 0) <= minor);
            }
        }

        return q;
    }

    private async Task<BulkAssignmentResult> AssignIdsAsync(List<long> ids, Assignee assignee, DateOnly validFrom, CancellationToken ct)
    {
        var assigned = 0;
        var unchanged = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            assigned = 0;
            unchanged = 0;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var chunk in ids.Chunk(BatchSize))
            {
                var (a, u) = await AssignBatchAsync(chunk, assignee, validFrom, ct);
                assigned += a;
                unchanged += u;
                db.ChangeTracker.Clear();
            }

            await transaction.CommitAsync(ct);
        });
        return new BulkAssignmentResult(ids.Count, assigned, unchanged);
    }

    /// <summary>
    /// Assigns one batch of existing debtors inside the caller's transaction: ends the active assignment of the role
    /// when it differs, adds the new one, one audit entry per changed debtor. The ends are saved before the new rows:
    /// the partial unique index allows one active row per debtor and role at any moment.
    /// </summary>
    internal async Task<(int Assigned, int Unchanged)> AssignBatchAsync(IReadOnlyCollection<long> debtorIds, Assignee assignee, DateOnly validFrom, CancellationToken ct)
    {
        var role = assignee.Role;
        var active = await db.DebtorAssignments
            .Where(a => debtorIds.Contains(a.DebtorId) && a.Role == role && a.EndedAt == null)
            .ToDictionaryAsync(a => a.DebtorId, ct);
        var now = clock.GetUtcNow();
        var assigned = 0;
        var unchanged = 0;
        var created = new List<DebtorAssignment>();
        foreach (var debtorId in debtorIds)
        {
            active.TryGetValue(debtorId, out var previous);
            if (previous is not null && previous.UserId == assignee.UserId && previous.ValidFrom == validFrom)
            {
                unchanged++;
                continue;
            }

            string? before = null;
            if (previous is not null)
            {
                before = Describe(previous);
                previous.End(actor.Name, "reasignado", now);
            }

            var assignment = DebtorAssignment.Create(debtorId, assignee.UserId, role, validFrom, actor.Name, now);
            created.Add(assignment);
            AuditTrail.Record(db, actor, now, previous is null ? "assign" : "reassign", "Debtor", debtorId.ToString(CultureInfo.InvariantCulture), before, Describe(assignment, assignee.Email));
            assigned++;
        }

        await db.SaveChangesAsync(ct);
        db.DebtorAssignments.AddRange(created);
        await db.SaveChangesAsync(ct);
        return (assigned, unchanged);
    }

    private async Task<IReadOnlyList<AssignmentView>> ViewsAsync(IQueryable<DebtorAssignment> assignments, CancellationToken ct)
    {
        var rows = await (
            from a in assignments
            join d in db.Debtors on a.DebtorId equals d.Id
            join u in db.Users on a.UserId equals u.Id into users
            from u in users.DefaultIfEmpty()
            select new AssignmentView(a.Id, a.DebtorId, d.FullName, a.UserId, u.Email, u.DisplayName, a.Role, a.ValidFrom, a.AssignedAt, a.AssignedBy, a.EndedAt, a.EndedBy, a.EndReason))
            .ToListAsync(ct);
        return rows;
    }

    private static string Describe(DebtorAssignment a, string? email = null) =>
        JsonSerializer.Serialize(
            new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = a.Id == 0 ? null : a.Id,
                ["debtor_id"] = a.DebtorId,
                ["user_id"] = a.UserId,
                ["assignee_email"] = email,
                ["role"] = EnumCodes.ToCode(a.Role),
                ["valid_from"] = a.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["ended_at"] = a.EndedAt,
                ["ended_by"] = a.EndedBy,
                ["end_reason"] = a.EndReason,
            },
            Json);
}
