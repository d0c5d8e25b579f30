using Cartera.Domain.Bureau;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Bureau;

/// <summary>How a prior notice reached the debtor (<c>bureau_notices.channel</c>).</summary>
public enum BureauNoticeChannel
{
    Letter,
    CertifiedMail,
    Email,
    Sms,
    Whatsapp,
    Statement,
}

/// <summary>
/// A prior notice of a negative bureau report (RULES §8), one row of <c>cartera bureau notices import</c>
/// (<c>bureau_notices</c>, owned by Bureau): the obligation, when it was sent and delivered, the channel, the proof of
/// delivery's reference, who imported it and when. A notice without <see cref="DeliveredOn"/> was sent but not yet
/// delivered: it does not count until a later file gives its delivery date.
/// </summary>
public sealed class BureauNotice
{
    public long Id { get; set; }

    public long ObligationId { get; set; }

    public DateOnly SentOn { get; set; }

    public DateOnly? DeliveredOn { get; set; }

    public BureauNoticeChannel Channel { get; set; }

    public string ProofReference { get; set; } = string.Empty;

    public string ImportedBy { get; set; } = string.Empty;

    public DateTimeOffset ImportedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public uint Version { get; set; }
}

/// <summary>
/// What Cartera last told a bureau about an obligation (<c>bureau_reported_accounts</c>, owned by Bureau, one row per
/// obligation): written when a report file (<c>datacredito</c>, <c>metro2</c>) carries the account, so the next files
/// can send its monthly update, a correction when it is paid, or a deletion when a dispute is upheld or it expires.
/// An account is "previously reported" on a date when it was first reported before that date and not closed
/// (corrected or deleted) before it.
/// </summary>
public sealed class BureauReportedAccount
{
    public long ObligationId { get; set; }

    public BureauJurisdiction Jurisdiction { get; set; }

    /// <summary>The report date of the first negative report of the current episode.</summary>
    public DateOnly FirstReportedOn { get; set; }

    public DateOnly LastReportedOn { get; set; }

    /// <summary>The Metro 2 account status of the last line sent (<c>71</c>, <c>13</c>, <c>DA</c>…).</summary>
    public string LastStatus { get; set; } = string.Empty;

    public int LastDpd { get; set; }

    /// <summary>The last line carried the dispute mark (Metro 2 XB, <c>reclamo</c> R).</summary>
    public bool Disputed { get; set; }

    /// <summary>The report date of the correction or deletion that closed the episode; null while it is open.</summary>
    public DateOnly? ClosedOn { get; set; }

    public string? ClosedReason { get; set; }

    /// <summary>A dispute about the obligation was upheld on this date: the next file deletes the account.</summary>
    public DateOnly? DisputeUpheldOn { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public uint Version { get; set; }
}

internal sealed class BureauNoticeConfiguration : IEntityTypeConfiguration<BureauNotice>
{
    public void Configure(EntityTypeBuilder<BureauNotice> b)
    {
        b.ToTable("bureau_notices", t =>
        {
            t.HasCheckConstraint("ck_bureau_notices_delivered_on", "delivered_on IS NULL OR delivered_on >= sent_on");
            t.HasCheckConstraint("ck_bureau_notices_proof_reference", "length(proof_reference) > 0");
        });
        b.HasKey(n => n.Id);
        b.HasOne<Obligation>().WithMany().HasForeignKey(n => n.ObligationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(n => n.Channel).HasMaxLength(40);
        b.Property(n => n.ProofReference).HasMaxLength(BureauNoticeImporter.MaxProofReference).IsRequired();
        b.Property(n => n.ImportedBy).HasMaxLength(200).IsRequired();
        b.Property(n => n.UpdatedBy).HasMaxLength(200).IsRequired();
        b.HasIndex(n => new { n.ObligationId, n.Channel, n.ProofReference }).IsUnique();
        b.HasIndex(n => new { n.ObligationId, n.DeliveredOn });
    }
}

internal sealed class BureauReportedAccountConfiguration : IEntityTypeConfiguration<BureauReportedAccount>
{
    public void Configure(EntityTypeBuilder<BureauReportedAccount> b)
    {
        b.ToTable("bureau_reported_accounts", t =>
        {
            t.HasCheckConstraint("ck_bureau_reported_accounts_dates", "last_reported_on >= first_reported_on");
            t.HasCheckConstraint("ck_bureau_reported_accounts_last_dpd", "last_dpd >= 0");
        });
        b.HasKey(a => a.ObligationId);
        b.Property(a => a.ObligationId).ValueGeneratedNever();
        b.HasOne<Obligation>().WithMany().HasForeignKey(a => a.ObligationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(a => a.Jurisdiction).HasMaxLength(40);
        b.Property(a => a.LastStatus).HasMaxLength(2).IsRequired();
        b.Property(a => a.ClosedReason).HasMaxLength(40);
        b.Property(a => a.UpdatedBy).HasMaxLength(200).IsRequired();
        b.HasIndex(a => a.ClosedOn);
    }
}
