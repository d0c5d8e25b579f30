using Cartera.Application.CloseOfDay;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Data.Configurations;

internal sealed class CloseOfDayStepRecordConfiguration : IEntityTypeConfiguration<CloseOfDayStepRecord>
{
    public void Configure(EntityTypeBuilder<CloseOfDayStepRecord> b)
    {
        b.ToTable("close_of_day_steps");
        b.HasKey(s => new { s.BusinessDate, s.Step, s.Partition });
        b.Property(s => s.Step).HasMaxLength(40);
        b.Property(s => s.Status).HasMaxLength(20).IsRequired();
        b.Property(s => s.Note).HasMaxLength(1000);
    }
}
