using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Compliance;

/// <summary>
/// One contact attempt to check for a stored debtor. <paramref name="Conversation"/>: the attempt, if allowed, is
/// recorded as a conversation (a call that reached the debtor, logged after the fact), which the US quiet period counts.
/// </summary>
public sealed record ContactGateRequest(
    long DebtorId,
    ConsentChannel Channel,
    ConsentPurpose Purpose,
    DateTimeOffset At,
    ContactActor Actor,
    ContactTarget Target = ContactTarget.Debtor,
    bool Conversation = false);

/// <summary>The decision, the id of the recorded attempt (null for a preview) and the profile it was checked against.</summary>
public sealed record ContactGateResult(ComplianceDecision Decision, long? AttemptId, DebtorComplianceProfile Profile);

/// <summary>
/// The one entry point for contacting a debtor: messages, calls, letters, visits and agencies call
/// <see cref="CheckAsync"/> and go on only when the decision allows it. It loads the debtor's profile
/// (<see cref="ComplianceProfiles"/>) and prior attempts from <c>contact_attempts</c>, asks the domain gate with the
/// stored rule sets (<see cref="ComplianceCatalogCache"/>), and records the attempt — allowed or blocked — in the same
/// transaction.
/// </summary>
/// <remarks>
/// Concurrency: check-and-record is serialized per debtor. The transaction's first statement upserts the debtor's
/// <c>contact_gate_locks</c> row; PostgreSQL holds that row lock until commit (a second check of the same debtor waits,
/// then reads the first one's attempt with a fresh READ COMMITTED snapshot), and SQLite's write transaction
/// (<c>BEGIN IMMEDIATE</c>) already admits one writer at a time. Checks of different debtors do not wait for each
/// other on PostgreSQL. Attempts recorded up to <see cref="Simultaneous"/> after the checked instant count as made at
/// that instant. So two simultaneous attempts can never both pass a daily limit of 1 (ADR 0009).
/// </remarks>
public sealed class ContactGate(CarteraDbContext db, ComplianceCatalogCache catalog)
{
    /// <summary>
    /// Attempts recorded for an instant up to this much after the checked one count as made at the same instant: two
    /// callers whose clocks differ by milliseconds, serialized in the "wrong" order, must not both pass a limit (the
    /// domain gate ignores attempts after the checked instant).
    /// </summary>
    public static readonly TimeSpan Simultaneous = TimeSpan.FromMinutes(5);

    /// <summary>Checks and records one attempt.</summary>
    /// <exception cref="DomainException"><c>not_found</c> (debtor), <c>no_rule_set</c>, <c>unknown_time_zone</c>.</exception>
    public async Task<ContactGateResult> CheckAsync(ContactGateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (result, error) = (await CheckManyAsync([request], cancellationToken))[0];
        return result ?? throw error!;
    }

    /// <summary>
    /// <see cref="CheckAsync"/> for a worker's batch, in one transaction and a few statements: the debtors' locks taken
    /// together (in id order), their profiles and attempts loaded once, each request decided in order — a request sees
    /// the attempts recorded for the earlier ones of the batch, exactly as consecutive <see cref="CheckAsync"/> calls
    /// would — and every attempt recorded. A request that cannot be decided (an unknown debtor, an unknown time zone)
    /// has its error instead of a result and records nothing. Changes tracked on the context are saved in the same
    /// transaction. In request order.
    /// </summary>
    /// <exception cref="DomainException"><c>no_rule_set</c>.</exception>
    public async Task<IReadOnlyList<(ContactGateResult? Result, DomainException? Error)>> CheckManyAsync(IReadOnlyList<ContactGateRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }

        var gate = await catalog.GateAsync(db, cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            // The lock is the transaction's first statement: on SQLite a write first means the transaction reads the
            // latest commit (a read first would pin an older snapshot). Unknown debtors have no lock row to take.
            var requested = requests.Select(r => r.DebtorId).Distinct().ToList();
            var ids = await db.Debtors.AsNoTracking().Where(d => requested.Contains(d.Id)).Select(d => d.Id).OrderBy(id => id).ToListAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (ids.Count > 0)
            {
                await LockAsync(ids, cancellationToken);
            }

            var sources = await ComplianceProfiles.LoadManyAsync(db, ids, cancellationToken);
            var since = requests.Min(r => r.At).ToUniversalTime().AddDays(-MaxLookbackDays(gate));
            var attempts = (await db.ContactAttempts.AsNoTracking()
                .Where(a => ids.Contains(a.DebtorId) && a.At >= since && a.Outcome != ContactOutcome.Blocked)
                .Select(a => new Attempt(a.DebtorId, a.Channel, a.At, a.Outcome, a.ActorKind, a.ActorId))
                .ToListAsync(cancellationToken))
                .GroupBy(a => a.DebtorId).ToDictionary(g => g.Key, g => g.ToList());
            var now = db.Clock.GetUtcNow();
            var recorded = new List<(int Index, ContactAttempt Attempt, ComplianceDecision Decision, DebtorComplianceProfile Profile)>();
            var results = new (ContactGateResult?, DomainException?)[requests.Count];
            for (var i = 0; i < requests.Count; i++)
            {
                var request = requests[i];
                var profile = sources.For(request.DebtorId, request.Purpose);
                if (profile is null)
                {
                    results[i] = (null, NotFound());
                    continue;
                }

                ContactRequest contact;
                ComplianceDecision decision;
                try
                {
                    (contact, decision) = Decide(gate, request, profile, attempts.GetValueOrDefault(request.DebtorId) ?? []);
                }
                catch (DomainException e)
                {
                    results[i] = (null, e);
                    continue;
                }

                var attempt = ContactAttempt.From(request.DebtorId, ContactAttemptRecord.From(contact, decision), now);
                if (decision.Allowed && request.Conversation)
                {
                    attempt.Outcome = ContactOutcome.Conversation;
                }

                db.ContactAttempts.Add(attempt);
                recorded.Add((i, attempt, decision, contact.Debtor));
                if (attempt.Outcome != ContactOutcome.Blocked)
                {
                    if (!attempts.TryGetValue(request.DebtorId, out var own))
                    {
                        attempts[request.DebtorId] = own = [];
                    }

                    own.Add(new Attempt(request.DebtorId, attempt.Channel, attempt.At, attempt.Outcome, attempt.ActorKind, attempt.ActorId));
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            foreach (var (index, attempt, decision, profile) in recorded)
            {
                db.Entry(attempt).State = EntityState.Detached;
                results[index] = (new ContactGateResult(decision, attempt.Id, profile), null);
            }

            return (IReadOnlyList<(ContactGateResult?, DomainException?)>)results;
        });
    }

    /// <summary>The debtors' rows of <c>contact_gate_locks</c>, upserted in one statement in id order (the transaction's first write).</summary>
    private async Task LockAsync(List<long> ids, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            var array = ids.ToArray();
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO contact_gate_locks (debtor_id, checks) SELECT id, 1 FROM unnest({array}) AS t(id) ORDER BY id ON CONFLICT (debtor_id) DO UPDATE SET checks = contact_gate_locks.checks + 1",
                cancellationToken);
            return;
        }

        var json = "[" + string.Join(',', ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO contact_gate_locks (debtor_id, checks) SELECT value, 1 FROM json_each({json}) WHERE true ORDER BY value ON CONFLICT (debtor_id) DO UPDATE SET checks = contact_gate_locks.checks + 1",
            cancellationToken);
    }

    /// <summary>The same decision without recording anything (the CLI's what-if, planning screens).</summary>
    /// <exception cref="DomainException"><c>not_found</c> (debtor), <c>no_rule_set</c>, <c>unknown_time_zone</c>.</exception>
    public async Task<ContactGateResult> PreviewAsync(ContactGateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await PreviewsAsync([request.DebtorId], request.At, cancellationToken)).Preview(request);
    }

    /// <summary>
    /// Marks an allowed attempt as a conversation (a call that reached the debtor), which the US quiet period counts.
    /// Blocked attempts stay blocked.
    /// </summary>
    /// <exception cref="DomainException"><c>not_found</c>, <c>invalid_state</c> for a blocked attempt.</exception>
    public async Task MarkConversationAsync(long attemptId, CancellationToken cancellationToken = default)
    {
        var attempt = await db.ContactAttempts.SingleOrDefaultAsync(a => a.Id == attemptId, cancellationToken)
            ?? throw new DomainException("not_found", "The contact attempt does not exist.", "attempt");
        if (!attempt.Allowed)
        {
            throw new DomainException("invalid_state", "A blocked attempt reached no one.", "attempt");
        }

        attempt.Outcome = ContactOutcome.Conversation;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// An allowed attempt whose channel failed before reaching the debtor (a provider error): it counts for nothing
    /// from now on, like a blocked one (outcome <c>blocked</c>, the decision still <c>allowed</c>), so a retry is not
    /// refused by the limit the failed call would otherwise use up.
    /// </summary>
    /// <exception cref="DomainException"><c>not_found</c>.</exception>
    public async Task MarkUndeliveredAsync(long attemptId, CancellationToken cancellationToken = default)
    {
        var attempt = await db.ContactAttempts.SingleOrDefaultAsync(a => a.Id == attemptId, cancellationToken)
            ?? throw new DomainException("not_found", "The contact attempt does not exist.", "attempt");
        attempt.Outcome = ContactOutcome.Blocked;
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(attempt).State = EntityState.Detached;
    }

    /// <summary>
    /// Previews for many debtors at once (a planner's batch): their profiles and their attempts from
    /// <paramref name="from"/> back over the longest look-back of any rule set, loaded in three queries; each
    /// <see cref="ContactGatePreviews.Preview"/> then decides exactly as <see cref="PreviewAsync"/> would for a request
    /// at or after <paramref name="from"/>, without a query.
    /// </summary>
    public async Task<ContactGatePreviews> PreviewsAsync(IReadOnlyCollection<long> debtorIds, DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(debtorIds);
        var gate = await catalog.GateAsync(db, cancellationToken);
        var sources = await ComplianceProfiles.LoadManyAsync(db, debtorIds, cancellationToken);
        var since = from.ToUniversalTime().AddDays(-MaxLookbackDays(gate));
        var ids = debtorIds.Distinct().ToList();
        var attempts = await db.ContactAttempts.AsNoTracking()
            .Where(a => ids.Contains(a.DebtorId) && a.At >= since && a.Outcome != ContactOutcome.Blocked)
            .Select(a => new Attempt(a.DebtorId, a.Channel, a.At, a.Outcome, a.ActorKind, a.ActorId))
            .ToListAsync(cancellationToken);
        return new ContactGatePreviews(gate, sources, attempts.ToLookup(a => a.DebtorId));
    }

    /// <summary>The attempts that count for <paramref name="request"/>: from the look-back to <see cref="Simultaneous"/> after it.</summary>
    private static (DateTimeOffset Since, DateTimeOffset Until) Window(ComplianceGate gate, DebtorComplianceProfile profile, ContactGateRequest request) =>
        (request.At.ToUniversalTime().AddDays(-LookbackDays(gate, profile.Jurisdiction)), request.At.ToUniversalTime() + Simultaneous);

    internal static (ContactRequest Contact, ComplianceDecision Decision) Decide(ComplianceGate gate, ContactGateRequest request, DebtorComplianceProfile profile, IEnumerable<Attempt> attempts)
    {
        var (since, until) = Window(gate, profile, request);
        var contact = new ContactRequest
        {
            Debtor = profile,
            Channel = request.Channel,
            Purpose = request.Purpose,
            At = request.At,
            Actor = request.Actor,
            Target = request.Target,
            Prior = attempts.Where(p => p.At >= since && p.At <= until)
                .Select(p => new PriorContact(p.Channel, p.At > request.At ? request.At : p.At, p.Outcome, new ContactActor(p.ActorKind, p.ActorId))).ToList(),
        };
        return (contact, gate.Check(contact));
    }

    /// <summary>A recorded attempt that counts (not blocked), as the gate reads it.</summary>
    internal sealed record Attempt(long DebtorId, ConsentChannel Channel, DateTimeOffset At, ContactOutcome Outcome, ActorKind ActorKind, string ActorId);

    /// <summary>
    /// How far back the history matters: the longest period of any of the jurisdiction's rule sets (rolling limit,
    /// quiet period, the calendar week, the day) plus two days for time-zone offsets.
    /// </summary>
    internal static int LookbackDays(ComplianceGate gate, string jurisdiction)
    {
        var days = 1;
        foreach (var set in gate.RuleSets.All)
        {
            if (!string.Equals(set.Jurisdiction, jurisdiction, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            days = Math.Max(days, set.WeeklyChannel is null ? 1 : 7);
            days = Math.Max(days, set.RollingLimit?.Days ?? 1);
            days = Math.Max(days, set.AfterConversation?.Days ?? 1);
        }

        return days + 2;
    }

    /// <summary>The longest look-back of any jurisdiction's rule sets: what a batch loads for debtors of any of them.</summary>
    private static int MaxLookbackDays(ComplianceGate gate) =>
        gate.RuleSets.All.Select(s => s.Jurisdiction).Distinct(StringComparer.OrdinalIgnoreCase).Select(j => LookbackDays(gate, j)).DefaultIfEmpty(3).Max();

    private static DomainException NotFound() => new("not_found", "The debtor does not exist.", "debtor");
}

/// <summary>
/// Gate previews for a batch of debtors loaded once (<see cref="ContactGate.PreviewsAsync"/>): the same decisions as
/// <see cref="ContactGate.PreviewAsync"/>, nothing recorded.
/// </summary>
public sealed class ContactGatePreviews
{
    private readonly ComplianceGate _gate;
    private readonly ComplianceSources _sources;
    private readonly ILookup<long, ContactGate.Attempt> _attempts;

    internal ContactGatePreviews(ComplianceGate gate, ComplianceSources sources, ILookup<long, ContactGate.Attempt> attempts)
    {
        _gate = gate;
        _sources = sources;
        _attempts = attempts;
    }

    /// <summary>The debtor's profile for <paramref name="purpose"/>, or null for a debtor not in the batch or not stored.</summary>
    public DebtorComplianceProfile? Profile(long debtorId, ConsentPurpose purpose) => _sources.For(debtorId, purpose);

    /// <exception cref="DomainException"><c>not_found</c> (debtor), <c>unknown_time_zone</c>.</exception>
    public ContactGateResult Preview(ContactGateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var profile = _sources.For(request.DebtorId, request.Purpose) ?? throw new DomainException("not_found", "The debtor does not exist.", "debtor");
        var (contact, decision) = ContactGate.Decide(_gate, request, profile, _attempts[request.DebtorId]);
        return new ContactGateResult(decision, null, contact.Debtor);
    }
}
