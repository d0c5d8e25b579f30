using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Application.Portfolio;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Activities;

/// <summary>Who logs an activity: the user's id (the callback is theirs), the actor name and how the gate sees them.</summary>
public sealed record ActivityAuthor(string UserId, string Name, ContactActor GateActor);

/// <summary>One activity as the timeline, the API and the queue read it.</summary>
public sealed record ActivityView(
    long Id,
    long DebtorId,
    long? ObligationId,
    ActivityKind Kind,
    ActivityDirection Direction,
    long? ContactPointId,
    ContactChannel? ContactChannel,
    string? ContactValue,
    ActivityOutcome? Outcome,
    DefaultCause? DefaultCause,
    bool Conversation,
    DateTimeOffset? NextActionAt,
    string? Note,
    long? ContactAttemptId,
    DateTimeOffset At,
    string UserId,
    string CreatedBy);

/// <summary>
/// The answer to logging an activity: the activity, or the gate's refusal (every reason and the next allowed instant;
/// the blocked attempt is recorded by the gate) — then nothing is logged.
/// </summary>
public sealed record ActivityLogResult(ActivityView? Activity, ComplianceDecision? Refusal, bool ContactPointInvalidated)
{
    public bool Logged => Activity is not null;
}

/// <summary>
/// Logs collection activities (<c>collection_activities</c>, owned by Collection) and reads them back. An outbound
/// contact is first checked by the compliance gate (<see cref="ContactGate.CheckAsync"/>) at the server's clock on
/// the kind's channel: blocked → refused with the reasons and the next allowed instant (the gate keeps the blocked
/// attempt); allowed → the gate's recorded attempt (a conversation when the call reached the debtor, so the US quiet
/// period counts it) is linked to the activity. A wrong number invalidates the contact point through Portfolio.
/// The activity is audited like any change.
/// </summary>
/// <remarks>
/// The gate records its attempt in its own transaction before the activity is saved: if saving the activity fails, the
/// attempt stays counted (the gate errs towards fewer contacts, never more). Inbound contacts (the debtor called) are
/// not checked and record no attempt.
/// </remarks>
public sealed class ActivityLog(CarteraDbContext db, ContactGate gate, ContactPointService contactPoints, TimeProvider clock)
{
    /// <exception cref="DomainException">
    /// <c>not_found</c> (debtor, obligation, contact point), and the validation codes of <see cref="CollectionActivity.Create"/>.
    /// </exception>
    public async Task<ActivityLogResult> LogAsync(long debtorId, ActivityInput input, ActivityAuthor author, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(author);
        if (!await db.Debtors.AnyAsync(d => d.Id == debtorId, ct))
        {
            throw new DomainException("not_found", "The debtor does not exist.", "debtor");
        }

        if (input.ObligationId is { } obligationId && !await db.Obligations.AnyAsync(o => o.Id == obligationId && o.DebtorId == debtorId, ct))
        {
            throw new DomainException("not_found", "The obligation is not one of the debtor's.", "obligation_id");
        }

        ActivityContactPoint? point = null;
        if (input.ContactPointId is { } pointId)
        {
            point = await db.ContactPoints.AsNoTracking().Where(c => c.Id == pointId && c.DebtorId == debtorId)
                .Select(c => new ActivityContactPoint(c.Id, c.Channel, c.DoNotContact)).SingleOrDefaultAsync(ct);
        }

        var at = clock.GetUtcNow();
        var activity = CollectionActivity.Create(debtorId, input, point, at, author.UserId, author.Name);
        if (CollectionActivity.IsGated(input.Kind, input.Direction))
        {
            var check = await gate.CheckAsync(
                new ContactGateRequest(debtorId, CollectionActivity.GateChannel(input.Kind)!.Value, ConsentPurpose.Collection, at, author.GateActor, Conversation: input.Conversation),
                ct);
            if (!check.Decision.Allowed)
            {
                return new ActivityLogResult(null, check.Decision, false);
            }

            activity.LinkAttempt(check.AttemptId!.Value);
        }

        db.CollectionActivities.Add(activity);
        await db.SaveChangesAsync(ct);
        db.Entry(activity).State = EntityState.Detached;
        if (input.Kind is ActivityKind.Call or ActivityKind.Visit)
        {
            await Queue.QueueTasks.CloseDoneAsync(db, [debtorId], clock, ct); // a strategy's call or visit task is done
        }

        var invalidated = input.Outcome == ActivityOutcome.WrongNumber && await contactPoints.InvalidateAsync(debtorId, input.ContactPointId!.Value, ct);
        var view = await Views(db.CollectionActivities.Where(a => a.Id == activity.Id)).SingleAsync(ct);
        return new ActivityLogResult(view, null, invalidated);
    }

    /// <summary>The debtor's timeline, newest first.</summary>
    public async Task<IReadOnlyList<ActivityView>> TimelineAsync(long debtorId, int limit = 200, CancellationToken ct = default) =>
        await Views(db.CollectionActivities.Where(a => a.DebtorId == debtorId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(Math.Clamp(limit, 1, 1000))).ToListAsync(ct);

    /// <summary>
    /// A user's callbacks due in [<paramref name="from"/>, <paramref name="to"/>): activities they logged with a next
    /// action in the range and no later contact with the debtor (a later note does not close a callback). Earliest first.
    /// </summary>
    public async Task<IReadOnlyList<ActivityView>> CallbacksDueAsync(string userId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var start = from.ToUniversalTime();
        var end = to.ToUniversalTime();
        var rows = db.CollectionActivities.Where(a => a.UserId == userId && a.NextActionAt >= start && a.NextActionAt < end
            && !db.CollectionActivities.Any(b => b.DebtorId == a.DebtorId && b.Kind != ActivityKind.Note && (b.At > a.At || (b.At == a.At && b.Id > a.Id))));
        return await Views(rows.OrderBy(a => a.NextActionAt).ThenBy(a => a.Id)).ToListAsync(ct);
    }

    /// <summary>The latest activity of each of the given debtors (debtors without any are absent).</summary>
    public async Task<IReadOnlyDictionary<long, ActivityView>> LatestAsync(IReadOnlyCollection<long> debtorIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(debtorIds);
        var ids = debtorIds.Distinct().ToList();
        var rows = db.CollectionActivities.Where(a => ids.Contains(a.DebtorId)
            && !db.CollectionActivities.Any(b => b.DebtorId == a.DebtorId && (b.At > a.At || (b.At == a.At && b.Id > a.Id))));
        return (await Views(rows).ToListAsync(ct)).ToDictionary(a => a.DebtorId);
    }

    private IQueryable<ActivityView> Views(IQueryable<CollectionActivity> activities) =>
        from a in activities
        join c in db.ContactPoints on a.ContactPointId equals c.Id into points
        from c in points.DefaultIfEmpty()
        select new ActivityView(
            a.Id, a.DebtorId, a.ObligationId, a.Kind, a.Direction, a.ContactPointId, c == null ? null : c.Channel, c == null ? null : c.Value,
            a.Outcome, a.DefaultCause, a.Conversation, a.NextActionAt, a.Note, a.ContactAttemptId, a.At, a.UserId, a.CreatedBy);
}
