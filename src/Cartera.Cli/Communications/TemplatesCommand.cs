using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cartera.Application.Communications;
using Cartera.Application.Export;
using Cartera.Cli.Shared;
using Cartera.Domain.Common;

namespace Cartera.Cli.Communications;

/// <summary><c>cartera templates</c>: message templates (docs/user/communications.md, "Plantillas").</summary>
internal sealed class TemplatesCommand : Command
{
    public TemplatesCommand(CliContext context)
        : base("templates", "Message templates (Liquid): list, import from JSON, preview with a real debtor.")
    {
        Add(new TemplatesListCommand(context));
        Add(new TemplatesImportCommand(context));
        Add(new TemplatesPreviewCommand(context));
    }

    /// <summary>Runs <paramref name="work"/> with the templates service of a migrated database.</summary>
    internal static async Task OpenAsync(CliContext context, ParseResult parseResult, Func<MessageTemplates, Task> work, CancellationToken cancellationToken)
    {
        var database = context.Database(parseResult);
        await context.EnsureMigratedAsync(database, cancellationToken);
        await using var services = context.Services(database);
        await using var scope = services.CreateAsyncScope();
        var templates = scope.ServiceProvider.GetRequiredService<MessageTemplates>();
        await work(templates);
    }
}

/// <summary><c>cartera templates list</c>: every template as CSV (<see cref="Header"/>); SMS and WhatsApp with the
/// length and segments of their literal text.</summary>
internal sealed class TemplatesListCommand : Command
{
    public static readonly string[] Header = ["code", "language", "channel", "active", "version", "length", "segments", "encoding", "subject", "updated_by"];

    private readonly CliContext _context;

    public TemplatesListCommand(CliContext context)
        : base("list", "Every message template (code, language, channel, active, SMS length and segments) as CSV.")
    {
        _context = context;
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        await TemplatesCommand.OpenAsync(_context, parseResult, async templates =>
        {
            await _context.Out.WriteLineAsync(CsvText.Line(Header));
            foreach (var t in await templates.ListAsync(cancellationToken))
            {
                await _context.Out.WriteLineAsync(CsvText.Line(
                [
                    t.Code, t.Language, EnumCodes.ToCode(t.Channel), t.Active ? "true" : "false", t.Version.ToString(CultureInfo.InvariantCulture),
                    t.Length?.Units.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                    t.Length?.Segments.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                    t.Length is null ? string.Empty : EnumCodes.ToCode(t.Length.Encoding),
                    t.Subject ?? string.Empty, t.UpdatedBy,
                ]));
            }
        }, cancellationToken);
        await _context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}

/// <summary><c>cartera templates import FILE.json</c>: an array of templates; each valid one is saved (created, updated or
/// unchanged), each invalid one reported by row, variable and line; exit 3 when any row was refused.</summary>
internal sealed class TemplatesImportCommand : Command
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Argument<FileInfo> File = new("FILE") { Description = "A JSON array of {code, channel, language, subject, body, active}." };

    private readonly CliContext _context;

    public TemplatesImportCommand(CliContext context)
        : base("import", "Import message templates from a JSON array; refuses unknown variables and Liquid errors per row.")
    {
        _context = context;
        Add(File);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var file = parseResult.GetRequiredValue(File);
        if (!file.Exists)
        {
            throw new CliUsageException($"File not found: {file.FullName}");
        }

        List<TemplateFileEntry> entries;
        try
        {
            await using var stream = file.OpenRead();
            entries = await JsonSerializer.DeserializeAsync<List<TemplateFileEntry>>(stream, Json, cancellationToken) ?? [];
        }
        catch (JsonException e)
        {
            throw new DomainException("invalid_json", $"El archivo no es un arreglo JSON de plantillas: {e.Message}", "file");
        }

        var refused = 0;
        await TemplatesCommand.OpenAsync(_context, parseResult, async templates =>
        {
            var rows = await templates.ImportAsync(entries.Select(e => new MessageTemplateInput(e.Code ?? string.Empty, e.Channel ?? string.Empty, e.Language ?? string.Empty, e.Subject, e.Body ?? string.Empty, e.Active ?? true)).ToList(), cancellationToken);
            foreach (var row in rows)
            {
                await _context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{row.Row}\t{row.Code}\t{row.Language}\t{row.Outcome}"));
                foreach (var p in row.Problems)
                {
                    refused++;
                    await _context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"fila {row.Row}, {p.Field}: {p.Message} ({p.Code})"));
                }
            }
        }, cancellationToken);
        await _context.Out.FlushAsync(cancellationToken);
        await _context.Error.FlushAsync(cancellationToken);
        return refused == 0 ? ExitCodes.Ok : ExitCodes.Rejected;
    }

    private sealed record TemplateFileEntry(string? Code, string? Channel, string? Language, string? Subject, string? Body, bool? Active);
}

/// <summary><c>cartera templates preview --code C --debtor ID [--language es|en] [--date D]</c>: the template rendered for
/// a real debtor (the debtor's external id or internal id); SMS and WhatsApp with their length and segments.</summary>
internal sealed class TemplatesPreviewCommand : Command
{
    private static readonly Option<string> Code = new("--code", "-c") { Description = "The template code.", HelpName = "C", Required = true };

    private static readonly Option<long> Debtor = new("--debtor") { Description = "The debtor's id.", HelpName = "ID", Required = true };

    private static readonly Option<string?> Language = CreateLanguage();

    private static readonly Option<string?> Date = new("--date", "-d") { Description = "The date of the message (YYYY-MM-DD). Default: today in the debtor's time zone.", HelpName = "D" };

    private readonly CliContext _context;

    public TemplatesPreviewCommand(CliContext context)
        : base("preview", "Render a template for a real debtor: subject, body and, for SMS and WhatsApp, length and segments.")
    {
        _context = context;
        Add(Code);
        Add(Debtor);
        Add(Language);
        Add(Date);
        SetAction(ExecuteAsync);
    }

    private static Option<string?> CreateLanguage()
    {
        var option = new Option<string?>("--language", "-l") { Description = "es or en. Default: the debtor's language.", HelpName = "es|en" };
        option.AcceptOnlyFromAmong("es", "en");
        return option;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        DateOnly? date = null;
        if (parseResult.GetValue(Date) is { Length: > 0 } text)
        {
            date = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new CliUsageException("--date must be YYYY-MM-DD.");
        }

        await TemplatesCommand.OpenAsync(_context, parseResult, async templates =>
        {
            var preview = await templates.PreviewAsync(parseResult.GetRequiredValue(Code), parseResult.GetRequiredValue(Debtor), parseResult.GetValue(Language), date, cancellationToken);
            await _context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"template: {preview.Code} ({preview.Language}, {EnumCodes.ToCode(preview.Channel)})"));
            if (preview.Subject is not null)
            {
                await _context.Out.WriteLineAsync("subject: " + preview.Subject);
            }

            if (preview.Length is { } length)
            {
                await _context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"length: {length.Units} ({EnumCodes.ToCode(length.Encoding)}), segments: {length.Segments}"));
            }

            await _context.Out.WriteLineAsync();
            await _context.Out.WriteLineAsync(preview.Body);
        }, cancellationToken);
        await _context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
