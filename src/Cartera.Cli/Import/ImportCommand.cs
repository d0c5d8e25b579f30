using System.CommandLine;
using System.Globalization;
using Cartera.Application.Import;
using Cartera.Cli.Shared;
using Cartera.Domain.Common;
using Spectre.Console;

namespace Cartera.Cli.Import;

/// <summary>
/// <c>cartera import KIND FILE</c>: imports a CSV or XLSX file. A progress bar with rows/s on a terminal (plain lines
/// otherwise), then a summary; a rejected file prints every error and exits with <see cref="ExitCodes.Rejected"/>.
/// </summary>
internal sealed class ImportCommand : Command
{
    private static readonly Argument<string> Kind = CreateKind();

    private static readonly Argument<FileInfo> File = new("file")
    {
        Description = "The CSV (UTF-8, comma or semicolon) or XLSX file.",
    };

    private static readonly Option<bool> NoErrorReport = new("--no-error-report")
    {
        Description = "Do not write the error report CSV (name.errors.csv) next to the file.",
    };

    private static readonly Option<int?> BatchSize = new("--batch-size")
    {
        Description = "Rows per batch of the bulk load.",
        HelpName = "N",
    };

    private readonly CliContext _context;

    public ImportCommand(CliContext context)
        : base("import", "Import debtors, obligations, installments, collateral, insurance, payments or promises from a CSV or XLSX file.")
    {
        _context = context;
        Add(Kind);
        Add(File);
        Add(NoErrorReport);
        Add(BatchSize);
        SetAction(ExecuteAsync);
    }

    public static IReadOnlyList<string> KindCodes => [.. EnumCodes.Codes<ImportKind>(), Collection.Promises.PromiseFiles.Kind];

    private static Argument<string> CreateKind()
    {
        var argument = new Argument<string>("kind") { Description = $"What the file holds: {string.Join(", ", KindCodes)}." };
        argument.AcceptOnlyFromAmong([.. KindCodes]);
        return argument;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var code = parseResult.GetRequiredValue(Kind);
        var file = parseResult.GetRequiredValue(File);
        if (!file.Exists)
        {
            throw new CliUsageException($"File not found: {file.FullName}");
        }

        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        if (code == Collection.Promises.PromiseFiles.Kind)
        {
            return await Collection.Promises.PromiseFiles.ImportAsync(_context, database, file, cancellationToken);
        }

        var kind = EnumCodes.Parse<ImportKind>(code);
        var options = new ImportOptions { WriteErrorReport = !parseResult.GetValue(NoErrorReport) };
        if (parseResult.GetValue(BatchSize) is { } batch)
        {
            options = batch > 0 ? options with { BatchSize = batch } : throw new CliUsageException("--batch-size must be positive.");
        }

        var importer = new PortfolioImporter(database, _context.Clock, _context.Actor);
        _context.Console.MarkupLineInterpolated($"Importing [bold]{EnumCodes.ToCode(kind)}[/] from [bold]{file.Name}[/] into {CliContext.Describe(database)}");
        var result = _context.Interactive
            ? await ImportWithProgressBarAsync(importer, kind, file, options, cancellationToken)
            : await ImportWithLinesAsync(importer, kind, file, options, cancellationToken);

        WriteSummary(result);
        if (result.Succeeded)
        {
            if (kind == ImportKind.Payments)
            {
                await WarnPendingRecomputeAsync(database, cancellationToken);
            }

            return ExitCodes.Ok;
        }

        WriteErrors(result);
        return ExitCodes.Rejected;
    }

    private async Task<ImportResult> ImportWithProgressBarAsync(PortfolioImporter importer, ImportKind kind, FileInfo file, ImportOptions options, CancellationToken cancellationToken) =>
        await _context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RowsPerSecondColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(file.Name), maxValue: Math.Max(1, file.Length));
                var progress = new SyncProgress<ImportProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalBytes);
                    task.Value = Math.Min(p.BytesRead, task.MaxValue);
                    task.State.Update<double>(RowsPerSecondColumn.RowsKey, _ => p.RowsRead);
                });
                var result = await importer.ImportAsync(kind, file.FullName, options, progress, cancellationToken);
                task.Value = task.MaxValue;
                task.State.Update<double>(RowsPerSecondColumn.RowsKey, _ => result.Rows);
                return result;
            });

    private async Task<ImportResult> ImportWithLinesAsync(PortfolioImporter importer, ImportKind kind, FileInfo file, ImportOptions options, CancellationToken cancellationToken)
    {
        var started = _context.Clock.GetTimestamp();
        var lastLine = started;
        var progress = new SyncProgress<ImportProgress>(p =>
        {
            var now = _context.Clock.GetTimestamp();
            if (_context.Clock.GetElapsedTime(lastLine, now) < TimeSpan.FromSeconds(2))
            {
                return;
            }

            lastLine = now;
            var seconds = _context.Clock.GetElapsedTime(started, now).TotalSeconds;
            var percent = p.TotalBytes > 0 ? 100.0 * p.BytesRead / p.TotalBytes : 0;
            _context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.RowsRead:N0} rows read ({percent:N0} %), {p.RowsRead / Math.Max(seconds, 0.001):N0} rows/s"));
        });
        return await importer.ImportAsync(kind, file.FullName, options, progress, cancellationToken);
    }

    /// <summary>
    /// After a payments import: back-dated payments make snapshots of closed dates stale until the next close-of-day
    /// recomputes them; say which (Spanish, then English).
    /// </summary>
    private async Task WarnPendingRecomputeAsync(Application.Data.DatabaseOptions database, CancellationToken cancellationToken)
    {
        await using var db = _context.NewDbContext(database);
        var pending = await Application.CloseOfDay.PendingRecompute.LoadAsync(db, cancellationToken);
        if (pending.Earliest is { } from && pending.LastClosed is { } last)
        {
            var n = pending.FromByDebtor.Count.ToString(CultureInfo.InvariantCulture);
            var range = string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd} – {last:yyyy-MM-dd}");
            _context.Console.MarkupLineInterpolated($"[yellow]Pendiente de recálculo: {n} deudor(es) tienen pagos con fecha valor en fechas ya cerradas ({range}); sus cifras de esas fechas se recalculan en el próximo cierre diario (cartera close-of-day).[/]");
            _context.Console.MarkupLineInterpolated($"[yellow]Pending recompute: {n} debtor(s) have payments value-dated into closed dates ({range}); their figures of those dates are recomputed by the next close-of-day (cartera close-of-day).[/]");
        }
    }

    private void WriteSummary(ImportResult result)
    {
        var seconds = result.Elapsed.TotalSeconds;
        var table = new Table()
            .Title(result.Succeeded ? "[green]Import finished[/]" : "[red]Import rejected: nothing was imported[/]")
            .AddColumn("File").AddColumn(new TableColumn("Rows").RightAligned()).AddColumn(new TableColumn("Inserted").RightAligned())
            .AddColumn(new TableColumn("Updated").RightAligned()).AddColumn(new TableColumn("Unchanged").RightAligned())
            .AddColumn(new TableColumn("Rejected").RightAligned()).AddColumn(new TableColumn("Elapsed").RightAligned())
            .AddColumn(new TableColumn("Rows/s").RightAligned());
        table.AddRow(
            Markup.Escape(Path.GetFileName(result.File)),
            N(result.Rows),
            N(result.Inserted),
            N(result.Updated),
            N(result.Unchanged),
            N(result.Rejected),
            seconds.ToString("N1", CultureInfo.InvariantCulture) + " s",
            N(seconds > 0 ? (long)(result.Rows / seconds) : result.Rows));
        _context.Console.Write(table);
    }

    private void WriteErrors(ImportResult result)
    {
        var table = new Table()
            .Title($"[red]{result.Errors.Count.ToString("N0", CultureInfo.InvariantCulture)} error(s)[/]")
            .AddColumn("File").AddColumn(new TableColumn("Row").RightAligned()).AddColumn("Column").AddColumn("Code").AddColumn("Message");
        foreach (var error in result.Errors)
        {
            table.AddRow(
                Markup.Escape(Path.GetFileName(error.File)),
                N(error.Row),
                Markup.Escape(error.Column),
                Markup.Escape(error.Code),
                Markup.Escape(error.Message));
        }

        _context.ErrorConsole.Write(table);
        if (result.ErrorReportPath is { } report)
        {
            _context.ErrorConsole.MarkupLineInterpolated($"Error report written to [bold]{report}[/]");
        }

        _context.ErrorConsole.MarkupLine("[red]error:[/] the file was rejected; fix the rows above and import it again.");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
