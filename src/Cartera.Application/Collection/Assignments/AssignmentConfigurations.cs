using Cartera.Application.Identity;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Collection.Assignments;

/// <summary>
/// <c>debtor_assignments</c>, owned by Collection: one row per assignment, ended rows kept as history. At most one
/// active row per debtor and role (a partial unique index, the same filter text on both providers).
/// </summary>
internal sealed class DebtorAssignmentConfiguration : IEntityTypeConfiguration<DebtorAssignment>
{
    public void Configure(EntityTypeBuilder<DebtorAssignment> b)
    {
        b.ToTable("debtor_assignments", t =>
        {
            t.HasCheckConstraint("ck_debtor_assignments_role", "role IN ('collector', 'field_agent', 'agency')");
            t.HasCheckConstraint("ck_debtor_assignments_ended", "ended_by IS NULL OR ended_at IS NOT NULL");
        });
        b.HasKey(a => a.Id);
        b.Property(a => a.UserId).HasMaxLength(450).IsRequired();
        b.Property(a => a.Role).HasMaxLength(40).IsRequired().HasDefaultValue(AssignmentRole.Collector);
        b.Property(a => a.AssignedBy).HasMaxLength(200).IsRequired();
        b.Property(a => a.EndedBy).HasMaxLength(200);
        b.Property(a => a.EndReason).HasMaxLength(DebtorAssignment.MaxReasonLength);
        b.HasOne<Debtor>().WithMany().HasForeignKey(a => a.DebtorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CarteraUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.UserId, a.EndedAt });
        b.HasIndex(a => a.DebtorId);
        b.HasIndex(a => new { a.DebtorId, a.Role }).IsUnique().HasFilter("ended_at IS NULL");
    }
}
