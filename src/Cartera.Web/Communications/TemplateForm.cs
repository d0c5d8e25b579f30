using Cartera.Application.Communications;
using Cartera.Domain.Common;

namespace Cartera.Web.Communications;

/// <summary>The template editor's form (static SSR, <c>Form.*</c> fields).</summary>
public sealed class TemplateForm
{
    public string? Code { get; set; }

    public string? Channel { get; set; }

    public string? Language { get; set; }

    public string? Subject { get; set; }

    public string? Body { get; set; }

    public bool Active { get; set; }

    public uint? Version { get; set; }

    public static TemplateForm From(MessageTemplateView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new TemplateForm
        {
            Code = view.Code,
            Channel = EnumCodes.ToCode(view.Channel),
            Language = view.Language,
            Subject = view.Subject,
            Body = view.Body,
            Active = view.Active,
            Version = view.Version,
        };
    }

    public MessageTemplateInput ToInput() =>
        new(Code ?? string.Empty, Channel ?? string.Empty, Language ?? string.Empty,
            string.IsNullOrWhiteSpace(Subject) ? null : Subject, Body ?? string.Empty, Active, Version);
}
