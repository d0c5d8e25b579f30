using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Payments;

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
/// The ledger (<c>ledger_entries</c>, append-only: ADR 0006) is owned by Payments, which posts every money movement.
/// <c>payment_id</c> (a shadow property, so the domain's ledger entry stays as it is) links allocation lines and their
/// reversals to their payment; an entry is reversed at most once (unique index).
/// </summary>
internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.ToTable("ledger_entries");
        b.HasKey(e => e.Id);
        b.HasOne<Obligation>().WithMany().HasForeignKey(e => e.ObligationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.ObligationId, e.ValueDate });
        b.HasIndex(e => e.IdempotencyKey);
        b.HasOne<LedgerEntry>().WithMany().HasForeignKey(e => e.ReversesEntryId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        b.Property(e => e.IdempotencyKey).HasMaxLength(200);
        b.Property(e => e.Description).HasMaxLength(500);
        b.Property(e => e.CreatedBy).HasMaxLength(200).IsRequired();
        b.Ignore(e => e.Amount);
        b.Property<long?>(Payment.LedgerPaymentId);
        b.HasOne<Payment>().WithMany().HasForeignKey(Payment.LedgerPaymentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(Payment.LedgerPaymentId);
        b.HasIndex(e => e.ReversesEntryId).IsUnique();
    }
}
