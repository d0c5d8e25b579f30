using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Collection.Activities;

internal sealed class CollectionActivityConfiguration : IEntityTypeConfiguration<CollectionActivity>
{
    public void Configure(EntityTypeBuilder<CollectionActivity> b)
    {
        b.ToTable("collection_activities", t =>
        {
            t.HasCheckConstraint("ck_collection_activities_note_has_no_contact_point", "kind <> 'note' OR contact_point_id IS NULL");
            t.HasCheckConstraint("ck_collection_activities_callback_has_date", "outcome IS NULL OR outcome <> 'callback' OR next_action_at IS NOT NULL");
        });
        b.HasKey(a => a.Id);
        b.HasOne<Debtor>().WithMany().HasForeignKey(a => a.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Obligation>().WithMany().HasForeignKey(a => a.ObligationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ContactPoint>().WithMany().HasForeignKey(a => a.ContactPointId).OnDelete(DeleteBehavior.Restrict);
        b.Property(a => a.Note).HasMaxLength(CollectionActivity.MaxNoteLength);
        b.Property(a => a.UserId).HasMaxLength(200).IsRequired();
        b.Property(a => a.CreatedBy).HasMaxLength(300).IsRequired();

        // The debtor's timeline and "latest activity per debtor" (queue): newest first per debtor.
        b.HasIndex(a => new { a.DebtorId, a.At });

        // Scheduled callbacks of a user by date (queue).
        b.HasIndex(a => new { a.UserId, a.NextActionAt });
    }
}

internal sealed class StoredCallGuideConfiguration : IEntityTypeConfiguration<StoredCallGuide>
{
    public void Configure(EntityTypeBuilder<StoredCallGuide> b)
    {
        b.ToTable("call_guides");
        b.HasKey(g => g.Stage);
        b.Property(g => g.Stage).ValueGeneratedNever();
        b.Property(g => g.Script).HasMaxLength(CallGuide.MaxScriptLength).IsRequired();
        b.Property(g => g.Objections).IsRequired();
        b.Property(g => g.UpdatedBy).HasMaxLength(300).IsRequired();
    }
}
