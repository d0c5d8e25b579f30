using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Communications.Outbox;

/// <summary>
/// A message to put in the outbox, already rendered: debtor, strategy, variant, step, send date, channel, the id of the
/// contact point, the planned instant, an optional expiry (a before-due reminder expires at the due date) and the text.
/// <see cref="Subject"/> says what the message asks for (the installments' obligations, earliest due date, amount),
/// which the worker checks again before sending (paid, promised or disputed since: <c>suppressed</c>).
/// A message the planner already found <c>blocked</c> or <c>expired</c> is recorded with that status and its reasons
/// (<see cref="Reasons"/>), without text and possibly without a recipient, so the monitor shows why nothing went out.
/// </summary>
public sealed record OutboxEnqueue(
    long DebtorId,
    string Strategy,
    string? Variant,
    string Step,
    DateOnly SendDate,
    ConsentChannel Channel,
    long? Recipient,
    DateTimeOffset ScheduledAt,
    string? Subject,
    string Body,
    DateTimeOffset? ExpiresAt = null,
    ConsentPurpose Purpose = ConsentPurpose.Collection)
{
    public OutboxStatus Status { get; init; } = OutboxStatus.Queued;

    /// <summary>For a <c>blocked</c> or <c>expired</c> message: the reason codes, <c>;</c>-separated.</summary>
    public string? Reasons { get; init; }

    public MessageSubject? About { get; init; }

    public string? Template { get; init; }
}

/// <summary>What a planned message asks for: the obligations of its installments, their earliest due date (null for a
/// stage-entry message: everything overdue) and the amount in minor units of <see cref="CurrencyCode"/>.</summary>
public sealed record MessageSubject(IReadOnlyList<long> ObligationIds, DateOnly? DueDate, long AmountMinor, string CurrencyCode)
{
    /// <summary>A message about nothing owed (a maintenance message to a current client).</summary>
    public static readonly MessageSubject None = new([], null, 0, string.Empty);

    public bool IsNone => ObligationIds.Count == 0;

    public string ObligationList => string.Join(',', ObligationIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>The enqueued message's id and whether this call created it (false: it was already there).</summary>
public sealed record OutboxEnqueued(long Id, bool Created, OutboxStatus Status);

/// <summary>
/// The outbox's entry point for planners (strategies, manual sends): <see cref="EnqueueAsync"/> is idempotent per
/// (debtor, strategy, step, send date) — a second call for the same key returns the first message and changes nothing, also when
/// two callers race (the unique index decides).
/// </summary>
public sealed class Outbox(CarteraDbContext db, TimeProvider clock)
{
    /// <exception cref="DomainException"><c>required</c>, <c>too_long</c>, <c>invalid_channel</c>, <c>not_found</c> (debtor or contact point), <c>invalid_recipient</c>.</exception>
    public async Task<OutboxEnqueued> EnqueueAsync(OutboxEnqueue request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var existing = await FindAsync(request, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        if (request.Recipient is { } recipient)
        {
            var point = await db.ContactPoints.AsNoTracking()
                .Where(c => c.Id == recipient)
                .Select(c => new { c.DebtorId, c.Channel })
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new DomainException("not_found", "The contact point does not exist.", "recipient");
            if (point.DebtorId != request.DebtorId || !Fits(request.Channel, point.Channel))
            {
                throw new DomainException("invalid_recipient", "The contact point is not the debtor's or does not carry the channel.", "recipient");
            }
        }

        var message = NewMessage(request, clock.GetUtcNow());
        db.OutboxMessages.Add(message);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another caller inserted the same (debtor, step, send date) in between: theirs is the one.
            db.Entry(message).State = EntityState.Detached;
            return await FindAsync(request, cancellationToken) ?? throw new InvalidOperationException("The outbox insert failed for another reason than a duplicate.");
        }

        db.Entry(message).State = EntityState.Detached;
        return new OutboxEnqueued(message.Id, true, message.Status);
    }

    /// <summary>
    /// <see cref="EnqueueAsync"/> for a planner's batch, in a few statements and one commit: the keys already in the
    /// outbox come back as they are, the rest are inserted together. Every request is validated first (one invalid
    /// request fails the call before anything is written). Should another caller insert one of the keys in between,
    /// the batch falls back to one <see cref="EnqueueAsync"/> per request, which settles each race. In request order.
    /// </summary>
    /// <exception cref="DomainException">As <see cref="EnqueueAsync"/>.</exception>
    public async Task<IReadOnlyList<OutboxEnqueued>> EnqueueManyAsync(IReadOnlyList<OutboxEnqueue> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }

        foreach (var request in requests)
        {
            Validate(request);
        }

        var debtorIds = requests.Select(r => r.DebtorId).Distinct().ToList();
        var sendDates = requests.Select(r => r.SendDate).Distinct().ToList();
        var existing = (await db.OutboxMessages.AsNoTracking()
            .Where(m => debtorIds.Contains(m.DebtorId) && sendDates.Contains(m.SendDate))
            .Select(m => new { m.DebtorId, m.Strategy, m.Step, m.SendDate, m.Id, m.Status })
            .ToListAsync(cancellationToken))
            .ToDictionary(m => (m.DebtorId, m.Strategy, m.Step, m.SendDate), m => new OutboxEnqueued(m.Id, false, m.Status));
        var recipients = requests.Where(r => r.Recipient is not null).Select(r => r.Recipient!.Value).Distinct().ToList();
        var points = recipients.Count == 0 ? [] : await db.ContactPoints.AsNoTracking().Where(c => recipients.Contains(c.Id))
            .Select(c => new { c.Id, c.DebtorId, c.Channel }).ToDictionaryAsync(c => c.Id, cancellationToken);

        var now = clock.GetUtcNow();
        var results = new OutboxEnqueued?[requests.Count];
        var created = new List<(int Index, OutboxMessage Message)>();
        var keys = new HashSet<(long, string, string, DateOnly)>();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var key = (request.DebtorId, request.Strategy.Trim(), request.Step.Trim(), request.SendDate);
            if (existing.TryGetValue(key, out var found))
            {
                results[i] = found;
                continue;
            }

            if (request.Recipient is { } recipient)
            {
                var point = points.GetValueOrDefault(recipient) ?? throw new DomainException("not_found", "The contact point does not exist.", "recipient");
                if (point.DebtorId != request.DebtorId || !Fits(request.Channel, point.Channel))
                {
                    throw new DomainException("invalid_recipient", "The contact point is not the debtor's or does not carry the channel.", "recipient");
                }
            }

            if (!keys.Add(key))
            {
                continue; // the same key twice in one batch: the first one is the message
            }

            created.Add((i, NewMessage(request, now)));
        }

        db.OutboxMessages.AddRange(created.Select(c => c.Message));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            foreach (var (_, message) in created)
            {
                db.Entry(message).State = EntityState.Detached;
            }

            var one = new List<OutboxEnqueued>(requests.Count);
            foreach (var request in requests)
            {
                one.Add(await EnqueueAsync(request, cancellationToken));
            }

            return one;
        }

        foreach (var (index, message) in created)
        {
            db.Entry(message).State = EntityState.Detached;
            results[index] = new OutboxEnqueued(message.Id, true, message.Status);
        }

        // A key repeated in the batch answers with its first request's message.
        var byKey = created.ToDictionary(c => (c.Message.DebtorId, c.Message.Strategy, c.Message.Step, c.Message.SendDate), c => results[c.Index]!);
        for (var i = 0; i < requests.Count; i++)
        {
            results[i] ??= byKey[(requests[i].DebtorId, requests[i].Strategy.Trim(), requests[i].Step.Trim(), requests[i].SendDate)] with { Created = false };
        }

        return results.Select(r => r!).ToList();
    }

    /// <summary>One message without its text (monitor, tests).</summary>
    public Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        db.OutboxMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);

    /// <summary>The contact-point channel that carries a contact channel (SMS: mobile; WhatsApp: WhatsApp or mobile;
    /// calls: mobile or landline; letters and visits: a postal address).</summary>
    public static bool Fits(ConsentChannel channel, ContactChannel point) => channel switch
    {
        ConsentChannel.Email => point == ContactChannel.Email,
        ConsentChannel.Sms => point == ContactChannel.Mobile,
        ConsentChannel.WhatsApp => point is ContactChannel.WhatsApp or ContactChannel.Mobile,
        ConsentChannel.Calls => point is ContactChannel.Mobile or ContactChannel.Landline,
        ConsentChannel.Letters or ConsentChannel.Visits => point == ContactChannel.PostalAddress,
        _ => false,
    };

    private async Task<OutboxEnqueued?> FindAsync(OutboxEnqueue request, CancellationToken cancellationToken)
    {
        var (strategy, step) = (request.Strategy.Trim(), request.Step.Trim());
        var found = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DebtorId == request.DebtorId && m.Strategy == strategy && m.Step == step && m.SendDate == request.SendDate)
            .Select(m => new { m.Id, m.Status })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : new OutboxEnqueued(found.Id, false, found.Status);
    }

    private static OutboxMessage NewMessage(OutboxEnqueue request, DateTimeOffset now) => new()
    {
        DebtorId = request.DebtorId,
        Strategy = request.Strategy.Trim(),
        Variant = string.IsNullOrWhiteSpace(request.Variant) ? null : request.Variant.Trim(),
        Step = request.Step.Trim(),
        SendDate = request.SendDate,
        Channel = request.Channel,
        Purpose = request.Purpose,
        Recipient = request.Recipient,
        ScheduledAt = request.ScheduledAt.ToUniversalTime(),
        ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
        Subject = request.Subject,
        Body = request.Body,
        Status = request.Status,
        LastError = request.Reasons is null ? null : request.Reasons.Length <= OutboxMessage.MaxErrorLength ? request.Reasons : request.Reasons[..OutboxMessage.MaxErrorLength],
        ObligationIds = request.About?.ObligationList,
        DueDate = request.About?.DueDate,
        AmountMinor = request.About?.AmountMinor,
        CurrencyCode = request.About?.CurrencyCode,
        Template = request.Template,
        NextAttemptAt = request.ScheduledAt.ToUniversalTime(),
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static void Validate(OutboxEnqueue r)
    {
        Require(r.Strategy, "strategy", 64);
        Require(r.Step, "step", 64);
        if (r.Status is not (OutboxStatus.Queued or OutboxStatus.Blocked or OutboxStatus.Expired))
        {
            throw new DomainException("invalid_status", "A message enters the outbox queued, or blocked or expired by its planner.", "status");
        }

        if (r.Status != OutboxStatus.Queued)
        {
            // A planner's refusal: no text, maybe no recipient, the reasons say why.
            Require(r.Reasons, "reasons", OutboxMessage.MaxErrorLength);
            return;
        }

        if (r.Recipient is null)
        {
            throw new DomainException("required", "A queued message needs its recipient.", "recipient");
        }

        Require(r.Body, "body", OutboxMessage.MaxBodyLength);
        if (r.Variant is { Length: > 64 })
        {
            throw new DomainException("too_long", "The variant is longer than 64 characters.", "variant");
        }

        if (r.Subject is { Length: > OutboxMessage.MaxSubjectLength })
        {
            throw new DomainException("too_long", $"The subject is longer than {OutboxMessage.MaxSubjectLength} characters.", "subject");
        }

        if (r.Channel is not (ConsentChannel.Email or ConsentChannel.Sms or ConsentChannel.WhatsApp or ConsentChannel.Letters))
        {
            throw new DomainException("invalid_channel", "The outbox carries e-mail, SMS, WhatsApp and letters.", "channel");
        }

        if (r.Channel == ConsentChannel.Email && string.IsNullOrWhiteSpace(r.Subject))
        {
            throw new DomainException("required", "An e-mail needs a subject.", "subject");
        }
    }

    private static void Require(string? value, string field, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainException("required", $"The {field} is empty.", field);
        }

        if (value.Length > max)
        {
            throw new DomainException("too_long", $"The {field} is longer than {max} characters.", field);
        }
    }
}
