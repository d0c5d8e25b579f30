using Cartera.Domain.Disputes;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Disputes;

/// <summary><c>disputes</c>, owned by Disputes: one row per dispute case, audited on every change.</summary>
internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> b)
    {
        b.ToTable("disputes", t =>
        {
            t.HasCheckConstraint("ck_disputes_deadline", "answer_deadline > received_on");
            t.HasCheckConstraint("ck_disputes_description", "length(description) > 0");
            t.HasCheckConstraint(
                "ck_disputes_resolution",
                "(status = 'open' AND action IS NULL AND resolution_note IS NULL AND resolved_by IS NULL AND resolved_on IS NULL)"
                + " OR (status = 'rejected' AND action IS NULL AND resolution_note IS NOT NULL AND resolved_by IS NOT NULL AND resolved_on IS NOT NULL)"
                + " OR (status = 'upheld' AND action IS NOT NULL AND resolution_note IS NOT NULL AND resolved_by IS NOT NULL AND resolved_on IS NOT NULL)");
        });
        b.HasKey(d => d.Id);
        b.HasOne<Debtor>().WithMany().HasForeignKey(d => d.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Obligation>().WithMany().HasForeignKey(d => d.ObligationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(d => d.Reason).HasMaxLength(40);
        b.Property(d => d.Status).HasMaxLength(40);
        b.Property(d => d.Action).HasMaxLength(40);
        b.Property(d => d.Description).HasMaxLength(Dispute.MaxDescriptionLength).IsRequired();
        b.Property(d => d.EvidenceReferences).HasMaxLength((Dispute.MaxEvidenceLength + 1) * Dispute.MaxEvidenceItems).IsRequired();
        b.Property(d => d.ResolutionNote).HasMaxLength(Dispute.MaxNoteLength);
        b.Property(d => d.ResolvedBy).HasMaxLength(200);
        b.Property(d => d.OpenedBy).HasMaxLength(200).IsRequired();
        b.Ignore(d => d.Evidence);
        b.HasIndex(d => new { d.DebtorId, d.Status });
        b.HasIndex(d => new { d.Status, d.AnswerDeadline });
        b.HasIndex(d => d.ObligationId);
    }
}
