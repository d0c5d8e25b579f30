using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Communications;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Communications;

/// <summary>A template as an editor or an import file gives it (channel and language as codes: <c>email</c>, <c>es</c>).
/// <paramref name="Version"/>: the version the editor read (null in an import: the file wins).</summary>
public sealed record MessageTemplateInput(string Code, string Channel, string Language, string? Subject, string Body, bool Active = true, uint? Version = null);

/// <summary>A stored template; <paramref name="Length"/> is the SMS length of the body's literal text (SMS and WhatsApp only).</summary>
public sealed record MessageTemplateView(
    long Id,
    string Code,
    TemplateChannel Channel,
    string Language,
    string? Subject,
    string Body,
    bool Active,
    uint Version,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    SmsLength? Length);

/// <summary>A template rendered for one debtor: the text and, for SMS and WhatsApp, its length and segments.</summary>
public sealed record TemplatePreview(
    string Code,
    TemplateChannel Channel,
    string Language,
    string? Subject,
    string Body,
    SmsLength? Length,
    MessageVariables Variables);

/// <summary>The outcome of importing one template of a file (row is 1-based): created, updated, unchanged or refused.</summary>
public sealed record TemplateImportRow(int Row, string Code, string Language, string Outcome, IReadOnlyList<TemplateProblem> Problems);

/// <summary>
/// Message templates (<c>message_templates</c>, owned by Communications): saved after validation (Liquid syntax, the
/// variable catalogue, the filter whitelist, the channel's fields; audited with before and after), listed, read and
/// previewed with a real debtor (<see cref="MessageVariablesBuilder"/>). One code is one channel in up to two languages.
/// </summary>
public sealed class MessageTemplates(CarteraDbContext db, IActor actor, TimeProvider clock, LenderContact lender)
{
    public static readonly IReadOnlyList<string> Languages = ["es", "en"];

    public async Task<IReadOnlyList<MessageTemplateView>> ListAsync(CancellationToken ct = default)
    {
        var rows = await db.MessageTemplates.AsNoTracking().ToListAsync(ct);
        return rows.OrderBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.Language, StringComparer.Ordinal).Select(View).ToList();
    }

    public async Task<MessageTemplateView?> GetAsync(string code, string language, CancellationToken ct = default)
    {
        var key = NormalizeCode(code);
        var lang = (language ?? string.Empty).Trim().ToLowerInvariant();
        var row = await db.MessageTemplates.AsNoTracking().FirstOrDefaultAsync(r => r.Code == key && r.Language == lang, ct);
        return row is null ? null : View(row);
    }

    /// <summary>Every problem of <paramref name="input"/> (empty when it can be saved).</summary>
    public static IReadOnlyList<TemplateProblem> Validate(MessageTemplateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<TemplateProblem>();
        var code = NormalizeCode(input.Code);
        if (code.Length is 0 or > MessageTemplateRecord.MaxCodeLength || !code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.'))
        {
            problems.Add(new TemplateProblem("invalid_code", "El código de la plantilla tiene de 1 a 64 letras minúsculas, dígitos, '_', '-' o '.'.", "code", 0, null));
        }

        var knownChannel = EnumCodes.TryParse<TemplateChannel>(input.Channel, out var channel);
        if (!knownChannel)
        {
            problems.Add(new TemplateProblem("invalid_channel", $"Canal desconocido «{input.Channel}»: use {string.Join(", ", EnumCodes.Codes<TemplateChannel>())}.", "channel", 0, null));
        }

        var language = (input.Language ?? string.Empty).Trim().ToLowerInvariant();
        if (!Languages.Contains(language))
        {
            problems.Add(new TemplateProblem("invalid_language", $"Idioma desconocido «{input.Language}»: use es o en.", "language", 0, null));
        }

        if (string.IsNullOrWhiteSpace(input.Body))
        {
            problems.Add(new TemplateProblem("body_required", "El cuerpo de la plantilla es obligatorio.", "body", 0, null));
        }
        else if (input.Body.Length > MessageTemplateRecord.MaxBodyLength)
        {
            problems.Add(new TemplateProblem("body_too_long", $"El cuerpo supera {MessageTemplateRecord.MaxBodyLength} caracteres.", "body", 0, null));
        }
        else
        {
            problems.AddRange(LiquidTemplates.Check(input.Body, "body"));
        }

        if (!knownChannel)
        {
            // the subject's rules depend on the channel
        }
        else if (TemplateChannels.HasSubject(channel) && string.IsNullOrWhiteSpace(input.Subject))
        {
            problems.Add(new TemplateProblem("subject_required", "Un correo electrónico necesita asunto.", "subject", 0, null));
        }
        else if (!TemplateChannels.HasSubject(channel) && !string.IsNullOrWhiteSpace(input.Subject))
        {
            problems.Add(new TemplateProblem("subject_not_allowed", "Solo el correo electrónico lleva asunto.", "subject", 0, null));
        }
        else if (input.Subject is { Length: > MessageTemplateRecord.MaxSubjectLength })
        {
            problems.Add(new TemplateProblem("subject_too_long", $"El asunto supera {MessageTemplateRecord.MaxSubjectLength} caracteres.", "subject", 0, null));
        }
        else if (!string.IsNullOrWhiteSpace(input.Subject))
        {
            problems.AddRange(LiquidTemplates.Check(input.Subject, "subject"));
        }

        return problems;
    }

    /// <summary>Validates and stores <paramref name="input"/> (created, or the same code and language updated).</summary>
    /// <exception cref="DomainException">the first problem of <see cref="Validate"/> (all of them in the message), or
    /// <c>channel_mismatch</c> when the code's other language has another channel.</exception>
    /// <exception cref="ConflictException"><c>stale_version</c> when the template changed since <see cref="MessageTemplateInput.Version"/>.</exception>
    public async Task<MessageTemplateView> SaveAsync(MessageTemplateInput input, CancellationToken ct = default)
    {
        var (view, _) = await SaveCoreAsync(input, ct);
        return view;
    }

    /// <summary>Imports templates (a file's array): each row saved on its own; refused rows report their problems and change nothing.</summary>
    public async Task<IReadOnlyList<TemplateImportRow>> ImportAsync(IReadOnlyList<MessageTemplateInput> inputs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var result = new List<TemplateImportRow>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i] with { Version = null };
            var problems = Validate(input);
            if (problems.Count > 0)
            {
                result.Add(new TemplateImportRow(i + 1, input.Code ?? string.Empty, input.Language ?? string.Empty, "refused", problems));
                continue;
            }

            try
            {
                var (view, outcome) = await SaveCoreAsync(input, ct);
                result.Add(new TemplateImportRow(i + 1, view.Code, view.Language, outcome, []));
            }
            catch (DomainException e)
            {
                db.ChangeTracker.Clear();
                result.Add(new TemplateImportRow(i + 1, input.Code, input.Language, "refused", [new TemplateProblem(e.Code, e.Message, e.Field ?? string.Empty, 0, null)]));
            }
        }

        return result;
    }

    /// <summary>Renders the template <paramref name="code"/> for <paramref name="debtorId"/> on <paramref name="date"/>
    /// (default: today in the debtor's zone), in <paramref name="language"/> (default: the debtor's, es when not es/en).</summary>
    /// <exception cref="DomainException"><c>template_not_found</c>, <c>debtor_not_found</c>.</exception>
    public async Task<TemplatePreview> PreviewAsync(string code, long debtorId, string? language = null, DateOnly? date = null, CancellationToken ct = default)
    {
        var variables = await new MessageVariablesBuilder(db, clock, lender).ForDebtorAsync(debtorId, language, date, null, ct);
        var template = await GetAsync(code, variables.Language, ct)
            ?? throw new DomainException("template_not_found", $"No hay plantilla «{code}» en idioma {variables.Language}.", "code");
        return Render(template, variables);
    }

    /// <summary>Renders a stored template with a debtor's variables (SMS and WhatsApp text as the channel sends it).</summary>
    public static TemplatePreview Render(MessageTemplateView template, MessageVariables variables)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variables);
        var subject = template.Subject is null ? null : LiquidTemplates.Render(template.Subject, variables.Values);
        var body = LiquidTemplates.Render(template.Body, variables.Values);
        if (TemplateChannels.IsShortText(template.Channel))
        {
            body = TemplateChannels.ForShortText(body);
        }

        return new TemplatePreview(template.Code, template.Channel, template.Language, subject, body,
            TemplateChannels.IsShortText(template.Channel) ? SmsLength.Of(body) : null, variables);
    }

    /// <summary>Stores the shipped templates (<see cref="DefaultMessageTemplates"/>) that are missing, by code and
    /// language, as the system (migrate; idempotent). Returns how many were stored.</summary>
    public async Task<int> SeedDefaultsAsync(CancellationToken ct = default)
    {
        var stored = (await db.MessageTemplates.AsNoTracking().Select(r => new { r.Code, r.Language }).ToListAsync(ct))
            .Select(r => (r.Code, r.Language)).ToHashSet();
        var missing = DefaultMessageTemplates.All.Where(t => !stored.Contains((t.Code, t.Language))).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }

        using var seed = db.ActAs(FixedActor.Seed);
        var now = clock.GetUtcNow();
        foreach (var t in missing)
        {
            db.MessageTemplates.Add(new MessageTemplateRecord
            {
                Code = t.Code,
                Channel = EnumCodes.Parse<TemplateChannel>(t.Channel),
                Language = t.Language,
                Subject = t.Subject,
                Body = t.Body,
                Active = t.Active,
                CreatedAt = now,
                CreatedBy = FixedActor.Seed.Name,
                UpdatedAt = now,
                UpdatedBy = FixedActor.Seed.Name,
            });
        }

        await db.SaveChangesAsync(ct);
        return missing.Count;
    }

    private async Task<(MessageTemplateView View, string Outcome)> SaveCoreAsync(MessageTemplateInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = Validate(input);
        if (problems.Count > 0)
        {
            throw new DomainException(problems[0].Code, string.Join(" ", problems.Select(p => p.Message)), problems[0].Field);
        }

        var code = NormalizeCode(input.Code);
        var language = input.Language.Trim().ToLowerInvariant();
        var channel = EnumCodes.Parse<TemplateChannel>(input.Channel);
        var subject = TemplateChannels.HasSubject(channel) ? input.Subject!.Trim() : null;
        var others = await db.MessageTemplates.Where(r => r.Code == code).ToListAsync(ct);
        if (others.FirstOrDefault(r => r.Language != language && r.Channel != channel) is { } other)
        {
            throw new DomainException("channel_mismatch", $"La plantilla «{code}» es de canal {EnumCodes.ToCode(other.Channel)} en {other.Language}; use otro código para {EnumCodes.ToCode(channel)}.", "channel");
        }

        var now = clock.GetUtcNow();
        var row = others.FirstOrDefault(r => r.Language == language);
        string outcome;
        if (row is null)
        {
            row = new MessageTemplateRecord { Code = code, Language = language, CreatedAt = now, CreatedBy = actor.Name };
            db.MessageTemplates.Add(row);
            outcome = "created";
        }
        else
        {
            if (input.Version is { } expected && expected != row.Version)
            {
                throw new ConflictException("stale_version", $"La plantilla «{code}» ({language}) cambió desde que se leyó (versión {row.Version}).", "version");
            }

            if (row.Channel == channel && row.Subject == subject && row.Body == input.Body && row.Active == input.Active)
            {
                return (View(row), "unchanged");
            }

            outcome = "updated";
        }

        row.Channel = channel;
        row.Subject = subject;
        row.Body = input.Body;
        row.Active = input.Active;
        row.UpdatedAt = now;
        row.UpdatedBy = actor.Name;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new ConflictException($"La plantilla «{code}» ({language}) cambió mientras se guardaba (stale_version).", e);
        }

        return (View(row), outcome);
    }

    private static string NormalizeCode(string? code) => (code ?? string.Empty).Trim().ToLowerInvariant();

    private static MessageTemplateView View(MessageTemplateRecord r) =>
        new(r.Id, r.Code, r.Channel, r.Language, r.Subject, r.Body, r.Active, r.Version, r.UpdatedAt, r.UpdatedBy,
            TemplateChannels.IsShortText(r.Channel) ? SmsLength.Of(r.Body) : null);
}
