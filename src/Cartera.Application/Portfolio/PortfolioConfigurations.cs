using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Portfolio;

internal sealed class DebtorConfiguration : IEntityTypeConfiguration<Debtor>
{
    public void Configure(EntityTypeBuilder<Debtor> b)
    {
        b.ToTable("debtors");
        b.HasKey(d => d.Id);
        b.Property(d => d.ExternalId).HasMaxLength(64).IsRequired();
        b.HasIndex(d => d.ExternalId).IsUnique();
        b.Property(d => d.IdNumber).HasMaxLength(20).IsRequired();
        b.Property(d => d.IdCheckDigit).HasMaxLength(1);
        b.HasIndex(d => new { d.Country, d.IdType, d.IdNumber }).IsUnique();
        b.HasIndex(d => d.IdNumber);
        b.Property(d => d.FullName).HasMaxLength(200).IsRequired();
        b.HasIndex(d => d.FullName);
        b.Property(d => d.Country).HasMaxLength(2).IsRequired();
        b.Property(d => d.Region).HasMaxLength(100);
        b.Property(d => d.City).HasMaxLength(100);
        b.Property(d => d.Address).HasMaxLength(300);
        b.Property(d => d.TimeZone).HasMaxLength(64).IsRequired();
        b.Property(d => d.Language).HasMaxLength(8).IsRequired();
        b.Property(d => d.Segment).HasMaxLength(64);
        b.Ignore(d => d.Document);
        b.HasMany(d => d.ContactPoints).WithOne().HasForeignKey(c => c.DebtorId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Consents).WithOne().HasForeignKey(c => c.DebtorId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(d => d.ContactPoints).HasField("_contactPoints");
        b.Navigation(d => d.Consents).HasField("_consents");
    }
}

internal sealed class ContactPointConfiguration : IEntityTypeConfiguration<ContactPoint>
{
    public void Configure(EntityTypeBuilder<ContactPoint> b)
    {
        b.ToTable("contact_points");
        b.HasKey(c => c.Id);
        b.Property(c => c.Value).HasMaxLength(320).IsRequired();
        b.HasIndex(c => new { c.DebtorId, c.Channel, c.Value }).IsUnique();
        b.HasIndex(c => c.Value);
    }
}

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> b)
    {
        b.ToTable("consent_records");
        b.HasKey(c => c.Id);
        b.Property(c => c.RecordedBy).HasMaxLength(200).IsRequired();
        b.Property(c => c.Method).HasMaxLength(64).IsRequired();
        b.Property(c => c.Evidence).HasMaxLength(2000);
        b.HasIndex(c => new { c.DebtorId, c.Channel, c.Purpose, c.RecordedAt });
    }
}

internal sealed class ObligationConfiguration : IEntityTypeConfiguration<Obligation>
{
    public void Configure(EntityTypeBuilder<Obligation> b)
    {
        b.ToTable("obligations");
        b.HasKey(o => o.Id);
        b.Property(o => o.ExternalId).HasMaxLength(64).IsRequired();
        b.HasIndex(o => o.ExternalId).IsUnique();
        b.HasOne<Debtor>().WithMany().HasForeignKey(o => o.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => o.DebtorId);
        b.Property(o => o.Product).HasMaxLength(64).IsRequired();
        b.Property(o => o.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        b.Property(o => o.Branch).HasMaxLength(64);
        b.Property(o => o.CarriedCategory).HasMaxLength(1);
        b.Ignore(o => o.Currency);
        b.Ignore(o => o.Principal);
        b.Ignore(o => o.ScheduleTerms);
        b.HasMany(o => o.Installments).WithOne().HasForeignKey(i => i.ObligationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(o => o.Parties).WithOne().HasForeignKey(p => p.ObligationId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(o => o.Installments).HasField("_installments");
        b.Navigation(o => o.Parties).HasField("_parties");
    }
}

internal sealed class ObligationPartyConfiguration : IEntityTypeConfiguration<ObligationParty>
{
    public void Configure(EntityTypeBuilder<ObligationParty> b)
    {
        b.ToTable("obligation_parties");
        b.HasKey(p => new { p.ObligationId, p.DebtorId });
        b.HasOne<Debtor>().WithMany().HasForeignKey(p => p.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => p.DebtorId);
    }
}

internal sealed class InstallmentConfiguration : IEntityTypeConfiguration<Installment>
{
    public void Configure(EntityTypeBuilder<Installment> b)
    {
        b.ToTable("installments");
        b.HasKey(i => new { i.ObligationId, i.Number });
        b.Ignore(i => i.TotalDueMinor);
        b.Ignore(i => i.TotalPaidMinor);
        b.Ignore(i => i.IsPaid);
    }
}

internal sealed class CollateralConfiguration : IEntityTypeConfiguration<Collateral>
{
    public void Configure(EntityTypeBuilder<Collateral> b)
    {
        b.ToTable("collaterals");
        b.HasKey(c => c.Id);
        b.Property(c => c.ExternalId).HasMaxLength(64).IsRequired();
        b.HasIndex(c => c.ExternalId).IsUnique();
        b.HasOne<Obligation>().WithMany().HasForeignKey(c => c.ObligationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.ObligationId);
        b.Property(c => c.Description).HasMaxLength(500);
        b.Property(c => c.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
    }
}

internal sealed class InsurancePolicyConfiguration : IEntityTypeConfiguration<InsurancePolicy>
{
    public void Configure(EntityTypeBuilder<InsurancePolicy> b)
    {
        b.ToTable("insurance_policies");
        b.HasKey(p => p.Id);
        b.Property(p => p.ExternalId).HasMaxLength(64).IsRequired();
        b.HasIndex(p => p.ExternalId).IsUnique();
        b.HasOne<Obligation>().WithMany().HasForeignKey(p => p.ObligationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.ObligationId);
        b.Property(p => p.Insurer).HasMaxLength(200).IsRequired();
        b.Property(p => p.PolicyNumber).HasMaxLength(64).IsRequired();
        b.Property(p => p.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
    }
}
