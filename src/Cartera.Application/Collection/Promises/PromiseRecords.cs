using Cartera.Domain.Collection.Promises;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Collection.Promises;

/// <summary>
/// A promise to pay (RULES §13; table <c>promises</c>, owned by Collection). What was promised is immutable once made
/// (debtor, scope, date, actor, currency, installments, and the grace and tolerance of its products on that day, so a
/// later change of product settings never rewrites the past); <see cref="Status"/>, <see cref="SettledOn"/>,
/// <see cref="CountedMinor"/> and <see cref="EvaluatedOn"/> are the status as of the last closed date, written by
/// close-of-day step 8; a cancellation records who, when and why.
/// </summary>
public sealed class PromiseRecord
{
    public long Id { get; set; }

    /// <summary>The promise's id in files and the API (<c>promise_id</c>); generated (<c>P-…</c>) when made by hand.</summary>
    public string ExternalId { get; set; } = string.Empty;

    public long DebtorId { get; set; }

    /// <summary>True when the promise covers all of the debtor's obligations (its scope rows are those of the day it was made).</summary>
    public bool AllObligations { get; set; }

    public string CurrencyCode { get; set; } = string.Empty;

    public DateOnly MadeOn { get; set; }

    public string MadeBy { get; set; } = string.Empty;

    public long TotalMinor { get; set; }

    public int GraceDays { get; set; }

    public decimal Tolerance { get; set; }

    public PromiseStatus Status { get; set; }

    /// <summary>Kept, broken or cancelled on this date; null while pending.</summary>
    public DateOnly? SettledOn { get; set; }

    public long CountedMinor { get; set; }

    /// <summary>The business date whose evaluation last changed the status fields (close-of-day step 8, the promise's
    /// creation or import); the status holds from then until a later close changes it.</summary>
    public DateOnly? EvaluatedOn { get; set; }

    public DateOnly? CancelledOn { get; set; }

    public string? CancelledBy { get; set; }

    public string? CancelReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<PromiseInstallmentRecord> Installments { get; set; } = [];

    public List<PromiseObligationRecord> Obligations { get; set; } = [];

    public PromiseTerms Terms() => new(MadeOn, CurrencyCode, Installments.OrderBy(i => i.Number).Select(i => new PromisedInstallment(i.Number, i.DueOn, i.AmountMinor)).ToList());

    public PromiseRules Rules() => new(0, GraceDays, Tolerance);
}

/// <summary>One installment of a promise (table <c>promise_installments</c>) with its status as of the last closed date.</summary>
public sealed class PromiseInstallmentRecord
{
    public long Id { get; set; }

    public long PromiseId { get; set; }

    public int Number { get; set; }

    public DateOnly DueOn { get; set; }

    public long AmountMinor { get; set; }

    public PromiseInstallmentStatus Status { get; set; }

    public DateOnly? KeptOn { get; set; }

    public long CountedMinor { get; set; }
}

/// <summary>An obligation in a promise's scope (table <c>promise_obligations</c>).</summary>
public sealed class PromiseObligationRecord
{
    public long PromiseId { get; set; }

    public long ObligationId { get; set; }
}

internal sealed class PromiseRecordConfiguration : IEntityTypeConfiguration<PromiseRecord>
{
    public void Configure(EntityTypeBuilder<PromiseRecord> b)
    {
        b.ToTable("promises", t =>
        {
            t.HasCheckConstraint("ck_promises_total_minor", "total_minor > 0");
            t.HasCheckConstraint("ck_promises_counted_minor", "counted_minor >= 0");
            t.HasCheckConstraint("ck_promises_grace_days", "grace_days >= 0");
            t.HasCheckConstraint("ck_promises_tolerance", "tolerance >= 0 AND tolerance < 1");
        });
        b.HasKey(p => p.Id);
        b.Property(p => p.ExternalId).HasMaxLength(64).IsRequired();
        b.HasIndex(p => p.ExternalId).IsUnique();
        b.HasOne<Debtor>().WithMany().HasForeignKey(p => p.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.DebtorId, p.Status });
        b.HasIndex(p => p.Status);
        b.Property(p => p.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        b.Property(p => p.MadeBy).HasMaxLength(200).IsRequired();
        b.Property(p => p.Status).HasMaxLength(16);
        b.Property(p => p.Tolerance).HasPrecision(9, 6);
        b.Property(p => p.CancelledBy).HasMaxLength(200);
        b.Property(p => p.CancelReason).HasMaxLength(500);
        b.HasMany(p => p.Installments).WithOne().HasForeignKey(i => i.PromiseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Obligations).WithOne().HasForeignKey(o => o.PromiseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PromiseInstallmentRecordConfiguration : IEntityTypeConfiguration<PromiseInstallmentRecord>
{
    public void Configure(EntityTypeBuilder<PromiseInstallmentRecord> b)
    {
        b.ToTable("promise_installments", t =>
        {
            t.HasCheckConstraint("ck_promise_installments_amount_minor", "amount_minor > 0");
            t.HasCheckConstraint("ck_promise_installments_number", "number > 0");
            t.HasCheckConstraint("ck_promise_installments_counted_minor", "counted_minor >= 0 AND counted_minor <= amount_minor");
        });
        b.HasKey(i => i.Id);
        b.HasIndex(i => new { i.PromiseId, i.Number }).IsUnique();
        b.HasIndex(i => new { i.DueOn, i.Status });
        b.Property(i => i.Status).HasMaxLength(16);
    }
}

internal sealed class PromiseObligationRecordConfiguration : IEntityTypeConfiguration<PromiseObligationRecord>
{
    public void Configure(EntityTypeBuilder<PromiseObligationRecord> b)
    {
        b.ToTable("promise_obligations");
        b.HasKey(o => new { o.PromiseId, o.ObligationId });
        b.HasOne<Obligation>().WithMany().HasForeignKey(o => o.ObligationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => o.ObligationId);
    }
}
