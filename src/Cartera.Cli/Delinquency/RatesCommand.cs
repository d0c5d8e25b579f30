using System.CommandLine;
using System.Globalization;
using Cartera.Application.Delinquency;
using Cartera.Cli.Shared;
using Spectre.Console;

namespace Cartera.Cli.Delinquency;

/// <summary><c>cartera rates</c>: the legal-cap table (tasa de usura) by jurisdiction and modality.</summary>
internal sealed class RatesCommand : Command
{
    public RatesCommand(CliContext context)
        : base("rates", "The legal-cap (usury) table: list it, import certified rows.")
    {
        Add(new RatesImportCommand(context));
        Add(new RatesListCommand(context));
    }

    internal static Option<string> JurisdictionOption() => new("--jurisdiction", "-j")
    {
        Description = $"Two-letter country code of the cap table. Default: the lender's ({LenderJurisdiction.Key}).",
        HelpName = "CC",
    };

    /// <summary>The named jurisdiction, else the lender's; neither is a usage error, never a silent default.</summary>
    internal static string Jurisdiction(ParseResult parseResult, Option<string> option, CliContext context) =>
        parseResult.GetValue(option) is { Length: > 0 } named ? named.Trim().ToUpperInvariant()
        : LenderJurisdiction.From(context.Configuration()[LenderJurisdiction.Key]).Code
            ?? throw new CliUsageException($"Name the jurisdiction with --jurisdiction (no {LenderJurisdiction.Key} is configured).");

    internal static string Percent(decimal fraction) => (fraction * 100m).ToString("0.00##", CultureInfo.InvariantCulture) + " %";
}

/// <summary>
/// <c>cartera rates import FILE [--jurisdiction CO]</c>: all rows or none; every error printed with its row and column;
/// exit <see cref="ExitCodes.Rejected"/> when the file is refused.
/// </summary>
internal sealed class RatesImportCommand : Command
{
    private static readonly Argument<FileInfo> File = new("file")
    {
        Description = "CSV with valid_from, valid_to, modality, usury_ea [, banking_current_ea, source, verified].",
    };

    private static readonly Option<string> Jurisdiction = RatesCommand.JurisdictionOption();

    private readonly CliContext _context;

    public RatesImportCommand(CliContext context)
        : base("import", "Import cap rows from a CSV file (all or nothing; audited).")
    {
        _context = context;
        Add(File);
        Add(Jurisdiction);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var file = parseResult.GetRequiredValue(File);
        if (!file.Exists)
        {
            throw new CliUsageException($"File not found: {file.FullName}");
        }

        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var result = await new UsuryCapImporter(db).ImportAsync(file.FullName, RatesCommand.Jurisdiction(parseResult, Jurisdiction, _context), cancellationToken);
        if (result.Succeeded)
        {
            _context.Console.MarkupLineInterpolated($"[green]Imported {result.Inserted} cap row(s)[/] from [bold]{file.Name}[/] ({result.Unchanged} unchanged, {result.Rows} in the file).");
            if (result.RecomputeFrom is { } from)
            {
                _context.Console.MarkupLineInterpolated($"Closed dates from {from:yyyy-MM-dd} derive from these rows: the next 'cartera close-of-day' recomputes them (step recompute_caps).");
            }

            return ExitCodes.Ok;
        }

        var table = new Table()
            .Title($"[red]{result.Errors.Count.ToString(CultureInfo.InvariantCulture)} error(s): nothing was imported[/]")
            .AddColumn(new TableColumn("Row").RightAligned()).AddColumn("Column").AddColumn("Code").AddColumn("Message");
        foreach (var error in result.Errors)
        {
            table.AddRow(error.Row.ToString(CultureInfo.InvariantCulture), Markup.Escape(error.Column), Markup.Escape(error.Code), Markup.Escape(error.Message));
        }

        _context.ErrorConsole.Write(table);
        _context.ErrorConsole.MarkupLine("[red]error:[/] the file was rejected; fix the rows above and import it again.");
        return ExitCodes.Rejected;
    }
}

/// <summary><c>cartera rates list [--modality M] [--jurisdiction CO]</c>: newest first within each modality.</summary>
internal sealed class RatesListCommand : Command
{
    private static readonly Option<string?> Modality = new("--modality", "-m")
    {
        Description = "Only this modality (consumo_ordinario, microcredito, productivo_urbano…).",
        HelpName = "M",
    };

    private static readonly Option<string> Jurisdiction = RatesCommand.JurisdictionOption();

    private readonly CliContext _context;

    public RatesListCommand(CliContext context)
        : base("list", "List the stored cap rows with their source and whether they were verified.")
    {
        _context = context;
        Add(Modality);
        Add(Jurisdiction);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var jurisdiction = RatesCommand.Jurisdiction(parseResult, Jurisdiction, _context);
        var rows = await new UsuryCapAdministration(db).ListAsync(jurisdiction, parseResult.GetValue(Modality), cancellationToken);
        var table = new Table()
            .Title($"Cap table {Markup.Escape(jurisdiction)}: {rows.Count.ToString(CultureInfo.InvariantCulture)} row(s)")
            .AddColumn("Modality").AddColumn("From").AddColumn("To").AddColumn(new TableColumn("Usury EA").RightAligned())
            .AddColumn(new TableColumn("IBC EA").RightAligned()).AddColumn("Verified").AddColumn("Source");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Modality),
                row.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                row.ValidTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                RatesCommand.Percent(row.UsuryEa),
                row.BankingCurrentEa is { } ibc ? RatesCommand.Percent(ibc) : "—",
                row.Verified ? "yes" : "[yellow]no[/]",
                Markup.Escape(row.Source));
        }

        _context.Console.Write(table);
        return ExitCodes.Ok;
    }
}
