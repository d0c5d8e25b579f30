using System.Data.Common;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Domain.Common;
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
        foreach (var id in ids)
        {
            var outcome = await DeliverAsync(id, cancellationToken);
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
    public async Task<(OutboxStatus Status, bool Rescheduled)> DeliverAsync(long id, CancellationToken cancellationToken = default)
    {
        db.ChangeTracker.Clear();
        var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null || message.Status != OutboxStatus.Sending)
        {
            return (message?.Status ?? OutboxStatus.Failed, false);
        }

        var now = clock.GetUtcNow();
        if (message.ExpiresAt is { } expires && now > expires)
        {
            return await FinishAsync(message, OutboxStatus.Expired, "expired", cancellationToken);
        }

        var point = await db.ContactPoints.AsNoTracking()
            .Where(c => c.Id == message.Recipient)
            .Select(c => new { c.DebtorId, c.Value, c.DoNotContact })
            .SingleOrDefaultAsync(cancellationToken);
        if (point is null || point.DebtorId != message.DebtorId)
        {
            return await FinishAsync(message, OutboxStatus.Blocked, "contact_point_missing", cancellationToken);
        }

        if (point.DoNotContact)
        {
            return await FinishAsync(message, OutboxStatus.Blocked, "contact_point_do_not_contact", cancellationToken);
        }

        if (await SuppressionAsync(message, cancellationToken) is { } suppressed)
        {
            return await FinishAsync(message, OutboxStatus.Suppressed, suppressed, cancellationToken);
        }

        if (!_channels.TryGetValue(message.Channel, out var channel))
        {
            // Not configured here: try again later without counting an attempt.
            return await RequeueAsync(message, now + _options.Retry.MaxDelay, "no_channel", rescheduled: true, cancellationToken);
        }

        // A message taken again after its worker died may have reached the provider or not: its earlier attempt does
        // not count against the debtor's limits (the provider sees the same idempotency key and delivers it once).
        if (message.GateAttemptId is { } orphaned && message.Attempts > 0)
        {
            await gate.MarkUndeliveredAsync(orphaned, cancellationToken);
        }

        ContactGateResult check;
        try
        {
            check = await gate.CheckAsync(new ContactGateRequest(message.DebtorId, message.Channel, message.Purpose, now, new ContactActor(ActorKind.Strategy, message.Strategy)), cancellationToken);
        }
        catch (DomainException e)
        {
            return await FinishAsync(message, OutboxStatus.Blocked, e.Code, cancellationToken);
        }

        var decision = check.Decision;
        if (!decision.Allowed)
        {
            var reasons = decision.ReasonCodes;
            if (check.Profile.DisputeHold)
            {
                return await FinishAsync(message, OutboxStatus.Suppressed, "disputed", cancellationToken);
            }

            if (check.Profile.OptedOutChannels.Contains(message.Channel))
            {
                return await FinishAsync(message, OutboxStatus.OptedOut, reasons, cancellationToken);
            }

            if (decision.NextAllowedAt is { } next)
            {
                return message.ExpiresAt is { } expiry && next > expiry
                    ? await FinishAsync(message, OutboxStatus.Expired, reasons, cancellationToken)
                    : await RequeueAsync(message, next.ToUniversalTime(), reasons, rescheduled: true, cancellationToken);
            }

            return await FinishAsync(message, OutboxStatus.Blocked, reasons, cancellationToken);
        }

        // The attempt is counted before the call: a crash after this point is a used attempt.
        message.Attempts++;
        message.GateAttemptId = check.AttemptId;
        message.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);

        try
        {
            var outgoing = new OutgoingMessage(message.Id, message.IdempotencyKey, message.Channel, point.Value, message.Subject, message.Body) { SendDate = message.SendDate };
            if (message.Channel == Domain.Portfolio.ConsentChannel.Letters)
            {
                var addressee = (await new Portfolio.DebtorPortfolio(db).PostalAddresseesAsync([message.Recipient!.Value], cancellationToken)).SingleOrDefault();
                outgoing = outgoing with { RecipientName = addressee?.FullName, Language = addressee?.Language };
            }

            var receipt = await channel.SendAsync(outgoing, cancellationToken);
            message.ProviderMessageId = Truncate(receipt.ProviderMessageId, 200);
            message.SentAt = clock.GetUtcNow();
            return await FinishAsync(message, OutboxStatus.Sent, null, cancellationToken);
        }
        catch (MessageChannelException e)
        {
            // The call did not reach the debtor: the gate's attempt counts for nothing.
            if (check.AttemptId is { } attemptId)
            {
                await gate.MarkUndeliveredAsync(attemptId, cancellationToken);
            }

            var next = e.Permanent ? null : _options.Retry.NextAttempt(message.Attempts, clock.GetUtcNow());
            return next is null
                ? await FinishAsync(message, OutboxStatus.Failed, e.Code, cancellationToken)
                : await RequeueAsync(message, next.Value, e.Code, rescheduled: false, cancellationToken);
        }
    }

    /// <summary>
    /// Why a message planned with what it asks for (<see cref="OutboxMessage.ObligationIds"/>) should not go out any more:
    /// <c>paid</c> — nothing of its installments is unpaid now (a before-due or due-date reminder: the installments due on
    /// its due date; a stage-entry message: every installment due before its send date); <c>promised</c> — the debtor
    /// made a promise, still pending, after the message was planned. Null: send it. (A dispute is the gate's
    /// <c>dispute_hold</c>, also suppressed.)
    /// </summary>
    private async Task<string?> SuppressionAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.ObligationIds))
        {
            return null;
        }

        var ids = message.ObligationIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var installments = db.Installments.AsNoTracking().Where(i => ids.Contains(i.ObligationId));
        installments = message.DueDate is { } due ? installments.Where(i => i.DueDate == due) : installments.Where(i => i.DueDate < message.SendDate);
        var unpaid = await installments.AnyAsync(i => i.PrincipalPaidMinor < i.PrincipalMinor || i.InterestPaidMinor < i.InterestMinor
            || i.InsurancePaidMinor < i.InsuranceMinor || i.OtherPaidMinor < i.OtherMinor, cancellationToken);
        if (!unpaid)
        {
            return "paid";
        }

        return await new PromiseQueries(db).PendingMadeSinceAsync(message.DebtorId, message.CreatedAt, cancellationToken) ? "promised" : null;
    }

    private async Task<(OutboxStatus, bool)> FinishAsync(OutboxMessage message, OutboxStatus status, string? error, CancellationToken cancellationToken)
    {
        message.Status = status;
        message.LastError = Truncate(error, OutboxMessage.MaxErrorLength);
        message.LeaseUntil = null;
        message.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return (status, false);
    }

    private async Task<(OutboxStatus, bool)> RequeueAsync(OutboxMessage message, DateTimeOffset next, string error, bool rescheduled, CancellationToken cancellationToken)
    {
        message.Status = OutboxStatus.Queued;
        message.NextAttemptAt = next;
        message.LastError = Truncate(error, OutboxMessage.MaxErrorLength);
        message.LeaseUntil = null;
        message.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
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
