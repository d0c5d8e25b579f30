using Cartera.Application.Payments;
using Cartera.Domain.Ledger;
using Cartera.Domain.Obligations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Data.Configurations;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.ToTable("payments");
        b.HasKey(p => p.Id);
        b.Property(p => p.ExternalId).HasMaxLength(64).IsRequired();
        b.HasOne<Obligation>().WithMany().HasForeignKey(p => p.ObligationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.ObligationId, p.ExternalId }).IsUnique();
        b.HasIndex(p => new { p.Status, p.ReceivedOn });
        b.Property(p => p.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        b.Property(p => p.Reference).HasMaxLength(200);
        b.Property(p => p.IdempotencyKey).HasMaxLength(200).IsRequired();
        b.HasIndex(p => p.IdempotencyKey).IsUnique();
        b.Property(p => p.RequestHash).HasMaxLength(64).IsRequired();
        b.Property(p => p.ReversalReason).HasMaxLength(500);
        b.Property(p => p.ReversedBy).HasMaxLength(200);
        b.Property(p => p.CreatedBy).HasMaxLength(200).IsRequired();
    }
}

/// <summary>
/// What payments add to the ledger: <c>payment_id</c> (a shadow property, so the domain's ledger entry stays as it is)
/// links allocation lines and their reversals to their payment; an entry is reversed at most once (unique index).
/// </summary>
internal sealed class LedgerEntryPaymentConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.Property<long?>(Payment.LedgerPaymentId);
        b.HasOne<Payment>().WithMany().HasForeignKey(Payment.LedgerPaymentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(Payment.LedgerPaymentId);
        b.HasIndex(e => e.ReversesEntryId).IsUnique();
    }
}
