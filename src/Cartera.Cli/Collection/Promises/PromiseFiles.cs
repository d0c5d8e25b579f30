using System.Globalization;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Data;
using Cartera.Application.Export;
using Cartera.Cli.Shared;
using Spectre.Console;

namespace Cartera.Cli.Collection.Promises;

/// <summary>
/// The <c>promises</c> kind of <c>cartera import</c> and <c>cartera export</c> (issue 13 item 6): a promises file is
/// accepted promise by promise (a refused promise never stops the others), so it does not go through the all-or-nothing
/// portfolio importer; the export reports the statuses as of a closed date.
/// </summary>
internal static class PromiseFiles
{
    public const string Kind = "promises";

    /// <summary>Imports a promises file; prints the summary and every refused row. Exit code: 0 when every promise was
    /// imported or already there, <see cref="ExitCodes.Rejected"/> when any was refused.</summary>
    public static async Task<int> ImportAsync(CliContext context, DatabaseOptions database, FileInfo file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(file);
        var result = await new PromiseImporter(database, context.Clock, context.Actor).ImportAsync(file.FullName, cancellationToken);
        var table = new Table()
            .Title(result.FileRejected ? "[red]Importación rechazada: el archivo no tiene las columnas de promesas[/]" : "[green]Importación de promesas terminada[/]")
            .AddColumn("Archivo").AddColumn(new TableColumn("Filas").RightAligned()).AddColumn(new TableColumn("Promesas").RightAligned())
            .AddColumn(new TableColumn("Nuevas").RightAligned()).AddColumn(new TableColumn("Sin cambios").RightAligned()).AddColumn(new TableColumn("Rechazadas").RightAligned());
        table.AddRow(Markup.Escape(file.Name), N(result.Rows), N(result.Promises), N(result.Inserted), N(result.Unchanged), N(result.Rejected));
        context.Console.Write(table);
        if (result.Errors.Count == 0)
        {
            return ExitCodes.Ok;
        }

        var errors = new Table()
            .Title($"[red]{N(result.Errors.Count + result.ErrorsNotListed)} error(es)[/]")
            .AddColumn(new TableColumn("Fila").RightAligned()).AddColumn("Columna").AddColumn("Código").AddColumn("Mensaje");
        foreach (var e in result.Errors)
        {
            errors.AddRow(N(e.Row), Markup.Escape(e.Column), Markup.Escape(e.Code), Markup.Escape(e.Message));
        }

        context.ErrorConsole.Write(errors);
        context.ErrorConsole.MarkupLine(result.FileRejected
            ? "[red]error:[/] no se importó nada; corrija el encabezado y vuelva a importar."
            : "[red]error:[/] las promesas de las filas anteriores no se importaron; las demás sí. Corríjalas y vuelva a importar el archivo (las ya importadas quedan sin cambios).");
        return ExitCodes.Rejected;
    }

    /// <summary>The exporter of <c>cartera export promises --date D</c>.</summary>
    public static Func<Stream, CancellationToken, Task<long>> Exporter(ExportFormat format, string? date, DatabaseOptions database)
    {
        if (date is null)
        {
            throw new CliUsageException("The promises export needs --date yyyy-MM-dd (a closed business date).");
        }

        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
        {
            throw new CliUsageException($"--date '{date}' is not a date in the form yyyy-MM-dd.");
        }

        return (stream, ct) => new PromiseExporter(database).ExportAsync(asOf, format, stream, ct);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
