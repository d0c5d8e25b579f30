using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Communications;

internal sealed class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplateRecord>
{
    public void Configure(EntityTypeBuilder<MessageTemplateRecord> b)
    {
        b.ToTable("message_templates", t =>
        {
            t.HasCheckConstraint("ck_message_templates_language", "language IN ('es', 'en')");
            t.HasCheckConstraint("ck_message_templates_channel", "channel IN ('email', 'sms', 'whatsapp', 'letter')");
            t.HasCheckConstraint("ck_message_templates_email_subject", "channel <> 'email' OR subject IS NOT NULL");
        });
        b.HasKey(t => t.Id);
        b.Property(t => t.Code).HasMaxLength(MessageTemplateRecord.MaxCodeLength).IsRequired();
        b.Property(t => t.Language).HasMaxLength(2).IsRequired();
        b.Property(t => t.Subject).HasMaxLength(MessageTemplateRecord.MaxSubjectLength);
        b.Property(t => t.Body).HasMaxLength(MessageTemplateRecord.MaxBodyLength).IsRequired();
        b.Property(t => t.CreatedBy).HasMaxLength(300).IsRequired();
        b.Property(t => t.UpdatedBy).HasMaxLength(300).IsRequired();
        b.HasIndex(t => new { t.Code, t.Language }).IsUnique();
    }
}
