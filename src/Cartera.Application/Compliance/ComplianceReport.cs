using Cartera.Application.Data;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Compliance;

/// <summary>
/// One line of the compliance report. <see cref="Dimension"/>: <c>total</c> (key <c>all</c>), <c>channel</c>
/// (channel code), <c>actor</c> (<c>kind:id</c>) or <c>reason</c> (reason code; <see cref="Attempts"/> =
/// <see cref="Blocked"/> = blocked attempts with that reason — an attempt blocked for two reasons counts under both).
/// </summary>
public sealed record ComplianceReportRow(string Dimension, string Key, long Attempts, long Allowed, long Blocked);

/// <summary>
/// Attempts recorded by the gate in a period, allowed and blocked, by channel, by actor and by reason. The period is
/// the UTC dates [<c>from</c>, <c>to</c>], both inclusive, of the attempt instant. Grouped in SQL by (channel, actor,
/// outcome, reasons) and split into the dimensions in memory.
/// </summary>
public sealed class ComplianceReport(CarteraDbContext db)
{
    public const string Total = "total";
    public const string Channel = "channel";
    public const string Actor = "actor";
    public const string Reason = "reason";

    /// <exception cref="DomainException"><c>invalid_period</c> when <paramref name="to"/> is before <paramref name="from"/>.</exception>
    public async Task<IReadOnlyList<ComplianceReportRow>> RunAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new DomainException("invalid_period", "The period ends before it starts.", "to");
        }

        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var groups = await db.ContactAttempts.AsNoTracking()
            .Where(a => a.At >= start && a.At < end)
            .GroupBy(a => new { a.Channel, a.ActorKind, a.ActorId, a.Allowed, a.Reasons })
            .Select(g => new { g.Key.Channel, g.Key.ActorKind, g.Key.ActorId, g.Key.Allowed, g.Key.Reasons, Count = g.LongCount() })
            .ToListAsync(cancellationToken);

        var rows = new List<ComplianceReportRow>
        {
            new(Total, "all", groups.Sum(g => g.Count), groups.Where(g => g.Allowed).Sum(g => g.Count), groups.Where(g => !g.Allowed).Sum(g => g.Count)),
        };
        rows.AddRange(Dimension(Channel, groups.Select(g => (EnumCodes.ToCode(g.Channel), g.Allowed, g.Count))));
        rows.AddRange(Dimension(Actor, groups.Select(g => ($"{EnumCodes.ToCode(g.ActorKind)}:{g.ActorId}", g.Allowed, g.Count))));
        rows.AddRange(groups
            .Where(g => !g.Allowed)
            .SelectMany(g => g.Reasons.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(r => (Reason: r, g.Count)))
            .GroupBy(x => x.Reason, StringComparer.Ordinal)
            .Select(x => new ComplianceReportRow(Reason, x.Key, x.Sum(y => y.Count), 0, x.Sum(y => y.Count)))
            .OrderByDescending(r => r.Blocked)
            .ThenBy(r => r.Key, StringComparer.Ordinal));
        return rows;
    }

    private static IEnumerable<ComplianceReportRow> Dimension(string dimension, IEnumerable<(string Key, bool Allowed, long Count)> items) =>
        items
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => new ComplianceReportRow(dimension, x.Key, x.Sum(y => y.Count), x.Where(y => y.Allowed).Sum(y => y.Count), x.Where(y => !y.Allowed).Sum(y => y.Count)))
            .OrderByDescending(r => r.Attempts)
            .ThenBy(r => r.Key, StringComparer.Ordinal);
}
