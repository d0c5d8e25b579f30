using Cartera.Application.Identity;
using Cartera.Domain.Collection.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Collection.Teams;

/// <summary><c>teams</c>, owned by Collection: one row per team, its code unique.</summary>
internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.ToTable("teams");
        b.HasKey(t => t.Id);
        b.Property(t => t.Code).HasMaxLength(40).IsRequired();
        b.Property(t => t.Name).HasMaxLength(Team.MaxNameLength).IsRequired();
        b.Property(t => t.SupervisorUserId).HasMaxLength(450).IsRequired();
        b.Property(t => t.CreatedBy).HasMaxLength(200).IsRequired();
        b.HasOne<CarteraUser>().WithMany().HasForeignKey(t => t.SupervisorUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => t.Code).IsUnique();
        b.HasIndex(t => t.SupervisorUserId);
    }
}

/// <summary>
/// <c>team_members</c>, owned by Collection: memberships with their dates, left rows kept as history. A user is an
/// active member of at most one team (a partial unique index, the same filter text on both providers).
/// </summary>
internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> b)
    {
        b.ToTable("team_members", t => t.HasCheckConstraint("ck_team_members_dates", "left_on IS NULL OR left_on >= joined_on"));
        b.HasKey(m => m.Id);
        b.Property(m => m.UserId).HasMaxLength(450).IsRequired();
        b.Property(m => m.AddedBy).HasMaxLength(200).IsRequired();
        b.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CarteraUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => m.UserId).IsUnique().HasFilter("left_on IS NULL");
        b.HasIndex(m => new { m.TeamId, m.LeftOn });
    }
}
