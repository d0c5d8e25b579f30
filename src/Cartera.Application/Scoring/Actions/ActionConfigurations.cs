using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Scoring.Actions;

internal sealed class StoredActionPriorConfiguration : IEntityTypeConfiguration<StoredActionPrior>
{
    public void Configure(EntityTypeBuilder<StoredActionPrior> b)
    {
        b.ToTable("action_priors");
        b.HasKey(p => p.Id);
        b.Property(p => p.Code).HasMaxLength(40).IsRequired();
        b.HasIndex(p => p.Code).IsUnique();
        b.Property(p => p.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        b.Property(p => p.Source).HasMaxLength(20).IsRequired();
        b.Property(p => p.UpdatedBy).HasMaxLength(200).IsRequired();
    }
}

internal sealed class ActionOutcomeConfiguration : IEntityTypeConfiguration<ActionOutcome>
{
    public void Configure(EntityTypeBuilder<ActionOutcome> b)
    {
        b.ToTable("action_outcomes");
        b.HasKey(o => o.Id);
        b.Ignore(o => o.WindowEnd);
        b.HasOne<Debtor>().WithMany().HasForeignKey(o => o.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => new { o.ExperimentCode, o.DebtorId, o.DecidedOn }).IsUnique();
        b.HasIndex(o => new { o.ObservedAt, o.DecidedOn });
        b.Property(o => o.ActionCode).HasMaxLength(40).IsRequired();
        b.Property(o => o.Arm).HasMaxLength(20).IsRequired();
        b.Property(o => o.ExperimentCode).HasMaxLength(80).IsRequired();
        b.Property(o => o.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        b.Property(o => o.RecordedBy).HasMaxLength(200).IsRequired();
    }
}
