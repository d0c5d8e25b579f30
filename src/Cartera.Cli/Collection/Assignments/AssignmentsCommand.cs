using System.CommandLine;
using System.Globalization;
using Cartera.Application.Collection.Assignments;
using Cartera.Cli.Shared;
using Spectre.Console;

namespace Cartera.Cli.Collection.Assignments;

/// <summary><c>cartera assignments</c>: debtor assignments to collectors, field agents and agencies (docs/user/collection.md).</summary>
internal sealed class AssignmentsCommand : Command
{
    public AssignmentsCommand(CliContext context)
        : base("assignments", "Debtor assignments to collectors, field agents and agencies: import a file, export the current ones.")
    {
        Add(new AssignmentsImportCommand(context));
        Add(new AssignmentsExportCommand(context));
    }
}

/// <summary>
/// <c>cartera assignments import FILE</c>: columns <c>debtor_id, assignee_email, role, valid_from</c>. Each row stands
/// alone: bad rows are reported (row, column, Spanish message) and the others are assigned. Exit 0 when every row was
/// accepted, <see cref="ExitCodes.Rejected"/> when at least one row (or the file) was rejected.
/// </summary>
internal sealed class AssignmentsImportCommand : Command
{
    private static readonly Argument<FileInfo> File = new("file")
    {
        Description = "CSV (UTF-8, comma or semicolon) or XLSX with debtor_id, assignee_email, role, valid_from.",
    };

    private readonly CliContext _context;

    public AssignmentsImportCommand(CliContext context)
        : base("import", "Assign debtors from a file (row by row: a bad row never stops the others; audited).")
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

        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var services = _context.Services(database);
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AssignmentImporter>().ImportAsync(file.FullName, cancellationToken);

        var table = new Table()
            .Title(result.Rejected == 0 && result.Errors.Count == 0 ? "[green]Assignments imported[/]" : "[yellow]Assignments imported with rejected rows[/]")
            .AddColumn("File").AddColumn(new TableColumn("Rows read").RightAligned()).AddColumn(new TableColumn("Assigned").RightAligned())
            .AddColumn(new TableColumn("Unchanged").RightAligned()).AddColumn(new TableColumn("Rejected").RightAligned());
        table.AddRow(Markup.Escape(result.File), N(result.Rows), N(result.Assigned), N(result.Unchanged), N(result.Rejected));
        _context.Console.Write(table);
        _context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows read: {result.Rows}, assigned: {result.Assigned}, unchanged: {result.Unchanged}, rejected: {result.Rejected}"));
        return await RowErrorOutput.WriteAsync(_context, result.Errors, result.Rejected);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary><c>cartera assignments export [--out FILE]</c>: the active assignments as CSV with the import's columns (standard output by default).</summary>
internal sealed class AssignmentsExportCommand : Command
{
    private static readonly Option<FileInfo?> Out = new("--out", "-o")
    {
        Description = "Write to this file instead of standard output.",
        HelpName = "FILE",
    };

    private readonly CliContext _context;

    public AssignmentsExportCommand(CliContext context)
        : base("export", "Export the active assignments as CSV (debtor_id, assignee_email, role, valid_from).")
    {
        _context = context;
        Add(Out);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var exporter = new AssignmentExporter(db);
        long count;
        if (parseResult.GetValue(Out) is { } file)
        {
            await using var writer = new StreamWriter(file.FullName, append: false, Application.Export.CsvText.Utf8NoBom);
            count = await exporter.WriteCsvAsync(writer, cancellationToken);
        }
        else
        {
            count = await exporter.WriteCsvAsync(_context.Out, cancellationToken);
            await _context.Out.FlushAsync(cancellationToken);
        }

        _context.ErrorConsole.MarkupLineInterpolated($"{count.ToString("N0", CultureInfo.InvariantCulture)} active assignment(s) exported.");
        return ExitCodes.Ok;
    }
}
