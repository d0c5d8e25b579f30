using Cartera.Application.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Kpis;

/// <summary>
/// The KPI inputs of one closed business date, one grouping, one group and one currency, precomputed by close-of-day
/// step 12 (<see cref="KpisStep"/>) so a period's figures are sums of daily rows (docs/user/close-of-day.md, step 12;
/// docs/user/kpis.md). Amounts in minor units. Derived data, replaced at each close of the date; the step's progress row
/// is its record, so it is not copied into <c>audit_entries</c>.
/// </summary>
public sealed class KpiFigure : ISelfAudited
{
    public DateOnly BusinessDate { get; set; }

    public KpiGrouping Grouping { get; set; }

    public string GroupKey { get; set; } = string.Empty;

    public string CurrencyCode { get; set; } = string.Empty;

    /// <summary>R at the close of the day before (0 when that day was never closed).</summary>
    public long ReceivablesBeginMinor { get; set; }

    public long ReceivablesMinor { get; set; }

    public long CurrentMinor { get; set; }

    public long OpenCount { get; set; }

    public long PastDueCount { get; set; }

    /// <summary>Average age of past-due receivables on the date (days, two decimals); null with nothing past due.</summary>
    public decimal? AverageAge { get; set; }

    /// <summary>Count-back DSO on the date (days, two decimals); null when 120 months of sales do not exhaust R.</summary>
    public decimal? DsoCountBack { get; set; }

    /// <summary>Principal disbursed with issue date on the date.</summary>
    public long CreditSalesMinor { get; set; }

    /// <summary>Payments with value date on the date on obligations past due the day before.</summary>
    public long RecoveredMinor { get; set; }

    public long PromisesDue { get; set; }

    public long PromisesKept { get; set; }

    public long PromisesDueMinor { get; set; }

    public long PromisesKeptMinor { get; set; }
}

internal sealed class KpiFigureConfiguration : IEntityTypeConfiguration<KpiFigure>
{
    public void Configure(EntityTypeBuilder<KpiFigure> b)
    {
        b.ToTable("kpi_figures", t =>
        {
            t.HasCheckConstraint("ck_kpi_figures_grouping", "group_by IN ('none', 'product', 'branch', 'team', 'collector', 'agency', 'variant')");
            t.HasCheckConstraint("ck_kpi_figures_counts", "open_count >= 0 AND past_due_count >= 0 AND past_due_count <= open_count AND promises_due >= 0 AND promises_kept >= 0 AND promises_kept <= promises_due");
        });
        b.HasKey(f => new { f.BusinessDate, f.Grouping, f.GroupKey, f.CurrencyCode });
        b.Property(f => f.Grouping).HasColumnName("group_by").HasMaxLength(20);
        b.Property(f => f.GroupKey).HasColumnName("group_key").HasMaxLength(300);
        b.Property(f => f.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength();
        b.Property(f => f.AverageAge).HasPrecision(12, 2);
        b.Property(f => f.DsoCountBack).HasPrecision(12, 2);
    }
}
