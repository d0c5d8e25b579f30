using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Communications.Outbox;

/// <summary>What a delivery callback did.</summary>
public enum CallbackOutcome
{
    Updated,
    Unchanged,
    NotFound,
    UnknownStatus,
}

/// <summary>
/// Delivery callbacks: a provider reports a message's state by its own id. Provider words map to outbox statuses —
/// <c>delivered</c>, <c>read</c> → <c>delivered</c>; <c>failed</c>, <c>undelivered</c>, <c>rejected</c>, <c>bounced</c> →
/// <c>failed</c>; <c>queued</c>, <c>accepted</c>, <c>sending</c>, <c>sent</c> → <c>sent</c>. Only <c>sent</c> moves on
/// (to <c>delivered</c> or <c>failed</c>) and <c>delivered</c> to <c>failed</c> never happens: a late or repeated callback
/// changes nothing.
/// </summary>
public sealed class OutboxCallbacks(CarteraDbContext db, TimeProvider clock)
{
    public static OutboxStatus? Map(string? providerStatus) => (providerStatus ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "delivered" or "read" => OutboxStatus.Delivered,
        "failed" or "undelivered" or "rejected" or "bounced" => OutboxStatus.Failed,
        "queued" or "accepted" or "sending" or "sent" => OutboxStatus.Sent,
        _ => null,
    };

    public async Task<CallbackOutcome> ApplyAsync(string providerMessageId, string providerStatus, string? errorCode, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(providerMessageId))
        {
            return CallbackOutcome.NotFound;
        }

        if (Map(providerStatus) is not { } status)
        {
            return CallbackOutcome.UnknownStatus;
        }

        var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.ProviderMessageId == providerMessageId.Trim(), cancellationToken);
        if (message is null)
        {
            return CallbackOutcome.NotFound;
        }

        if (message.Status != OutboxStatus.Sent || status == OutboxStatus.Sent)
        {
            return CallbackOutcome.Unchanged;
        }

        message.Status = status;
        if (status == OutboxStatus.Failed)
        {
            message.LastError = "provider_" + Code(errorCode);
        }

        message.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return CallbackOutcome.Updated;
    }

    // A provider's error code, reduced to letters, digits and '_' (it goes to last_error, which holds no personal data).
    private static string Code(string? errorCode)
    {
        var code = new string((errorCode ?? "failed").Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(40).ToArray());
        return code.Length == 0 ? "failed" : code.ToLowerInvariant();
    }
}

/// <summary>Inbound settings: the words that opt the sender out of the channel (configuration <c>Communications:Inbound:OptOutKeywords</c>).</summary>
public sealed record InboundOptions
{
    public IReadOnlyList<string> OptOutKeywords { get; init; } = ["BAJA", "STOP"];
}

/// <summary>What an inbound message did: whether it was an opt-out and how many debtors it opted out.</summary>
public sealed record InboundResult(bool OptOut, int Debtors, int MessagesStopped);

/// <summary>
/// Inbound messages (SMS, WhatsApp, e-mail replies). A text whose first word is an opt-out keyword (case- and
/// accent-insensitive: <c>BAJA</c>, <c>baja</c>, <c>Stop.</c>) opts every debtor with that address out of that channel
/// at once, through Compliance's overrides (<see cref="ComplianceOverrides"/>, audited), and stops their queued
/// messages on the channel (<c>opted_out</c>). The text itself is not stored.
/// </summary>
public sealed class InboundMessages(CarteraDbContext db, ComplianceOverrides overrides, TimeProvider clock, InboundOptions? options = null)
{
    private readonly InboundOptions _options = options ?? new InboundOptions();

    public bool IsOptOut(string? text)
    {
        var first = (text ?? string.Empty).Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is null)
        {
            return false;
        }

        var word = Fold(first.TrimEnd('.', '!', ',', ';'));
        return _options.OptOutKeywords.Any(k => Fold(k) == word);
    }

    public async Task<InboundResult> ReceiveAsync(ConsentChannel channel, string from, string? text, CancellationToken cancellationToken = default)
    {
        if (!IsOptOut(text))
        {
            return new InboundResult(false, 0, 0);
        }

        var address = Address(channel, from);
        if (address is null)
        {
            return new InboundResult(true, 0, 0);
        }

        var kinds = channel == ConsentChannel.Email ? new[] { ContactChannel.Email } : [ContactChannel.Mobile, ContactChannel.WhatsApp];
        var debtors = await db.ContactPoints.AsNoTracking()
            .Where(c => c.Value == address && kinds.Contains(c.Channel))
            .Select(c => c.DebtorId)
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var debtorId in debtors)
        {
            var current = await overrides.GetAsync(debtorId, cancellationToken) ?? OverrideData.None;
            var opted = ChannelSet.Parse(current.OptedOutChannels);
            if (!opted.Contains(channel))
            {
                await overrides.SaveAsync(debtorId, current with { OptedOutChannels = opted.With(channel).ToString() }, cancellationToken);
            }
        }

        var now = clock.GetUtcNow();
        var stopped = debtors.Count == 0 ? 0 : await db.OutboxMessages
            .Where(m => debtors.Contains(m.DebtorId) && m.Channel == channel && m.Status == OutboxStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.OptedOut).SetProperty(m => m.LastError, "opt_out_keyword").SetProperty(m => m.UpdatedAt, now), cancellationToken);
        return new InboundResult(true, debtors.Count, stopped);
    }

    private static string? Address(ConsentChannel channel, string from)
    {
        var value = (from ?? string.Empty).Trim();
        if (value.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase))
        {
            value = value["whatsapp:".Length..];
        }

        try
        {
            return ContactPoint.Normalize(channel == ConsentChannel.Email ? ContactChannel.Email : ContactChannel.Mobile, value);
        }
        catch (DomainException)
        {
            return null;
        }
    }

    private static string Fold(string text)
    {
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        var chars = decomposed.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark);
        return new string(chars.ToArray()).ToUpperInvariant();
    }
}
