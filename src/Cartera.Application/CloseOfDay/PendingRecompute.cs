using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// Closed dates whose snapshots are stale ("pending recompute", docs/user/close-of-day.md): ledger lines booked after the
/// last closed date L (business date after L) with a value date on or before L — a back-dated payment, its reversal, a
/// re-allocation — change the figures of every closed date from their value date to L for the debtor they belong to
/// (all of the debtor's obligations: arrastre). The next close-of-day recomputes exactly these (its <c>recompute</c>
/// step); until then exports and pages say the figures are pending recompute. Read-only; derived from the ledger, so
/// nothing has to be flagged or cleared.
/// </summary>
public sealed class PendingRecompute
{
    private readonly Dictionary<long, DateOnly> _fromByDebtor;

    private PendingRecompute(DateOnly? lastClosed, Dictionary<long, DateOnly> fromByDebtor)
    {
        LastClosed = lastClosed;
        _fromByDebtor = fromByDebtor;
    }

    /// <summary>The last closed business date (null: nothing closed, nothing can be stale).</summary>
    public DateOnly? LastClosed { get; }

    /// <summary>Debtors with stale closed dates, and the first stale date of each.</summary>
    public IReadOnlyDictionary<long, DateOnly> FromByDebtor => _fromByDebtor;

    public bool Any => _fromByDebtor.Count > 0;

    /// <summary>The earliest stale closed date, if any.</summary>
    public DateOnly? Earliest => _fromByDebtor.Count == 0 ? null : _fromByDebtor.Values.Min();

    /// <summary>Whether the snapshots of <paramref name="debtorId"/> on the closed date <paramref name="date"/> are stale.</summary>
    public bool IsPending(long debtorId, DateOnly date) =>
        LastClosed is { } last && date <= last && _fromByDebtor.TryGetValue(debtorId, out var from) && date >= from;

    /// <summary>How many debtors have stale snapshots on <paramref name="date"/>.</summary>
    public int DebtorsPendingOn(DateOnly date) =>
        LastClosed is { } last && date <= last ? _fromByDebtor.Values.Count(from => from <= date) : 0;

    /// <summary>A one-line English explanation for logs and CLI output, or null when nothing is stale.</summary>
    public string? Describe()
    {
        if (!Any || LastClosed is not { } last)
        {
            return null;
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"Pending recompute: {_fromByDebtor.Count} debtor(s) have lines back-dated into closed dates {Earliest:yyyy-MM-dd} to {last:yyyy-MM-dd}; their snapshots of those dates are stale until the next close-of-day recomputes them.");
    }

    public static async Task<PendingRecompute> LoadAsync(CarteraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var last = await new BusinessCalendar(db).LastClosedAsync(ct);
        if (last is not { } lastClosed)
        {
            return new PendingRecompute(null, []);
        }

        // Lines booked after L was opened carry ids above its watermark (an index range on the primary key); of those, the
        // ones booked after L's snapshots have a business date after L.
        var watermark = await db.CloseOfDaySteps.AsNoTracking()
            .Where(s => s.BusinessDate == lastClosed && s.Step == CloseOfDaySteps.Open && s.Partition == 0)
            .Select(s => s.LedgerWatermark).FirstOrDefaultAsync(ct) ?? 0;
        var rows = await db.Database.SqlQueryRaw<AffectedDebtor>(
            """
            SELECT o.debtor_id AS "DebtorId", min(e.value_date) AS "From"
            FROM ledger_entries e JOIN obligations o ON o.id = e.obligation_id
            WHERE e.id > {0} AND e.business_date > {1} AND e.value_date <= {1}
            GROUP BY o.debtor_id
            """, watermark, lastClosed).ToListAsync(ct);
        return new PendingRecompute(lastClosed, rows.ToDictionary(r => r.DebtorId, r => r.From));
    }
}
