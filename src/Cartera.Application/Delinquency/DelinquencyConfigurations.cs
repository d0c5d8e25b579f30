using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Delinquency;

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
