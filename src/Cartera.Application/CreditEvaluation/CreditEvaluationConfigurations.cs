using Cartera.Application.Scoring.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.CreditEvaluation;

internal sealed class CreditApplicationConfiguration : IEntityTypeConfiguration<CreditApplication>
{
    public void Configure(EntityTypeBuilder<CreditApplication> b)
    {
        b.ToTable("credit_applications");
        b.HasKey(a => a.Id);
        b.Property(a => a.DocumentNumber).HasMaxLength(40).IsRequired();
        b.Property(a => a.FullName).HasMaxLength(CreditApplications.MaxNameLength).IsRequired();
        b.Property(a => a.Country).HasMaxLength(2).IsFixedLength().IsRequired();
        b.Property(a => a.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        b.Property(a => a.ProfileJson).IsRequired();
        b.Property(a => a.EvaluationJson).IsRequired();
        b.Property(a => a.DecidedBy).HasMaxLength(200);
        b.Property(a => a.DecisionNote).HasMaxLength(1000);
        b.Property(a => a.CreatedBy).HasMaxLength(200).IsRequired();
        b.HasOne<BureauReport>().WithMany().HasForeignKey(a => a.BureauReportId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StoredScoringModel>().WithMany().HasForeignKey(a => a.ModelId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.DocumentType, a.DocumentNumber });
        b.HasIndex(a => new { a.Status, a.Id });
        b.HasIndex(a => new { a.Recommendation, a.Id });
    }
}

internal sealed class BureauReportConfiguration : IEntityTypeConfiguration<BureauReport>
{
    public void Configure(EntityTypeBuilder<BureauReport> b)
    {
        b.ToTable("bureau_reports");
        b.HasKey(r => r.Id);
        b.Property(r => r.DocumentNumber).HasMaxLength(40).IsRequired();
        b.Property(r => r.Source).HasMaxLength(100).IsRequired();
        b.Property(r => r.WorstDelinquencyDays24m).HasColumnName("worst_delinquency_days_24m");
        b.Property(r => r.Inquiries6m).HasColumnName("inquiries_6m");
        b.HasIndex(r => new { r.DocumentType, r.DocumentNumber, r.ReportDate, r.Source }).IsUnique();
    }
}
