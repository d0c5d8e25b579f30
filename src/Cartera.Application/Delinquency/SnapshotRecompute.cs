using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>
/// Requests to recompute closed dates whose snapshots derive from something that changed outside the ledger (the cap
/// table). A request is added to the caller's unit of work (saved, and audited, with the change that caused it) only
/// when a closed date on or after <c>from</c> exists; close-of-day's <c>recompute_caps</c> step carries the pending ones
/// out (docs/user/close-of-day.md).
/// </summary>
public static class SnapshotRecompute
{
    /// <summary>Adds a request from <paramref name="from"/> when a closed date is affected; returns that date, or null.</summary>
    public static async Task<DateOnly?> RequestAsync(CarteraDbContext db, DateOnly from, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var affected = await db.BusinessDays.AsNoTracking().AnyAsync(d => d.Status == BusinessDayStatus.Closed && d.Date >= from, ct);
        if (!affected)
        {
            return null;
        }

        db.SnapshotRecomputeRequests.Add(new SnapshotRecomputeRequest
        {
            FromDate = from,
            Reason = reason.Length > 200 ? reason[..200] : reason,
            RequestedAt = db.Clock.GetUtcNow(),
        });
        return from;
    }

    /// <summary>The earliest date of the pending requests (null when none), and the greatest id they have.</summary>
    public static async Task<(DateOnly? From, long UpToId)> PendingAsync(CarteraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pending = await db.SnapshotRecomputeRequests.AsNoTracking().Where(r => r.DoneOn == null)
            .Select(r => new { r.Id, r.FromDate }).ToListAsync(ct);
        return pending.Count == 0 ? (null, 0) : (pending.Min(r => r.FromDate), pending.Max(r => r.Id));
    }

    /// <summary>Marks the pending requests up to <paramref name="upToId"/> done by the close of <paramref name="closedBy"/>.</summary>
    public static async Task MarkDoneAsync(CarteraDbContext db, long upToId, DateOnly closedBy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.SnapshotRecomputeRequests.Where(r => r.DoneOn == null && r.Id <= upToId).ToListAsync(ct);
        foreach (var row in rows)
        {
            row.DoneOn = closedBy;
        }

        await db.SaveChangesAsync(ct);
    }
}
