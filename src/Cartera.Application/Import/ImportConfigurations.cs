using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Import;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> b)
    {
        b.ToTable("import_runs");
        b.HasKey(r => r.Id);
        b.Property(r => r.Kind).HasMaxLength(40).IsRequired();
        b.Property(r => r.FileName).HasMaxLength(400).IsRequired();
        b.Property(r => r.Sha256).HasMaxLength(64).IsRequired();
        b.Property(r => r.Actor).HasMaxLength(300).IsRequired();
        b.Property(r => r.Outcome).HasMaxLength(20).IsRequired();
        b.HasIndex(r => r.Sha256);
    }
}
