using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Scoring.Portfolio;

internal sealed class StoredScoringModelConfiguration : IEntityTypeConfiguration<StoredScoringModel>
{
    public void Configure(EntityTypeBuilder<StoredScoringModel> b)
    {
        b.ToTable("scoring_models");
        b.HasKey(m => m.Id);
        b.Property(m => m.ModelVersion).HasMaxLength(200).IsRequired();
        b.HasIndex(m => m.ModelVersion).IsUnique();
        b.Property(m => m.Kind).HasMaxLength(40).IsRequired();
        b.Property(m => m.Algorithm).HasMaxLength(60).IsRequired();
        b.Property(m => m.DataSha256).HasMaxLength(64).IsRequired();
        b.Property(m => m.MetricsJson).IsRequired();
        b.Property(m => m.TrainedBy).HasMaxLength(200).IsRequired();
        b.Property(m => m.Artifact).IsRequired();

        b.Property(m => m.Purpose).HasMaxLength(20).IsRequired().HasDefaultValue(ModelPurposes.Payment);

        // Exactly one active model per purpose: a unique index over the active rows' purpose only.
        b.HasIndex(m => m.Purpose).IsUnique().HasFilter("active");
    }
}

internal sealed class DebtorScoreConfiguration : IEntityTypeConfiguration<DebtorScore>
{
    public void Configure(EntityTypeBuilder<DebtorScore> b)
    {
        b.ToTable("debtor_scores");
        b.HasKey(s => new { s.BusinessDate, s.DebtorId });
        b.HasIndex(s => new { s.DebtorId, s.BusinessDate });
        b.HasIndex(s => new { s.BusinessDate, s.Segment });
        b.HasOne<Debtor>().WithMany().HasForeignKey(s => s.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StoredScoringModel>().WithMany().HasForeignKey(s => s.ModelId).OnDelete(DeleteBehavior.Restrict);
        b.Property(s => s.Segment).HasMaxLength(80).IsRequired();
        b.Property(s => s.RiskBand).HasMaxLength(20).IsRequired();
        b.Property(s => s.BalanceBand).HasMaxLength(20).IsRequired();
        b.Property(s => s.DpdBand).HasMaxLength(20).IsRequired();
        b.Property(s => s.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        b.Property(s => s.ReasonsJson).IsRequired();
    }
}
