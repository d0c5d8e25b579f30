using System.CommandLine;
using System.Globalization;
using Cartera.Application.Delinquency;
using Cartera.Cli.Shared;
using Spectre.Console;

namespace Cartera.Cli.Delinquency;

/// <summary><c>cartera products</c>: the products' delinquency settings (docs/user/products.md), outside the web page.</summary>
internal sealed class ProductsCommand : Command
{
    public ProductsCommand(CliContext context)
        : base("products", "Product settings (back-dating window, allocation, buckets, cap modality, provisions): list, export, import.")
    {
        Add(new ProductsListCommand(context));
        Add(new ProductsExportCommand(context));
        Add(new ProductsImportCommand(context));
    }
}

/// <summary><c>cartera products list</c>: every product with stored settings or used by an obligation.</summary>
internal sealed class ProductsListCommand : Command
{
    private readonly CliContext _context;

    public ProductsListCommand(CliContext context)
        : base("list", "List the products with their main settings (stored, or the defaults).")
    {
        _context = context;
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var products = await new ProductSettingsExchange(db).ListAsync(cancellationToken);
        var table = new Table()
            .Title($"{products.Count.ToString(CultureInfo.InvariantCulture)} product(s)")
            .AddColumn("Code").AddColumn("Settings").AddColumn(new TableColumn("Obligations").RightAligned()).AddColumn("Classification")
            .AddColumn("Cap modality").AddColumn(new TableColumn("Back-dating days").RightAligned()).AddColumn(new TableColumn("Write-off DPD").RightAligned())
            .AddColumn("Prepayment");
        foreach (var p in products)
        {
            var s = p.Settings;
            table.AddRow(
                Markup.Escape(p.Code),
                p.Stored ? "stored" : "[yellow]defaults[/]",
                p.Obligations.ToString("N0", CultureInfo.InvariantCulture),
                Domain.Common.EnumCodes.ToCode(s.Classification),
                Markup.Escape(s.CapModality),
                s.BackdateWindowDays.ToString(CultureInfo.InvariantCulture),
                s.WriteOffDpd.ToString(CultureInfo.InvariantCulture),
                Domain.Common.EnumCodes.ToCode(s.Allocation.Prepayment));
        }

        _context.Console.Write(table);
        return ExitCodes.Ok;
    }
}

/// <summary><c>cartera products export [FILE] [--format json|csv]</c>: the import shape, to a file or standard output.</summary>
internal sealed class ProductsExportCommand : Command
{
    private static readonly Argument<FileInfo?> File = new("file")
    {
        Description = "Where to write (default: standard output). The format follows the extension unless --format says otherwise.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> Format = new("--format", "-f") { Description = "json or csv (default: the file's extension, else json).", HelpName = "json|csv" };

    private readonly CliContext _context;

    public ProductsExportCommand(CliContext context)
        : base("export", "Export every product's settings as JSON or CSV (the shape 'products import' reads).")
    {
        _context = context;
        Add(File);
        Add(Format);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var file = parseResult.GetValue(File);
        var format = ProductsImportCommand.FormatOf(parseResult.GetValue(Format), file) ?? "json";
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var products = await new ProductSettingsExchange(db).ListAsync(cancellationToken);
        var writer = file is null ? _context.Out : new StreamWriter(file.FullName, false, new System.Text.UTF8Encoding(false));
        try
        {
            if (format == "csv")
            {
                ProductSettingsExchange.ExportCsv(products, writer);
            }
            else
            {
                await writer.WriteLineAsync(ProductSettingsExchange.ExportJson(products));
            }

            await writer.FlushAsync(cancellationToken);
        }
        finally
        {
            if (file is not null)
            {
                await writer.DisposeAsync();
            }
        }

        if (file is not null)
        {
            _context.Console.MarkupLineInterpolated($"[green]Exported {products.Count} product(s)[/] to [bold]{file.Name}[/] ({format}).");
        }

        return ExitCodes.Ok;
    }
}

/// <summary>
/// <c>cartera products import FILE [--format json|csv]</c>: every product checked with the page's rules, all or nothing,
/// audited; each error printed with its row (CSV) or item (JSON) and field; exit <see cref="ExitCodes.Rejected"/> when refused.
/// </summary>
internal sealed class ProductsImportCommand : Command
{
    private static readonly Argument<FileInfo> File = new("file")
    {
        Description = "JSON (an array of product objects, as exported) or CSV (code plus the columns to change; empty cells keep the current value).",
    };

    private static readonly Option<string?> Format = new("--format", "-f") { Description = "json or csv (default: the file's extension).", HelpName = "json|csv" };

    private readonly CliContext _context;

    public ProductsImportCommand(CliContext context)
        : base("import", "Change products' settings from a JSON or CSV file (all or nothing; audited).")
    {
        _context = context;
        Add(File);
        Add(Format);
        SetAction(ExecuteAsync);
    }

    internal static string? FormatOf(string? option, FileInfo? file)
    {
        if (option is { } given)
        {
            var f = given.Trim().ToLowerInvariant();
            return f is "json" or "csv" ? f : throw new CliUsageException($"--format is json or csv, not '{given}'.");
        }

        return file?.Extension.ToLowerInvariant() switch
        {
            ".csv" => "csv",
            ".json" => "json",
            _ => null,
        };
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var file = parseResult.GetRequiredValue(File);
        if (!file.Exists)
        {
            throw new CliUsageException($"File not found: {file.FullName}");
        }

        var format = FormatOf(parseResult.GetValue(Format), file) ?? throw new CliUsageException("Say --format json or --format csv (the file's extension is neither).");
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        using var reader = new StreamReader(file.FullName, new System.Text.UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        var result = await new ProductSettingsExchange(db).ImportAsync(reader, file.Name, format, cancellationToken);
        if (result.Succeeded)
        {
            _context.Console.MarkupLineInterpolated($"[green]Saved {result.Saved} product(s)[/] from [bold]{file.Name}[/] ({result.Unchanged} unchanged, {result.Rows} in the file).");
            return ExitCodes.Ok;
        }

        var table = new Table()
            .Title($"[red]{result.Errors.Count.ToString(CultureInfo.InvariantCulture)} error(s): nothing was saved[/]")
            .AddColumn(format == "csv" ? "Row" : "Item").AddColumn("Field").AddColumn("Code").AddColumn("Message");
        foreach (var error in result.Errors)
        {
            table.AddRow(error.Row.ToString(CultureInfo.InvariantCulture), Markup.Escape(error.Column), Markup.Escape(error.Code), Markup.Escape(error.Message));
        }

        _context.ErrorConsole.Write(table);
        _context.ErrorConsole.MarkupLine("[red]error:[/] the file was rejected; fix the products above and import it again.");
        return ExitCodes.Rejected;
    }
}
