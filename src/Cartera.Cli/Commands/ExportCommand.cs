using System.CommandLine;
using System.Globalization;
using Cartera.Application.Export;
using Cartera.Cli.Infrastructure;
using Cartera.Domain.Common;
using Spectre.Console;

namespace Cartera.Cli.Commands;

/// <summary><c>cartera export KIND --format csv|xlsx [--out FILE]</c>: writes to the file, or to standard output.</summary>
internal sealed class ExportCommand : Command
{
    private static readonly Argument<string> Kind = CreateKind();

    private static readonly Option<string> Format = CreateFormat();

    private static readonly Option<FileInfo?> Out = new("--out", "-o")
    {
        Description = "File to write. Default: standard output (CSV only, unless standard output is redirected).",
        HelpName = "FILE",
    };

    private readonly CliContext _context;

    public ExportCommand(CliContext context)
        : base("export", "Export debtors, obligations, installments, collateral or insurance as CSV or XLSX.")
    {
        _context = context;
        Add(Kind);
        Add(Format);
        Add(Out);
        SetAction(ExecuteAsync);
    }

    private static Argument<string> CreateKind()
    {
        var argument = new Argument<string>("kind") { Description = $"What to export: {string.Join(", ", EnumCodes.Codes<ExportKind>())}." };
        argument.AcceptOnlyFromAmong([.. EnumCodes.Codes<ExportKind>()]);
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
        var kind = EnumCodes.Parse<ExportKind>(parseResult.GetRequiredValue(Kind));
        var format = EnumCodes.Parse<ExportFormat>(parseResult.GetRequiredValue(Format));
        var file = parseResult.GetValue(Out);
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        var exporter = new PortfolioExporter(database);

        if (file is not null)
        {
            // Write beside the target and move it into place, so a failed export never leaves half a file.
            var temporary = file.FullName + ".partial";
            long rows;
            try
            {
                await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    rows = await exporter.ExportAsync(kind, format, stream, cancellationToken);
                }

                System.IO.File.Move(temporary, file.FullName, overwrite: true);
            }
            finally
            {
                System.IO.File.Delete(temporary);
            }

            _context.Console.MarkupLineInterpolated($"[green]Exported {rows.ToString("N0", CultureInfo.InvariantCulture)} row(s)[/] of {EnumCodes.ToCode(kind)} to [bold]{file.FullName}[/]");
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
            written = await exporter.ExportAsync(kind, format, standardOutput, cancellationToken);
            await standardOutput.FlushAsync(cancellationToken);
        }
        else
        {
            if (format == ExportFormat.Xlsx)
            {
                throw new CliUsageException("XLSX is a binary format: use --out FILE.");
            }

            using var buffer = new MemoryStream();
            written = await exporter.ExportAsync(kind, format, buffer, cancellationToken);
            buffer.Position = 0;
            using var reader = new StreamReader(buffer);
            await _context.Out.WriteAsync(await reader.ReadToEndAsync(cancellationToken));
            await _context.Out.FlushAsync(cancellationToken);
        }

        // Standard output carries the data: the message goes to standard error.
        _context.ErrorConsole.MarkupLineInterpolated($"Exported {written.ToString("N0", CultureInfo.InvariantCulture)} row(s) of {EnumCodes.ToCode(kind)}.");
        return ExitCodes.Ok;
    }
}
