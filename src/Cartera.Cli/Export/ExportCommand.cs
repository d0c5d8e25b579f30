using System.CommandLine;
using System.Globalization;
using Cartera.Application.Export;
using Cartera.Cli.Shared;
using Cartera.Domain.Common;
using Spectre.Console;

namespace Cartera.Cli.Export;

/// <summary>
/// <c>cartera export KIND --format csv|xlsx [--out FILE]</c>: writes to the file, or to standard output. The kind
/// <c>delinquency</c> takes <c>--date yyyy-MM-dd</c>, a closed business date.
/// </summary>
internal sealed class ExportCommand : Command
{
    private static readonly Argument<string> Kind = CreateKind();

    private static readonly Option<string> Format = CreateFormat();

    private static readonly Option<FileInfo?> Out = new("--out", "-o")
    {
        Description = "File to write. Default: standard output (CSV only, unless standard output is redirected).",
        HelpName = "FILE",
    };

    private static readonly Option<string?> Date = new("--date", "-d")
    {
        Description = "Business date of the delinquency or promises export (yyyy-MM-dd); it must be closed.",
        HelpName = "yyyy-MM-dd",
    };

    private readonly CliContext _context;

    public ExportCommand(CliContext context)
        : base("export", "Export debtors, obligations, installments, collateral, insurance, or the delinquency or promises of a closed date, as CSV or XLSX.")
    {
        _context = context;
        Add(Kind);
        Add(Format);
        Add(Out);
        Add(Date);
        SetAction(ExecuteAsync);
    }

    private static Argument<string> CreateKind()
    {
        string[] kinds = [.. EnumCodes.Codes<ExportKind>(), Collection.Promises.PromiseFiles.Kind];
        var argument = new Argument<string>("kind") { Description = $"What to export: {string.Join(", ", kinds)}." };
        argument.AcceptOnlyFromAmong(kinds);
        return argument;
    }

    private static Option<string> CreateFormat()
    {
        var option = new Option<string>("--format", "-f") { Description = "File format.", HelpName = "csv|xlsx", Required = true };
        option.AcceptOnlyFromAmong("csv", "xlsx");
        return option;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var code = parseResult.GetRequiredValue(Kind);
        var promises = code == Collection.Promises.PromiseFiles.Kind;
        var kind = promises ? ExportKind.Delinquency : EnumCodes.Parse<ExportKind>(code);
        var format = EnumCodes.Parse<ExportFormat>(parseResult.GetRequiredValue(Format));
        var file = parseResult.GetValue(Out);
        var database = _context.Database(parseResult);
        var export = promises ? Collection.Promises.PromiseFiles.Exporter(format, parseResult.GetValue(Date), database) : Exporter(kind, format, parseResult.GetValue(Date), database);
        await _context.EnsureMigratedAsync(database, cancellationToken);

        if (file is not null)
        {
            // Write beside the target and move it into place, so a failed export never leaves half a file.
            var temporary = file.FullName + ".partial";
            long rows;
            try
            {
                await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    rows = await export(stream, cancellationToken);
                }

                System.IO.File.Move(temporary, file.FullName, overwrite: true);
            }
            finally
            {
                System.IO.File.Delete(temporary);
            }

            _context.Console.MarkupLineInterpolated($"[green]Exported {rows.ToString("N0", CultureInfo.InvariantCulture)} row(s)[/] of {code} to [bold]{file.FullName}[/]");
            if (!promises)
            {
                await WarnPendingRecomputeAsync(kind, parseResult.GetValue(Date), database, cancellationToken);
            }

            return ExitCodes.Ok;
        }

        long written;
        if (_context.Out is StreamWriter { BaseStream: var standardOutput } writer)
        {
            if (format == ExportFormat.Xlsx && !Console.IsOutputRedirected)
            {
                throw new CliUsageException("XLSX is a binary format: use --out FILE or redirect standard output.");
            }

            await writer.FlushAsync(cancellationToken);
            written = await export(standardOutput, cancellationToken);
            await standardOutput.FlushAsync(cancellationToken);
        }
        else
        {
            if (format == ExportFormat.Xlsx)
            {
                throw new CliUsageException("XLSX is a binary format: use --out FILE.");
            }

            using var buffer = new MemoryStream();
            written = await export(buffer, cancellationToken);
            buffer.Position = 0;
            using var reader = new StreamReader(buffer);
            await _context.Out.WriteAsync(await reader.ReadToEndAsync(cancellationToken));
            await _context.Out.FlushAsync(cancellationToken);
        }

        // Standard output carries the data: the message goes to standard error.
        _context.ErrorConsole.MarkupLineInterpolated($"Exported {written.ToString("N0", CultureInfo.InvariantCulture)} row(s) of {code}.");
        if (!promises)
        {
            await WarnPendingRecomputeAsync(kind, parseResult.GetValue(Date), database, cancellationToken);
        }
        return ExitCodes.Ok;
    }

    /// <summary>On standard error: a delinquency export of a date with stale snapshots says so (rows marked
    /// <c>pending_recompute</c>), in Spanish and English.</summary>
    private async Task WarnPendingRecomputeAsync(ExportKind kind, string? date, Application.Data.DatabaseOptions database, CancellationToken cancellationToken)
    {
        if (kind != ExportKind.Delinquency || !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var businessDate))
        {
            return;
        }

        await using var db = _context.NewDbContext(database);
        var pending = await Application.CloseOfDay.PendingRecompute.LoadAsync(db, cancellationToken);
        var debtors = pending.DebtorsPendingOn(businessDate);
        if (debtors > 0)
        {
            var n = debtors.ToString(CultureInfo.InvariantCulture);
            _context.ErrorConsole.MarkupLineInterpolated($"[yellow]Atención: {n} deudor(es) con cifras pendientes de recálculo en {date} (pagos con fecha valor anterior registrados después del cierre); las filas pending_recompute=true cambiarán en el próximo cierre diario.[/]");
            _context.ErrorConsole.MarkupLineInterpolated($"[yellow]Warning: {n} debtor(s) have figures pending recompute on {date} (back-dated lines booked after the close); rows with pending_recompute=true change at the next close-of-day.[/]");
        }
    }

    private static Func<Stream, CancellationToken, Task<long>> Exporter(ExportKind kind, ExportFormat format, string? date, Application.Data.DatabaseOptions database)
    {
        if (kind != ExportKind.Delinquency)
        {
            return date is null
                ? (stream, ct) => new PortfolioExporter(database).ExportAsync(kind, format, stream, ct)
                : throw new CliUsageException("--date applies only to the delinquency export.");
        }

        if (date is null)
        {
            throw new CliUsageException("The delinquency export needs --date yyyy-MM-dd (a closed business date).");
        }

        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var businessDate))
        {
            throw new CliUsageException($"--date '{date}' is not a date in the form yyyy-MM-dd.");
        }

        return (stream, ct) => new DelinquencyExporter(database).ExportAsync(businessDate, format, stream, ct);
    }
}
