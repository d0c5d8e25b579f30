using Cartera.Application.Delinquency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.CloseOfDay;

internal sealed class CloseOfDayStepRecordConfiguration : IEntityTypeConfiguration<CloseOfDayStepRecord>
{
    public void Configure(EntityTypeBuilder<CloseOfDayStepRecord> b)
    {
        b.ToTable("close_of_day_steps");
        b.HasKey(s => new { s.BusinessDate, s.Step, s.Partition });
        b.Property(s => s.Step).HasMaxLength(40);
        b.Property(s => s.Status).HasMaxLength(20).IsRequired();
        b.Property(s => s.Note).HasMaxLength(1000);
    }
}

internal sealed class BusinessDayConfiguration : IEntityTypeConfiguration<BusinessDay>
{
    public void Configure(EntityTypeBuilder<BusinessDay> b)
    {
        b.ToTable("business_days");
        b.HasKey(d => d.Date);
        b.Property(d => d.RunBy).HasMaxLength(200).IsRequired();
    }
}

internal sealed class DelinquencySnapshotConfiguration : IEntityTypeConfiguration<DelinquencySnapshot>
{
    public void Configure(EntityTypeBuilder<DelinquencySnapshot> b)
    {
        b.ToTable("delinquency_snapshots");
        b.HasKey(s => new { s.BusinessDate, s.ObligationId });
        b.HasIndex(s => new { s.ObligationId, s.BusinessDate });
        b.HasIndex(s => new { s.BusinessDate, s.DebtorId });
        b.Property(s => s.Product).HasMaxLength(64).IsRequired();
        b.Property(s => s.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        b.Property(s => s.Bucket).HasMaxLength(32).IsRequired();
        b.Property(s => s.OwnCategory).HasMaxLength(2).IsRequired();
        b.Property(s => s.Classification).HasMaxLength(2).IsRequired();
    }
}
