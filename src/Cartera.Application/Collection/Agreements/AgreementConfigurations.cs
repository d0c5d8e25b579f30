using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Collection.Agreements;

internal sealed class PaymentAgreementConfiguration : IEntityTypeConfiguration<PaymentAgreement>
{
    public void Configure(EntityTypeBuilder<PaymentAgreement> b)
    {
        // Rates and fractions are checked by the simulator (SQLite stores decimals as text, where a numeric check would not hold).
        b.ToTable("payment_agreements", t =>
        {
            t.HasCheckConstraint("ck_payment_agreements_installments", "installment_count >= 1");
            t.HasCheckConstraint("ck_payment_agreements_amounts", "agreed_balance_minor > 0 AND down_payment_minor >= 0 AND financed_minor > 0 AND forgiven_minor >= 0 AND down_payment_minor + financed_minor = agreed_balance_minor");
        });
        b.HasKey(a => a.Id);
        b.Property(a => a.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        b.Property(a => a.Status).HasMaxLength(20);
        b.Property(a => a.RequiredApprover).HasMaxLength(20);
        b.Property(a => a.RequestedBy).HasMaxLength(200).IsRequired();
        b.Property(a => a.DecidedBy).HasMaxLength(200);
        b.Property(a => a.DecisionNote).HasMaxLength(1000);
        b.HasOne<Debtor>().WithMany().HasForeignKey(a => a.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Obligation>().WithMany().HasForeignKey(a => a.AgreementObligationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.DebtorId, a.Id });
        b.HasIndex(a => new { a.Status, a.Id });
        b.HasIndex(a => a.AgreementObligationId).IsUnique();
    }
}

internal sealed class PaymentAgreementObligationConfiguration : IEntityTypeConfiguration<PaymentAgreementObligation>
{
    public void Configure(EntityTypeBuilder<PaymentAgreementObligation> b)
    {
        b.ToTable("payment_agreement_obligations");
        b.HasKey(o => new { o.AgreementId, o.ObligationId });
        b.HasOne<PaymentAgreement>().WithMany().HasForeignKey(o => o.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Obligation>().WithMany().HasForeignKey(o => o.ObligationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => o.ObligationId);
    }
}

internal sealed class PaymentAgreementInstallmentConfiguration : IEntityTypeConfiguration<PaymentAgreementInstallment>
{
    public void Configure(EntityTypeBuilder<PaymentAgreementInstallment> b)
    {
        b.ToTable("payment_agreement_installments", t =>
            t.HasCheckConstraint("ck_payment_agreement_installments_amounts", "principal_minor >= 0 AND interest_minor >= 0 AND number >= 1"));
        b.HasKey(i => new { i.AgreementId, i.Number });
        b.HasOne<PaymentAgreement>().WithMany().HasForeignKey(i => i.AgreementId).OnDelete(DeleteBehavior.Cascade);
    }
}
