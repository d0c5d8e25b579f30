using Cartera.Domain.Communications;

namespace Cartera.Application.Communications;

/// <summary>
/// One stored message template (<c>message_templates</c>): a code in one language (es, en) for one channel, with the
/// subject (e-mail only) and the body in Liquid. <see cref="Version"/> guards concurrent edits; every change audited.
/// </summary>
public sealed class MessageTemplateRecord
{
    public const int MaxCodeLength = 64;
    public const int MaxSubjectLength = 300;
    public const int MaxBodyLength = 20_000;

    public long Id { get; set; }

    public string Code { get; set; } = string.Empty;

    public TemplateChannel Channel { get; set; }

    /// <summary>ISO 639-1: <c>es</c> or <c>en</c>.</summary>
    public string Language { get; set; } = "es";

    public string? Subject { get; set; }

    public string Body { get; set; } = string.Empty;

    public bool Active { get; set; } = true;

    public uint Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}
