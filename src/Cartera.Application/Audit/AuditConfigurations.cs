using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(a => a.Id);
        b.Property(a => a.Actor).HasMaxLength(300).IsRequired();
        b.Property(a => a.Action).HasMaxLength(40).IsRequired();
        b.Property(a => a.EntityType).HasMaxLength(100).IsRequired();
        b.Property(a => a.EntityId).HasMaxLength(100);
        b.Property(a => a.Source).HasMaxLength(100);
        b.HasIndex(a => new { a.EntityType, a.EntityId });
        b.HasIndex(a => a.At);
    }
}
