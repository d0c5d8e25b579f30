using Cartera.Application.Delinquency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Data.Configurations;

internal sealed class BusinessDayConfiguration : IEntityTypeConfiguration<BusinessDay>
{
    public void Configure(EntityTypeBuilder<BusinessDay> b)
    {
        b.ToTable("business_days");
        b.HasKey(d => d.Date);
        b.Property(d => d.RunBy).HasMaxLength(200).IsRequired();
    }
}

internal sealed class UsuryCapRowConfiguration : IEntityTypeConfiguration<UsuryCapRow>
{
    public void Configure(EntityTypeBuilder<UsuryCapRow> b)
    {
        b.ToTable("usury_caps");
        b.HasKey(c => c.Id);
        b.Property(c => c.Jurisdiction).HasMaxLength(2).IsRequired();
        b.Property(c => c.Modality).HasMaxLength(64).IsRequired();
        b.Property(c => c.Source).HasMaxLength(500).IsRequired();
        b.HasIndex(c => new { c.Jurisdiction, c.Modality, c.ValidFrom }).IsUnique();
    }
}

internal sealed class ProductConfigurationConfiguration : IEntityTypeConfiguration<ProductConfiguration>
{
    public void Configure(EntityTypeBuilder<ProductConfiguration> b)
    {
        b.ToTable("products");
        b.HasKey(p => p.Code);
        b.Property(p => p.Code).HasMaxLength(64);
        b.Property(p => p.SettingsJson).IsRequired();
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

internal sealed class SnapshotRecomputeRequestConfiguration : IEntityTypeConfiguration<SnapshotRecomputeRequest>
{
    public void Configure(EntityTypeBuilder<SnapshotRecomputeRequest> b)
    {
        b.ToTable("snapshot_recompute_requests");
        b.HasKey(r => r.Id);
        b.Property(r => r.Reason).HasMaxLength(200).IsRequired();
        b.HasIndex(r => r.DoneOn);
    }
}
