using Cartera.Application.Audit;
using Cartera.Application.Collection.Activities;
using Cartera.Application.Collection.Assignments;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Collection.Visits;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Visits;

/// <summary>
/// A visit to plan: debtor, field agent, purpose, date; the collateral or policy it concerns; the address and area
/// (empty → from the debtor's data, see <see cref="FieldVisits"/>); a note.
/// </summary>
public sealed record NewVisit(
    long DebtorId,
    string AgentUserId,
    VisitPurpose Purpose,
    DateOnly PlannedOn,
    long? CollateralId = null,
    long? InsurancePolicyId = null,
    string? Address = null,
    string? Area = null,
    string? Note = null);

/// <summary>One visit as the list, the API and the CLI show it; <c>Currency</c> is that of the debtor's obligations (null without any).</summary>
public sealed record VisitView(
    long Id,
    long DebtorId,
    string DebtorExternalId,
    string DebtorName,
    string AgentUserId,
    string AgentEmail,
    VisitPurpose Purpose,
    DateOnly PlannedOn,
    string Address,
    string Area,
    long? CollateralId,
    long? InsurancePolicyId,
    string? Note,
    VisitStatus Status,
    long? ActivityId,
    string? ResultNote,
    DateTimeOffset? ResultAt,
    string? CancelReason,
    string? Currency);

/// <summary>A user in the field agent role.</summary>
public sealed record FieldAgent(string UserId, string Email, string DisplayName);

/// <summary>
/// Whose visits a user sees: everyone's (<see cref="All"/>: admin, supervisor, analyst, auditor), or those of debtors
/// assigned to <see cref="UserId"/> (collector, agency), and for a field agent (<see cref="OwnVisitsOnly"/>) only the
/// visits they are the agent of on those debtors.
/// </summary>
public sealed record VisitScope(string? UserId, bool OwnVisitsOnly)
{
    public static readonly VisitScope All = new(null, false);

    public static readonly VisitScope Nobody = new(string.Empty, true);
}

/// <summary>
/// The result of a visit: done or failed, the outcome (activity outcome code), the cause of default, a note, the next
/// action (a callback), and for a promise its currency and installments (made through Promises).
/// </summary>
public sealed record VisitResult(
    VisitStatus Status,
    ActivityOutcome Outcome,
    DefaultCause? DefaultCause = null,
    string? Note = null,
    DateTimeOffset? NextActionAt = null,
    string? PromiseCurrency = null,
    IReadOnlyList<PromiseInstallmentInput>? PromiseInstallments = null);

/// <summary>
/// The answer to recording a result: the visit (with its activity), or the compliance gate's refusal (reasons and next
/// allowed instant; nothing recorded but the gate's blocked attempt). A promise that Promises refuses leaves the visit
/// and its activity recorded and says why (<see cref="PromiseError"/>, a rule code).
/// </summary>
public sealed record VisitResultAnswer(VisitView? Visit, ComplianceDecision? Refusal, long? PromiseId, string? PromiseError);

/// <summary>
/// Field visits (<c>field_visits</c>, owned by Collection). Planning (admin, supervisor): the agent must hold an active
/// <c>field_agent</c> assignment for the debtor counting on the planned date (<c>agent_not_assigned</c>); the collateral
/// or policy must be on one of the debtor's obligations; an empty address is the debtor's first usable postal-address
/// contact point (primary first), else the debtor's address and city; an empty area is the debtor's city, else region
/// (<see cref="VisitRoute"/> orders by it). The day's list is ordered by area, address, id. Recording a result logs a
/// <c>visit</c> activity through <see cref="ActivityLog"/> (so the compliance gate checks the visit at that moment on
/// the <c>visits</c> channel; blocked → nothing changes and the reasons and next allowed instant are returned), then marks
/// the visit done or failed with the activity, then makes the promise (if any) through <see cref="PromiseService"/>.
/// Every change is audited by the context's <c>SaveChanges</c>.
/// </summary>
public sealed class FieldVisits(CarteraDbContext db, TimeProvider clock, IActor actor, ActivityLog activities, PromiseService promises)
{
    /// <exception cref="DomainException">
    /// <c>not_found</c> (debtor, collateral, policy), <c>agent_not_assigned</c>, <c>required</c> (address), and
    /// <see cref="FieldVisit.Plan"/>'s.
    /// </exception>
    public async Task<VisitView> PlanAsync(NewVisit input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var debtor = await db.Debtors.AsNoTracking().Where(d => d.Id == input.DebtorId)
            .Select(d => new { d.Address, d.City, d.Region }).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("not_found", "The debtor does not exist.", "debtor_id");
        var assigned = await db.DebtorAssignments.AnyAsync(
            a => a.DebtorId == input.DebtorId && a.UserId == input.AgentUserId && a.Role == AssignmentRole.FieldAgent && a.EndedAt == null && a.ValidFrom <= input.PlannedOn, ct);
        if (!assigned)
        {
            throw new DomainException("agent_not_assigned", "The field agent holds no active field_agent assignment for this debtor on that date.", "agent");
        }

        var obligations = db.Obligations.Where(o => o.DebtorId == input.DebtorId).Select(o => o.Id);
        if (input.CollateralId is { } collateral && !await db.Collaterals.AnyAsync(c => c.Id == collateral && obligations.Contains(c.ObligationId), ct))
        {
            throw new DomainException("not_found", "The collateral is not on one of the debtor's obligations.", "collateral_id");
        }

        if (input.InsurancePolicyId is { } policy && !await db.InsurancePolicies.AnyAsync(p => p.Id == policy && obligations.Contains(p.ObligationId), ct))
        {
            throw new DomainException("not_found", "The insurance policy is not on one of the debtor's obligations.", "insurance_policy_id");
        }

        var address = input.Address;
        long? pointId = null;
        if (string.IsNullOrWhiteSpace(address))
        {
            var point = await db.ContactPoints.AsNoTracking()
                .Where(c => c.DebtorId == input.DebtorId && c.Channel == ContactChannel.PostalAddress && !c.DoNotContact)
                .OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Id).Select(c => new { c.Id, c.Value }).FirstOrDefaultAsync(ct);
            pointId = point?.Id;
            address = point?.Value ?? string.Join(", ", new[] { debtor.Address, debtor.City }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
        }

        var area = string.IsNullOrWhiteSpace(input.Area) ? debtor.City ?? debtor.Region ?? string.Empty : input.Area;
        var now = clock.GetUtcNow();
        var visit = FieldVisit.Plan(
            new VisitPlan(input.DebtorId, input.AgentUserId, input.Purpose, input.PlannedOn, address, area, pointId, input.CollateralId, input.InsurancePolicyId, input.Note),
            BusinessCalendar.LenderToday(clock),
            actor.Name,
            now);
        db.FieldVisits.Add(visit);
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db.FieldVisits.Where(v => v.Id == visit.Id), ct))[0];
    }

    /// <summary>
    /// The visits planned on <paramref name="date"/> in the scope (and of one agent when given), in route order: area,
    /// address, id (<see cref="VisitRoute"/>). Cancelled visits are listed too, with their status.
    /// </summary>
    public async Task<IReadOnlyList<VisitView>> ListAsync(DateOnly date, string? agentUserId, VisitScope scope, CancellationToken ct = default)
    {
        var rows = Scoped(scope).Where(v => v.PlannedOn == date);
        if (!string.IsNullOrEmpty(agentUserId))
        {
            rows = rows.Where(v => v.AgentUserId == agentUserId);
        }

        return VisitRoute.Order(await ViewsAsync(rows, ct), v => v.Area, v => v.Address, v => v.Id);
    }

    /// <summary>A visit in the scope, or null (not found or not visible).</summary>
    public async Task<VisitView?> FindAsync(long visitId, VisitScope scope, CancellationToken ct = default) =>
        (await ViewsAsync(Scoped(scope).Where(v => v.Id == visitId), ct)).SingleOrDefault();

    /// <summary>Whether the visit exists at all (to audit a denial without leaking it).</summary>
    public Task<bool> ExistsAsync(long visitId, CancellationToken ct = default) => db.FieldVisits.AnyAsync(v => v.Id == visitId, ct);

    /// <summary>Records the result of a planned visit (see the class summary). The caller has checked the visit is the user's to record.</summary>
    /// <exception cref="DomainException"><c>not_found</c>, <c>invalid_status</c>, <c>invalid_value</c>, and <see cref="ActivityLog.LogAsync"/>'s.</exception>
    public async Task<VisitResultAnswer> RecordResultAsync(long visitId, VisitResult result, ActivityAuthor author, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var visit = await db.FieldVisits.SingleOrDefaultAsync(v => v.Id == visitId, ct) ?? throw new DomainException("not_found", "The visit does not exist.", "visit");
        visit.EnsurePlanned();
        FieldVisit.CheckResult(result.Status, result.Outcome);
        var logged = await activities.LogAsync(
            visit.DebtorId,
            new ActivityInput(ActivityKind.Visit, ActivityDirection.Outbound, null, visit.AddressContactPointId, result.Outcome, result.DefaultCause, false, result.NextActionAt, result.Note),
            author,
            ct);
        if (logged.Refusal is { } refusal)
        {
            return new VisitResultAnswer(null, refusal, null, null);
        }

        visit.RecordResult(result.Status, logged.Activity!.Id, result.Note, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        long? promiseId = null;
        string? promiseError = null;
        if (result.Outcome == ActivityOutcome.Promise && result.PromiseInstallments is { Count: > 0 } installments)
        {
            try
            {
                promiseId = (await promises.MakeAsync(new MakePromiseCommand(visit.DebtorId, null, null, result.PromiseCurrency ?? string.Empty, installments), ct)).Id;
            }
            catch (DomainException e)
            {
                promiseError = e.Code;
            }
            catch (ConflictException e)
            {
                promiseError = e.Code;
            }
        }

        return new VisitResultAnswer((await ViewsAsync(db.FieldVisits.Where(v => v.Id == visitId), ct))[0], null, promiseId, promiseError);
    }

    /// <summary>Cancels a planned visit with a reason.</summary>
    /// <exception cref="DomainException"><c>not_found</c>, <c>invalid_status</c>, <c>required</c>.</exception>
    public async Task<VisitView> CancelAsync(long visitId, string? reason, CancellationToken ct = default)
    {
        var visit = await db.FieldVisits.SingleOrDefaultAsync(v => v.Id == visitId, ct) ?? throw new DomainException("not_found", "The visit does not exist.", "visit");
        visit.Cancel(reason, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db.FieldVisits.Where(v => v.Id == visitId), ct))[0];
    }

    /// <summary>The users in the field agent role (for the supervisor's filter and planning form), by e-mail.</summary>
    public async Task<IReadOnlyList<FieldAgent>> AgentsAsync(CancellationToken ct = default) =>
        (await (from u in db.Users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                where r.Name == Identity.Roles.FieldAgent
                select new FieldAgent(u.Id, u.Email ?? string.Empty, u.DisplayName)).ToListAsync(ct))
            .OrderBy(a => a.Email, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The user id of an e-mail, or null.</summary>
    public async Task<string?> UserIdByEmailAsync(string? email, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var normalized = email.Trim().ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
    }

    private IQueryable<FieldVisit> Scoped(VisitScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.UserId is null)
        {
            return db.FieldVisits;
        }

        var userId = scope.UserId;
        var debtors = AssignmentScope.DebtorIdsOf(db, userId, BusinessCalendar.LenderToday(clock));
        var rows = db.FieldVisits.Where(v => debtors.Contains(v.DebtorId));
        return scope.OwnVisitsOnly ? rows.Where(v => v.AgentUserId == userId) : rows;
    }

    private async Task<List<VisitView>> ViewsAsync(IQueryable<FieldVisit> visits, CancellationToken ct) =>
        await (from v in visits.AsNoTracking()
               join d in db.Debtors on v.DebtorId equals d.Id
               join u in db.Users on v.AgentUserId equals u.Id into users
               from u in users.DefaultIfEmpty()
               select new VisitView(
                   v.Id, v.DebtorId, d.ExternalId, d.FullName, v.AgentUserId, u == null ? string.Empty : u.Email ?? string.Empty, v.Purpose, v.PlannedOn, v.Address, v.Area,
                   v.CollateralId, v.InsurancePolicyId, v.Note, v.Status, v.ActivityId, v.ResultNote, v.ResultAt, v.CancelReason,
                   // The currency of the debtor's obligations (an active one first), e.g. for a promise made at the visit.
                   db.Obligations.Where(o => o.DebtorId == v.DebtorId).OrderBy(o => o.Status == ObligationStatus.Active ? 0 : 1).ThenBy(o => o.Id).Select(o => o.CurrencyCode).FirstOrDefault())).ToListAsync(ct);
}
