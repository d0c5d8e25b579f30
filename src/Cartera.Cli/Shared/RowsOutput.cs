using Cartera.Application.Export;
using Spectre.Console;

namespace Cartera.Cli.Shared;

/// <summary>Prints rows of text as <c>csv</c> (header, then formula-escaped lines on standard output) or as a table.</summary>
internal static class RowsOutput
{
    public static async Task<int> WriteAsync(CliContext context, string format, IReadOnlyList<string> columns, IEnumerable<string[]> rows, CancellationToken cancellationToken)
    {
        if (format == "csv")
        {
            await context.Out.WriteLineAsync(string.Join(',', columns));
            foreach (var row in rows)
            {
                await context.Out.WriteLineAsync(CsvText.Line(row));
            }

            await context.Out.FlushAsync(cancellationToken);
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns(columns.ToArray());
        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        context.Console.Write(table);
        return ExitCodes.Ok;
    }
}
