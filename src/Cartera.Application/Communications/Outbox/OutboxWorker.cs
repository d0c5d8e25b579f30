using System.Data.Common;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Compliance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cartera.Application.Communications.Outbox;

/// <summary>
/// Worker settings: messages per claim, how long a claim lasts (longer than any provider call: a claim that runs out
/// lets another worker take the message again) and the retry policy.
/// </summary>
public sealed record OutboxWorkerOptions
{
    public int BatchSize { get; init; } = 50;

    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    public OutboxRetryPolicy Retry { get; init; } = OutboxRetryPolicy.Default;
}

/// <summary>What one pass did, by outcome.</summary>
public sealed record OutboxRunResult(int Claimed, int Sent, int Retrying, int Failed, int Blocked, int Rescheduled, int Expired, int OptedOut);

/// <summary>
/// Delivers due outbox messages. <see cref="ClaimAsync"/> takes up to a batch of due messages in one statement —
/// <c>queued</c> ones whose <c>next_attempt_at</c> has come, and <c>sending</c> ones whose claim ran out (their worker
/// died) — and marks them <c>sending</c> with a lease (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so workers never take
/// the same row; SQLite: one writer at a time). For each message <see cref="DeliverAsync"/> asks the compliance gate
/// again for the current instant after checking what the message asks for is still owed (else <c>suppressed</c>:
/// paid, promised or disputed since it was planned) (blocked: rescheduled to the next allowed instant for a temporary reason, unless that
/// is after the message's expiry; <c>opted_out</c> when the debtor opted out of the channel; <c>blocked</c> with the
/// reasons otherwise), counts the attempt, calls the channel with the message's idempotency key and marks it
/// <c>sent</c>; a failed call is retried with exponential backoff up to the maximum attempts, then <c>failed</c>.
/// </summary>
public sealed class OutboxWorker(CarteraDbContext db, ContactGate gate, IEnumerable<IMessageChannel> channels, TimeProvider clock, OutboxWorkerOptions? options = null)
{
    private readonly OutboxWorkerOptions _options = options ?? new OutboxWorkerOptions();
    private readonly Dictionary<Domain.Portfolio.ConsentChannel, IMessageChannel> _channels = channels.ToDictionary(c => c.Channel);

    /// <summary>One pass: claim a batch and deliver each message of it.</summary>
    public async Task<OutboxRunResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var ids = await ClaimAsync(_options.BatchSize, cancellationToken);
        var counts = new int[Enum.GetValues<OutboxStatus>().Length];
        var retrying = 0;
        var rescheduled = 0;
        foreach (var outcome in await DeliverManyAsync(ids, cancellationToken))
        {
            if (outcome.Status == OutboxStatus.Queued)
            {
                if (outcome.Rescheduled)
                {
                    rescheduled++;
                }
                else
                {
                    retrying++;
                }
            }
            else
            {
                counts[(int)outcome.Status]++;
            }
        }

        return new OutboxRunResult(ids.Count, counts[(int)OutboxStatus.Sent], retrying, counts[(int)OutboxStatus.Failed], counts[(int)OutboxStatus.Blocked], rescheduled, counts[(int)OutboxStatus.Expired], counts[(int)OutboxStatus.OptedOut]);
    }

    /// <summary>Claims up to <paramref name="max"/> due messages (status <c>sending</c>, leased) and returns their ids in order.</summary>
    public async Task<IReadOnlyList<long>> ClaimAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = clock.GetUtcNow();
        var postgres = db.IsPostgres;
        var sql = $"""
            UPDATE outbox_messages SET status = 'sending', lease_until = @lease, updated_at = @now
            WHERE id IN (
                SELECT id FROM outbox_messages
                WHERE (status = 'queued' AND next_attempt_at <= @now) OR (status = 'sending' AND lease_until <= @now)
                ORDER BY next_attempt_at, id
                LIMIT @max{(postgres ? " FOR UPDATE SKIP LOCKED" : string.Empty)})
            RETURNING id
            """;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            Add(command, "@lease", Instant(now + _options.Lease, postgres));
            Add(command, "@now", Instant(now, postgres));
            Add(command, "@max", max);
            var ids = new List<long>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            ids.Sort();
            return ids;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Delivers one claimed message; returns where it ended.</summary>
    public async Task<(OutboxStatus Status, bool Rescheduled)> DeliverAsync(long id, CancellationToken cancellationToken = default) =>
        (await DeliverManyAsync([id], cancellationToken))[0];

    /// <summary>
    /// Delivers claimed messages, in order, in two phases. First every message is settled or cleared to go with the
    /// batch's data loaded once (the messages, their contact points, what they ask for, the gate's checks for all of
    /// them in one transaction) and every outcome so far, with the attempts of the messages about to go out, is
    /// saved in one commit. Then each message goes to its channel and its outcome is committed before the next one
    /// goes: a crash loses at most the record of the message in flight, which a new claim sends again with the same
    /// idempotency key.
    /// </summary>
    private async Task<List<(OutboxStatus Status, bool Rescheduled)>> DeliverManyAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var results = new (OutboxStatus Status, bool Rescheduled)[ids.Count];
        if (ids.Count == 0)
        {
            return [];
        }

        var idList = ids.ToList();
        var messages = await db.OutboxMessages.Where(m => idList.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        var recipients = messages.Values.Where(m => m.Recipient is not null).Select(m => m.Recipient!.Value).Distinct().ToList();
        var points = await db.ContactPoints.AsNoTracking().Where(c => recipients.Contains(c.Id))
            .Select(c => new { c.Id, c.DebtorId, c.Value, c.DoNotContact }).ToDictionaryAsync(c => c.Id, cancellationToken);
        var now = clock.GetUtcNow();

        // 1. Settle what cannot go out; check the rest with the gate.
        var candidates = new List<(int Index, OutboxMessage Message)>();
        for (var i = 0; i < ids.Count; i++)
        {
            var message = messages.GetValueOrDefault(ids[i]);
            if (message is null || message.Status != OutboxStatus.Sending)
            {
                results[i] = (message?.Status ?? OutboxStatus.Failed, false);
                continue;
            }

            if (message.ExpiresAt is { } expires && now > expires)
            {
                results[i] = Finish(message, OutboxStatus.Expired, "expired");
                continue;
            }

            var point = message.Recipient is { } r ? points.GetValueOrDefault(r) : null;
            if (point is null || point.DebtorId != message.DebtorId)
            {
                results[i] = Finish(message, OutboxStatus.Blocked, "contact_point_missing");
                continue;
            }

            if (point.DoNotContact)
            {
                results[i] = Finish(message, OutboxStatus.Blocked, "contact_point_do_not_contact");
                continue;
            }

            candidates.Add((i, message));
        }

        var suppressions = await SuppressionsAsync(candidates.Select(c => c.Message).ToList(), cancellationToken);
        var checking = new List<(int Index, OutboxMessage Message)>();
        foreach (var (i, message) in candidates)
        {
            if (suppressions.TryGetValue(message.Id, out var suppressed))
            {
                results[i] = Finish(message, OutboxStatus.Suppressed, suppressed);
            }
            else if (!_channels.ContainsKey(message.Channel))
            {
                // Not configured here: try again later without counting an attempt.
                results[i] = Requeue(message, now + _options.Retry.MaxDelay, "no_channel", rescheduled: true);
            }
            else
            {
                checking.Add((i, message));
            }
        }

        // A message taken again after its worker died may have reached the provider or not: its earlier attempt does
        // not count against the debtor's limits (the provider sees the same idempotency key and delivers it once).
        foreach (var (_, message) in checking)
        {
            if (message.GateAttemptId is { } orphaned && message.Attempts > 0)
            {
                await gate.MarkUndeliveredAsync(orphaned, cancellationToken);
            }
        }

        var checks = await gate.CheckManyAsync(
            checking.Select(c => new ContactGateRequest(c.Message.DebtorId, c.Message.Channel, c.Message.Purpose, now, new ContactActor(ActorKind.Strategy, c.Message.Strategy))).ToList(),
            cancellationToken);
        var sending = new List<(int Index, OutboxMessage Message, long? AttemptId)>();
        for (var k = 0; k < checking.Count; k++)
        {
            var (i, message) = checking[k];
            var (check, error) = checks[k];
            if (check is null)
            {
                results[i] = Finish(message, OutboxStatus.Blocked, error?.Code);
                continue;
            }

            var decision = check.Decision;
            if (!decision.Allowed)
            {
                var reasons = decision.ReasonCodes;
                results[i] = check.Profile.DisputeHold ? Finish(message, OutboxStatus.Suppressed, "disputed")
                    : check.Profile.OptedOutChannels.Contains(message.Channel) ? Finish(message, OutboxStatus.OptedOut, reasons)
                    : decision.NextAllowedAt is not { } next ? Finish(message, OutboxStatus.Blocked, reasons)
                    : message.ExpiresAt is { } expiry && next > expiry ? Finish(message, OutboxStatus.Expired, reasons)
                    : Requeue(message, next.ToUniversalTime(), reasons, rescheduled: true);
                continue;
            }

            // The attempt is counted before the call: a crash after this point is a used attempt.
            message.Attempts++;
            message.GateAttemptId = check.AttemptId;
            message.UpdatedAt = clock.GetUtcNow();
            sending.Add((i, message, check.AttemptId));
        }

        await db.SaveChangesAsync(cancellationToken);

        // 2. Send, one commit per message (only that message tracked: a save compares nothing else).
        db.ChangeTracker.Clear();
        foreach (var (i, message, attemptId) in sending)
        {
            db.OutboxMessages.Attach(message);
            results[i] = await SendAsync(message, points[message.Recipient!.Value].Value, attemptId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(message).State = EntityState.Detached;
        }

        return [.. results];
    }

    private async Task<(OutboxStatus, bool)> SendAsync(OutboxMessage message, string address, long? attemptId, CancellationToken cancellationToken)
    {
        try
        {
            var outgoing = new OutgoingMessage(message.Id, message.IdempotencyKey, message.Channel, address, message.Subject, message.Body) { SendDate = message.SendDate };
            if (message.Channel == Domain.Portfolio.ConsentChannel.Letters)
            {
                var addressee = (await new Portfolio.DebtorPortfolio(db).PostalAddresseesAsync([message.Recipient!.Value], cancellationToken)).SingleOrDefault();
                outgoing = outgoing with { RecipientName = addressee?.FullName, Language = addressee?.Language };
            }

            var receipt = await _channels[message.Channel].SendAsync(outgoing, cancellationToken);
            message.ProviderMessageId = Truncate(receipt.ProviderMessageId, 200);
            message.SentAt = clock.GetUtcNow();
            return Finish(message, OutboxStatus.Sent, null);
        }
        catch (MessageChannelException e)
        {
            // The call did not reach the debtor: the gate's attempt counts for nothing.
            if (attemptId is { } id)
            {
                await gate.MarkUndeliveredAsync(id, cancellationToken);
            }

            var next = e.Permanent ? null : _options.Retry.NextAttempt(message.Attempts, clock.GetUtcNow());
            return next is null
                ? Finish(message, OutboxStatus.Failed, e.Code)
                : Requeue(message, next.Value, e.Code, rescheduled: false);
        }
    }

    /// <summary>
    /// Why a message planned with what it asks for (<see cref="OutboxMessage.ObligationIds"/>) should not go out any more:
    /// <c>paid</c> — nothing of its installments is unpaid now (a before-due or due-date reminder: the installments due on
    /// its due date; a stage-entry message: every installment due before its send date); <c>promised</c> — the debtor
    /// made a promise, still pending, after the message was planned. Null: send it. (A dispute is the gate's
    /// <c>dispute_hold</c>, also suppressed.)
    /// </summary>
    private async Task<Dictionary<long, string>> SuppressionsAsync(List<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var about = messages.Where(m => !string.IsNullOrEmpty(m.ObligationIds))
            .Select(m => (Message: m, Ids: m.ObligationIds!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList()))
            .ToList();
        var result = new Dictionary<long, string>();
        if (about.Count == 0)
        {
            return result;
        }

        var obligationIds = about.SelectMany(a => a.Ids).Distinct().ToList();
        var latest = about.Max(a => a.Message.DueDate ?? a.Message.SendDate);
        var installments = (await db.Installments.AsNoTracking()
            .Where(i => obligationIds.Contains(i.ObligationId) && i.DueDate <= latest)
            .Select(i => new
            {
                i.ObligationId,
                i.DueDate,
                Unpaid = i.PrincipalPaidMinor < i.PrincipalMinor || i.InterestPaidMinor < i.InterestMinor || i.InsurancePaidMinor < i.InsuranceMinor || i.OtherPaidMinor < i.OtherMinor,
            })
            .ToListAsync(cancellationToken)).ToLookup(i => i.ObligationId);
        var promised = await new PromiseQueries(db).LatestPendingMadeAsync(about.Select(a => a.Message.DebtorId).Distinct().ToList(), cancellationToken);
        foreach (var (message, ids) in about)
        {
            var unpaid = ids.SelectMany(id => installments[id])
                .Any(i => i.Unpaid && (message.DueDate is { } due ? i.DueDate == due : i.DueDate < message.SendDate));
            if (!unpaid)
            {
                result[message.Id] = "paid";
            }
            else if (promised.TryGetValue(message.DebtorId, out var made) && made > message.CreatedAt)
            {
                result[message.Id] = "promised";
            }
        }

        return result;
    }

    private (OutboxStatus, bool) Finish(OutboxMessage message, OutboxStatus status, string? error)
    {
        message.Status = status;
        message.LastError = Truncate(error, OutboxMessage.MaxErrorLength);
        message.LeaseUntil = null;
        message.UpdatedAt = clock.GetUtcNow();
        return (status, false);
    }

    private (OutboxStatus, bool) Requeue(OutboxMessage message, DateTimeOffset next, string error, bool rescheduled)
    {
        message.Status = OutboxStatus.Queued;
        message.NextAttemptAt = next;
        message.LastError = Truncate(error, OutboxMessage.MaxErrorLength);
        message.LeaseUntil = null;
        message.UpdatedAt = clock.GetUtcNow();
        return (OutboxStatus.Queued, rescheduled);
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static object Instant(DateTimeOffset value, bool postgres) => postgres ? value.ToUniversalTime() : value.UtcTicks;

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
