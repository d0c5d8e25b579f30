using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Communications.Outbox;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox_messages", t =>
        {
            t.HasCheckConstraint("ck_outbox_messages_status", "status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'blocked', 'suppressed', 'expired', 'opted_out')");
            t.HasCheckConstraint("ck_outbox_messages_channel", "channel IN ('email', 'sms', 'whatsapp', 'letters')");
            t.HasCheckConstraint("ck_outbox_messages_attempts", "attempts >= 0");
            t.HasCheckConstraint("ck_outbox_messages_lease", "status <> 'sending' OR lease_until IS NOT NULL");
            t.HasCheckConstraint("ck_outbox_messages_recipient", "recipient IS NOT NULL OR status IN ('blocked', 'expired')");
            t.HasCheckConstraint("ck_outbox_messages_amount", "amount_minor IS NULL OR amount_minor >= 0");
        });
        b.HasKey(m => m.Id);
        b.Property(m => m.Strategy).HasMaxLength(64).IsRequired();
        b.Property(m => m.Variant).HasMaxLength(64);
        b.Property(m => m.Step).HasMaxLength(64).IsRequired();
        b.Property(m => m.Subject).HasMaxLength(OutboxMessage.MaxSubjectLength);
        b.Property(m => m.Body).HasMaxLength(OutboxMessage.MaxBodyLength).IsRequired();
        b.Property(m => m.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
        b.Property(m => m.ProviderMessageId).HasMaxLength(200);
        b.Property(m => m.Template).HasMaxLength(80);
        b.Property(m => m.ObligationIds).HasMaxLength(400);
        b.Property(m => m.CurrencyCode).HasMaxLength(3);
        b.Ignore(m => m.IdempotencyKey);
        b.HasOne<Debtor>().WithMany().HasForeignKey(m => m.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ContactPoint>().WithMany().HasForeignKey(m => m.Recipient).OnDelete(DeleteBehavior.Restrict);

        // Exactly one delivery per (debtor, strategy step, send date): enqueueing again finds this row.
        b.HasIndex(m => new { m.DebtorId, m.Strategy, m.Step, m.SendDate }).IsUnique();
        b.HasIndex(m => new { m.SendDate, m.Strategy });

        // The worker's claim: due queued rows (and expired leases) in order.
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => m.ProviderMessageId);
        b.HasIndex(m => m.Recipient);
    }
}
