using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Compliance;

internal sealed class StoredRuleSetConfiguration : IEntityTypeConfiguration<StoredRuleSet>
{
    public void Configure(EntityTypeBuilder<StoredRuleSet> b)
    {
        b.ToTable("compliance_rule_sets");
        b.HasKey(r => r.Id);
        b.Property(r => r.RuleSetId).HasMaxLength(64).IsRequired();
        b.Property(r => r.Jurisdiction).HasMaxLength(2).IsRequired();
        b.Property(r => r.Rules).IsRequired();
        b.Property(r => r.ChangeNote).HasMaxLength(500);
        b.Property(r => r.CreatedBy).HasMaxLength(300).IsRequired();
        b.Ignore(r => r.Label);
        b.HasIndex(r => new { r.RuleSetId, r.Version }).IsUnique();
        b.HasIndex(r => r.Jurisdiction);
    }
}

internal sealed class DebtorComplianceOverrideConfiguration : IEntityTypeConfiguration<DebtorComplianceOverride>
{
    public void Configure(EntityTypeBuilder<DebtorComplianceOverride> b)
    {
        b.ToTable("debtor_compliance_overrides");
        b.HasKey(o => o.DebtorId);
        b.Property(o => o.DebtorId).ValueGeneratedNever();
        b.HasOne<Debtor>().WithOne().HasForeignKey<DebtorComplianceOverride>(o => o.DebtorId).OnDelete(DeleteBehavior.Cascade);
        b.Property(o => o.AgreedHours).HasMaxLength(500);
        b.Property(o => o.AgreedHoursDocument).HasMaxLength(200);
        b.Property(o => o.OptedOutChannels).HasMaxLength(100).IsRequired();
        b.Property(o => o.Note).HasMaxLength(1000);
        b.Property(o => o.UpdatedBy).HasMaxLength(300).IsRequired();
    }
}

internal sealed class ContactAttemptConfiguration : IEntityTypeConfiguration<ContactAttempt>
{
    public void Configure(EntityTypeBuilder<ContactAttempt> b)
    {
        b.ToTable("contact_attempts");
        b.HasKey(a => a.Id);
        b.HasOne<Debtor>().WithMany().HasForeignKey(a => a.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.Property(a => a.ActorId).HasMaxLength(200).IsRequired();
        b.Property(a => a.Reasons).HasMaxLength(400).IsRequired();
        b.Property(a => a.RuleSetVersion).HasMaxLength(80).IsRequired();
        b.HasIndex(a => new { a.DebtorId, a.At });
        b.HasIndex(a => a.At);
    }
}

internal sealed class ContactGateLockConfiguration : IEntityTypeConfiguration<ContactGateLock>
{
    public void Configure(EntityTypeBuilder<ContactGateLock> b)
    {
        b.ToTable("contact_gate_locks");
        b.HasKey(l => l.DebtorId);
        b.Property(l => l.DebtorId).ValueGeneratedNever();
        b.HasOne<Debtor>().WithOne().HasForeignKey<ContactGateLock>(l => l.DebtorId).OnDelete(DeleteBehavior.Cascade);
    }
}
