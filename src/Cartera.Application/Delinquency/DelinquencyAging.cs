using Cartera.Application.Data;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>Which snapshots of a closed date the aging view looks at: optional product and branch.</summary>
public sealed record AgingFilter(DateOnly Date, string? Product = null, string? Branch = null);

/// <summary>
/// One line of the aging report (cartera por altura de mora): the obligations of one bucket or category in one currency
/// (amounts never add across currencies), in minor units. <see cref="Overdue"/> is the overdue principal, interest,
/// insurance and other charges (installments due before the date); <see cref="TotalDue"/> adds arrears interest and fees.
/// </summary>
public sealed record AgingLine(string CurrencyCode, string Key, int Count, long Outstanding, long Overdue, long TotalDue, long Provision, int MinDpd);

/// <summary>The aging report of a closed date: by bucket and by regulatory category.</summary>
public sealed record AgingReport(DateOnly Date, IReadOnlyList<AgingLine> ByBucket, IReadOnlyList<AgingLine> ByClassification, IReadOnlyList<string> Products, IReadOnlyList<string> Branches)
{
    /// <summary>How many of the report's obligations were computed with a cap carried forward (snapshots marked cap_assumed).</summary>
    public int CapAssumed { get; init; }
}

/// <summary>One obligation of a drill-down (a bucket or a category of the aging report).</summary>
public sealed record AgingObligation(
    long ObligationId, string ExternalId, long DebtorId, string DebtorName, string Product, string? Branch, string CurrencyCode, int Dpd, string Bucket,
    string Classification, long Outstanding, long TotalDue, long Provision);

/// <summary>
/// Cartera por altura de mora, read from the snapshots close-of-day wrote for a closed date (never recomputed). The
/// caller passes the obligations the user may see (object-level authorization lives in the web layer).
/// </summary>
public sealed class DelinquencyAging(CarteraDbContext db)
{
    public async Task<AgingReport> ReportAsync(IQueryable<Obligation> visible, AgingFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await Export.DelinquencyExporter.EnsureClosedAsync(db, filter.Date, ct);
        var rows = Rows(visible, filter);
        var byBucket = await rows
            .GroupBy(r => new { r.S.CurrencyCode, r.S.Bucket })
            .Select(g => new AgingLine(
                g.Key.CurrencyCode, g.Key.Bucket, g.Count(), g.Sum(r => r.S.OutstandingPrincipalMinor),
                g.Sum(r => r.S.OverduePrincipalMinor + r.S.OverdueInterestMinor + r.S.OverdueInsuranceMinor + r.S.OverdueOtherMinor),
                g.Sum(r => r.S.TotalDueMinor), g.Sum(r => r.S.ProvisionMinor), g.Min(r => r.S.Dpd)))
            .ToListAsync(ct);
        var byClassification = await rows
            .GroupBy(r => new { r.S.CurrencyCode, r.S.Classification })
            .Select(g => new AgingLine(
                g.Key.CurrencyCode, g.Key.Classification, g.Count(), g.Sum(r => r.S.OutstandingPrincipalMinor),
                g.Sum(r => r.S.OverduePrincipalMinor + r.S.OverdueInterestMinor + r.S.OverdueInsuranceMinor + r.S.OverdueOtherMinor),
                g.Sum(r => r.S.TotalDueMinor), g.Sum(r => r.S.ProvisionMinor), g.Min(r => r.S.Dpd)))
            .ToListAsync(ct);
        var capAssumed = await rows.CountAsync(r => r.S.CapAssumed, ct);
        var all = Rows(visible, filter with { Product = null, Branch = null });
        var products = await all.Select(r => r.S.Product).Distinct().ToListAsync(ct);
        var branches = await all.Where(r => r.Branch != null).Select(r => r.Branch!).Distinct().ToListAsync(ct);
        return new AgingReport(
            filter.Date,
            byBucket.OrderBy(l => l.CurrencyCode, StringComparer.Ordinal).ThenBy(l => l.MinDpd).ToList(),
            byClassification.OrderBy(l => l.CurrencyCode, StringComparer.Ordinal).ThenBy(l => l.Key, StringComparer.Ordinal).ToList(),
            products.Order(StringComparer.Ordinal).ToList(),
            branches.Order(StringComparer.Ordinal).ToList())
        {
            CapAssumed = capAssumed,
        };
    }

    /// <summary>The obligations of one bucket or one category (worst first), a page at a time, and how many there are.</summary>
    public async Task<(IReadOnlyList<AgingObligation> Items, int Total)> ObligationsAsync(
        IQueryable<Obligation> visible, AgingFilter filter, string? bucket, string? classification, int page, int pageSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await Export.DelinquencyExporter.EnsureClosedAsync(db, filter.Date, ct);
        var rows = Rows(visible, filter);
        if (!string.IsNullOrEmpty(bucket))
        {
            rows = rows.Where(r => r.S.Bucket == bucket);
        }

        if (!string.IsNullOrEmpty(classification))
        {
            rows = rows.Where(r => r.S.Classification == classification);
        }

        var total = await rows.CountAsync(ct);
        var items = await rows
            .OrderByDescending(r => r.S.Dpd).ThenBy(r => r.ExternalId).ThenBy(r => r.S.ObligationId)
            .Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize)
            .Join(db.Debtors, r => r.S.DebtorId, d => d.Id, (r, d) => new AgingObligation(
                r.S.ObligationId, r.ExternalId, r.S.DebtorId, d.FullName, r.S.Product, r.Branch, r.S.CurrencyCode, r.S.Dpd, r.S.Bucket, r.S.Classification,
                r.S.OutstandingPrincipalMinor, r.S.TotalDueMinor, r.S.ProvisionMinor))
            .ToListAsync(ct);
        return (items, total);
    }

    private IQueryable<AgingRow> Rows(IQueryable<Obligation> visible, AgingFilter filter)
    {
        var rows =
            from s in db.DelinquencySnapshots.AsNoTracking()
            join o in visible.AsNoTracking() on s.ObligationId equals o.Id
            where s.BusinessDate == filter.Date
            select new AgingRow { S = s, Branch = o.Branch, ExternalId = o.ExternalId };
        if (!string.IsNullOrEmpty(filter.Product))
        {
            rows = rows.Where(r => r.S.Product == filter.Product);
        }

        if (!string.IsNullOrEmpty(filter.Branch))
        {
            rows = rows.Where(r => r.Branch == filter.Branch);
        }

        return rows;
    }

    private sealed class AgingRow
    {
        public required DelinquencySnapshot S { get; init; }

        public string? Branch { get; init; }

        public required string ExternalId { get; init; }
    }
}
