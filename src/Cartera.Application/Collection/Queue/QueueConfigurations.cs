using Cartera.Application.Identity;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Collection.Queue;

internal sealed class WorkQueueEntryConfiguration : IEntityTypeConfiguration<WorkQueueEntry>
{
    public void Configure(EntityTypeBuilder<WorkQueueEntry> b)
    {
        b.ToTable("work_queue_entries", t => t.HasCheckConstraint("ck_work_queue_entries_tier", "tier >= 1"));
        b.HasKey(e => new { e.UserId, e.DebtorId });
        b.Property(e => e.UserId).HasMaxLength(450);
        b.Property(e => e.Bucket).HasMaxLength(40).IsRequired();
        b.Property(e => e.Product).HasMaxLength(64).IsRequired();
        b.Property(e => e.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsRequired();
        b.Property(e => e.NextAction).HasMaxLength(40);
        b.Property(e => e.StrategyTask).HasMaxLength(20);
        b.HasOne<Debtor>().WithMany().HasForeignKey(e => e.DebtorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CarteraUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);

        // The page: one user's rows in queue order (tier, points descending, debtor id) — an index range scan.
        b.HasIndex(e => new { e.UserId, e.Tier, e.Points, e.DebtorId }).IsDescending(false, false, true, false).HasDatabaseName("ix_work_queue_entries_queue_order");
        b.HasIndex(e => e.DebtorId);
    }
}

internal sealed class QueueItemStateConfiguration : IEntityTypeConfiguration<QueueItemStateRecord>
{
    public void Configure(EntityTypeBuilder<QueueItemStateRecord> b)
    {
        b.ToTable("queue_item_states", t =>
        {
            t.HasCheckConstraint("ck_queue_item_states_state", "state IN ('worked', 'skipped', 'snoozed')");
            t.HasCheckConstraint("ck_queue_item_states_snoozed", "state <> 'snoozed' OR snoozed_until IS NOT NULL");
        });
        b.HasKey(s => s.Id);
        b.Property(s => s.UserId).HasMaxLength(450).IsRequired();
        b.Property(s => s.State).HasMaxLength(20);
        b.Property(s => s.Reason).HasMaxLength(QueueItemStateRecord.MaxReasonLength);
        b.Property(s => s.By).HasMaxLength(300).IsRequired();
        b.HasOne<Debtor>().WithMany().HasForeignKey(s => s.DebtorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CarteraUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.UserId, s.DebtorId, s.WorkDate }).IsUnique();
    }
}

internal sealed class WorkQueueSettingsConfiguration : IEntityTypeConfiguration<WorkQueueSettingsRecord>
{
    public void Configure(EntityTypeBuilder<WorkQueueSettingsRecord> b)
    {
        b.ToTable("work_queue_settings", t => t.HasCheckConstraint("ck_work_queue_settings_single", "id = 1"));
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.PriorityJson).HasMaxLength(20_000).IsRequired();
        b.Property(s => s.UpdatedBy).HasMaxLength(300).IsRequired();
    }
}

internal sealed class QueueTaskConfiguration : IEntityTypeConfiguration<QueueTaskRecord>
{
    public void Configure(EntityTypeBuilder<QueueTaskRecord> b)
    {
        b.ToTable("queue_tasks", t =>
        {
            t.HasCheckConstraint("ck_queue_tasks_kind", "kind IN ('call', 'visit')");
            t.HasCheckConstraint("ck_queue_tasks_status", "status IN ('open', 'done', 'cancelled')");
            t.HasCheckConstraint("ck_queue_tasks_closed", "(status = 'open') = (closed_at IS NULL)");
        });
        b.HasKey(t => t.Id);
        b.Property(t => t.Kind).HasMaxLength(20);
        b.Property(t => t.Status).HasMaxLength(20);
        b.Property(t => t.Source).HasMaxLength(QueueTaskRecord.MaxCodeLength).IsRequired();
        b.Property(t => t.SourceStep).HasMaxLength(QueueTaskRecord.MaxCodeLength).IsRequired();
        b.Property(t => t.Variant).HasMaxLength(QueueTaskRecord.MaxCodeLength);
        b.Property(t => t.ClosedBy).HasMaxLength(QueueTaskRecord.MaxClosedByLength);
        b.HasOne<Debtor>().WithMany().HasForeignKey(t => t.DebtorId).OnDelete(DeleteBehavior.Cascade);

        // One task per debtor, strategy, step and due date (a rerun of the strategies finds it); the queue reads the open ones.
        b.HasIndex(t => new { t.DebtorId, t.Source, t.SourceStep, t.DueDate }).IsUnique();
        b.HasIndex(t => new { t.Status, t.DueDate });
    }
}
