using Cartera.Domain.Collection.Visits;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Collection.Visits;

internal sealed class FieldVisitConfiguration : IEntityTypeConfiguration<FieldVisit>
{
    public void Configure(EntityTypeBuilder<FieldVisit> b)
    {
        b.ToTable("field_visits", t =>
        {
            t.HasCheckConstraint("ck_field_visits_collateral_purpose", "collateral_id IS NULL OR purpose = 'collateral_verification'");
            t.HasCheckConstraint("ck_field_visits_policy_purpose", "insurance_policy_id IS NULL OR purpose = 'insurance_renewal'");
            t.HasCheckConstraint("ck_field_visits_result_has_activity", "status NOT IN ('done', 'failed') OR activity_id IS NOT NULL");
        });
        b.HasKey(v => v.Id);
        b.HasOne<Debtor>().WithMany().HasForeignKey(v => v.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ContactPoint>().WithMany().HasForeignKey(v => v.AddressContactPointId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Collateral>().WithMany().HasForeignKey(v => v.CollateralId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<InsurancePolicy>().WithMany().HasForeignKey(v => v.InsurancePolicyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Domain.Collection.Activities.CollectionActivity>().WithMany().HasForeignKey(v => v.ActivityId).OnDelete(DeleteBehavior.Restrict);
        b.Property(v => v.AgentUserId).HasMaxLength(200).IsRequired();
        b.Property(v => v.Address).HasMaxLength(FieldVisit.MaxAddressLength).IsRequired();
        b.Property(v => v.Area).HasMaxLength(FieldVisit.MaxAreaLength).IsRequired();
        b.Property(v => v.AreaKey).HasMaxLength(FieldVisit.MaxAreaLength).IsRequired();
        b.Property(v => v.Note).HasMaxLength(FieldVisit.MaxNoteLength);
        b.Property(v => v.ResultNote).HasMaxLength(FieldVisit.MaxNoteLength);
        b.Property(v => v.CancelReason).HasMaxLength(FieldVisit.MaxNoteLength);
        b.Property(v => v.CreatedBy).HasMaxLength(300).IsRequired();

        // The agent's day (the route) and a debtor's visits.
        b.HasIndex(v => new { v.PlannedOn, v.AgentUserId });
        b.HasIndex(v => v.DebtorId);
    }
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> b)
    {
        b.ToTable("appointments");
        b.HasKey(a => a.Id);
        b.HasOne<Debtor>().WithMany().HasForeignKey(a => a.DebtorId).OnDelete(DeleteBehavior.Restrict);
        b.Property(a => a.TimeZone).HasMaxLength(64).IsRequired();
        b.Property(a => a.Place).HasMaxLength(Appointment.MaxPlaceLength).IsRequired();
        b.Property(a => a.Purpose).HasMaxLength(Appointment.MaxPurposeLength).IsRequired();
        b.Property(a => a.CreatedBy).HasMaxLength(300).IsRequired();
        b.HasIndex(a => new { a.DebtorId, a.Date });
    }
}

internal sealed class AppointmentThresholdConfiguration : IEntityTypeConfiguration<AppointmentThreshold>
{
    public void Configure(EntityTypeBuilder<AppointmentThreshold> b)
    {
        b.ToTable("appointment_thresholds", t => t.HasCheckConstraint(
            "ck_appointment_thresholds_bounds", $"minimum_balance_minor > 0 AND minimum_balance_minor <= {AppointmentThreshold.MaxMinor.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        b.HasKey(t => t.CurrencyCode);
        b.Property(t => t.CurrencyCode).HasColumnName("currency").HasMaxLength(3).IsFixedLength().ValueGeneratedNever();
        b.Property(t => t.UpdatedBy).HasMaxLength(300).IsRequired();
    }
}
