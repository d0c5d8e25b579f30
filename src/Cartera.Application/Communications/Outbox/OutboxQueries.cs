using Cartera.Application.Data;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Communications.Outbox;

/// <summary>What the outbox monitor filters on (every part optional; dates are send dates, inclusive).</summary>
public sealed record OutboxFilter(
    OutboxStatus? Status = null,
    ConsentChannel? Channel = null,
    string? Strategy = null,
    DateOnly? From = null,
    DateOnly? To = null,
    long? DebtorId = null);

/// <summary>
/// One outbox message as the monitor and the debtor's timeline show it: who, which strategy step, when, the channel and
/// where its delivery stands, with the last error or reason as a code. Never the address or the text.
/// </summary>
public sealed record OutboxMessageSummary(
    long Id,
    long DebtorId,
    string Strategy,
    string? Variant,
    string Step,
    DateOnly SendDate,
    ConsentChannel Channel,
    OutboxStatus Status,
    int Attempts,
    string? LastError,
    DateTimeOffset ScheduledAt,
    DateTimeOffset? SentAt,
    DateTimeOffset UpdatedAt);

/// <summary>How many messages of a filter are in each status; the blocked ones also by their reason codes.</summary>
public sealed record OutboxCounts(IReadOnlyDictionary<OutboxStatus, int> ByStatus, IReadOnlyList<(string Reason, int Count)> BlockedReasons)
{
    public int Of(OutboxStatus status) => ByStatus.TryGetValue(status, out var n) ? n : 0;

    public int Total => ByStatus.Values.Sum();
}

/// <summary>
/// Reads <c>outbox_messages</c> for other features and the pages (Communications owns the table): counts by status, a
/// filtered page of messages (newest send date first) and a debtor's messages.
/// </summary>
public sealed class OutboxQueries(CarteraDbContext db)
{
    public const int MaxPageSize = 200;

    /// <summary>Counts per status of <paramref name="filter"/> (its status ignored), and the blocked ones per reason.</summary>
    public async Task<OutboxCounts> CountsAsync(OutboxFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var scoped = Apply(db.OutboxMessages.AsNoTracking(), filter with { Status = null });
        var byStatus = await scoped.GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var blocked = await scoped.Where(m => m.Status == OutboxStatus.Blocked)
            .GroupBy(m => m.LastError).Select(g => new { Reason = g.Key, Count = g.Count() }).ToListAsync(ct);
        return new OutboxCounts(
            byStatus.ToDictionary(x => x.Status, x => x.Count),
            blocked.Select(x => (x.Reason ?? string.Empty, x.Count)).OrderByDescending(x => x.Count).ThenBy(x => x.Item1, StringComparer.Ordinal).ToList());
    }

    /// <summary>A page (1-based) of the messages of <paramref name="filter"/>, newest send date first, and how many match.</summary>
    public async Task<(IReadOnlyList<OutboxMessageSummary> Items, int Total)> ListAsync(OutboxFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(1, page);
        var query = Apply(db.OutboxMessages.AsNoTracking(), filter);
        var total = await query.CountAsync(ct);
        var items = await Project(query.OrderByDescending(m => m.SendDate).ThenByDescending(m => m.Id))
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (items, total);
    }

    /// <summary>The debtor's latest <paramref name="max"/> messages, newest first (the debtor page's timeline).</summary>
    public async Task<IReadOnlyList<OutboxMessageSummary>> ForDebtorAsync(long debtorId, int max = 50, CancellationToken ct = default) =>
        await Project(db.OutboxMessages.AsNoTracking().Where(m => m.DebtorId == debtorId)
                .OrderByDescending(m => m.SendDate).ThenByDescending(m => m.Id))
            .Take(Math.Clamp(max, 1, MaxPageSize)).ToListAsync(ct);

    /// <summary>The strategy codes that have messages (the monitor's filter).</summary>
    public async Task<IReadOnlyList<string>> StrategiesAsync(CancellationToken ct = default) =>
        await db.OutboxMessages.AsNoTracking().Select(m => m.Strategy).Distinct().OrderBy(s => s).ToListAsync(ct);

    private static IQueryable<OutboxMessage> Apply(IQueryable<OutboxMessage> query, OutboxFilter filter)
    {
        if (filter.Status is { } status)
        {
            query = query.Where(m => m.Status == status);
        }

        if (filter.Channel is { } channel)
        {
            query = query.Where(m => m.Channel == channel);
        }

        if (!string.IsNullOrWhiteSpace(filter.Strategy))
        {
            var strategy = filter.Strategy.Trim();
            query = query.Where(m => m.Strategy == strategy);
        }

        if (filter.From is { } from)
        {
            query = query.Where(m => m.SendDate >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(m => m.SendDate <= to);
        }

        if (filter.DebtorId is { } debtor)
        {
            query = query.Where(m => m.DebtorId == debtor);
        }

        return query;
    }

    private static IQueryable<OutboxMessageSummary> Project(IQueryable<OutboxMessage> query) =>
        query.Select(m => new OutboxMessageSummary(
            m.Id, m.DebtorId, m.Strategy, m.Variant, m.Step, m.SendDate, m.Channel, m.Status, m.Attempts, m.LastError,
            m.ScheduledAt, m.SentAt, m.UpdatedAt));
}
