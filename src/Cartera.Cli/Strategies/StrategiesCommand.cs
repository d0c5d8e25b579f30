using System.CommandLine;
using System.Globalization;
using Cartera.Application.Strategies;
using Cartera.Cli.Shared;
using Spectre.Console;

namespace Cartera.Cli.Strategies;

/// <summary><c>cartera strategies</c>: collection strategies as data (docs/user/strategies.md).</summary>
internal sealed class StrategiesCommand : Command
{
    public StrategiesCommand(CliContext context)
        : base("strategies", "Collection strategies (segments, stages, steps, champion/challenger variants): import, list, export, run, report.")
    {
        Add(new StrategiesImportCommand(context));
        Add(new StrategiesListCommand(context));
        Add(new StrategiesExportCommand(context));
        Add(new StrategiesRunCommand(context));
        Add(new StrategiesReportCommand(context));
    }

    internal static StrategyCatalog Catalog(CliContext context, Application.Data.CarteraDbContext db) => new(db, context.Clock, context.Actor);
}

/// <summary>
/// <c>cartera strategies import FILE.json</c>: one strategy object or an array, all or nothing, created or replaced by
/// code, audited; each error printed on a line of its own with its strategy and field path; exit <see cref="ExitCodes.Rejected"/> when refused.
/// </summary>
internal sealed class StrategiesImportCommand : Command
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "A JSON file: one strategy object or an array of them (the shape 'strategies export' writes)." };

    private readonly CliContext _context;

    public StrategiesImportCommand(CliContext context)
        : base("import", "Create or replace strategies by code from a JSON file (all or nothing; audited).")
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

        var json = await System.IO.File.ReadAllTextAsync(file.FullName, cancellationToken);
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var result = await StrategiesCommand.Catalog(_context, db).ImportAsync(json, cancellationToken);
        if (result.Succeeded)
        {
            _context.Console.MarkupLineInterpolated(
                $"[green]Imported {result.Strategies} strateg{(result.Strategies == 1 ? "y" : "ies")}[/] from [bold]{file.Name}[/]: {result.Created} created, {result.Updated} updated, {result.Unchanged} unchanged.");
            return ExitCodes.Ok;
        }

        // One plain line per error (no table: a long field path or message must not wrap), for people and scripts alike.
        await _context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{result.Errors.Count} error(s): nothing was saved"));
        foreach (var e in result.Errors)
        {
            await _context.Error.WriteLineAsync($"{e} ({e.Code})");
        }

        await _context.Error.FlushAsync(cancellationToken);
        _context.ErrorConsole.MarkupLine("[red]error:[/] the file was rejected; fix the strategies above and import it again.");
        return ExitCodes.Rejected;
    }
}

/// <summary><c>cartera strategies list</c>: code, name, variants, steps, active.</summary>
internal sealed class StrategiesListCommand : Command
{
    private readonly CliContext _context;

    public StrategiesListCommand(CliContext context)
        : base("list", "List the stored strategies: code, name, variants (code:share), steps, active.")
    {
        _context = context;
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var strategies = await StrategiesCommand.Catalog(_context, db).ListAsync(ct: cancellationToken);
        var table = new Table()
            .Title($"{strategies.Count.ToString(CultureInfo.InvariantCulture)} strateg{(strategies.Count == 1 ? "y" : "ies")}")
            .AddColumn("code").AddColumn("name").AddColumn("variants").AddColumn(new TableColumn("steps").RightAligned()).AddColumn("active");
        foreach (var s in strategies)
        {
            table.AddRow(
                Markup.Escape(s.Code),
                Markup.Escape(s.Definition.Name),
                Markup.Escape(string.Join(' ', s.Definition.Variants.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Code}:{v.Share}")))),
                s.Definition.Steps.Count.ToString(CultureInfo.InvariantCulture),
                s.Active ? "yes" : "no");
        }

        _context.Console.Write(table);
        return ExitCodes.Ok;
    }
}

/// <summary><c>cartera strategies export [--code X]</c>: the stored strategies as a JSON array on standard output (the import shape).</summary>
internal sealed class StrategiesExportCommand : Command
{
    private static readonly Option<string?> Code = new("--code") { Description = "Export only this strategy.", HelpName = "X" };

    private readonly CliContext _context;

    public StrategiesExportCommand(CliContext context)
        : base("export", "Write the strategies (or one) as JSON to standard output, in the shape 'strategies import' reads.")
    {
        _context = context;
        Add(Code);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        // An unknown --code is a DomainException (not_found): printed and exit 3 by CarteraCli.
        var json = await StrategiesCommand.Catalog(_context, db).ExportAsync(parseResult.GetValue(Code), cancellationToken);
        await _context.Out.WriteLineAsync(json);
        await _context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
