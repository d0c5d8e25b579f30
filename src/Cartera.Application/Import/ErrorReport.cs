using System.Globalization;
using Cartera.Application.Export;

namespace Cartera.Application.Import;

/// <summary>The error report written next to a rejected file: <c>name.errors.csv</c> with columns file,row,column,code,message.</summary>
internal static class ErrorReport
{
    public static string PathFor(string input) => Path.ChangeExtension(input, ".errors.csv");

    public static async Task<string> WriteAsync(string input, IReadOnlyList<ImportError> errors, CancellationToken cancellationToken)
    {
        var path = PathFor(input);
        await using var writer = new StreamWriter(path, append: false, CsvText.Utf8NoBom);
        await writer.WriteAsync("file,row,column,code,message\n");
        foreach (var e in errors)
        {
            var line = CsvText.Line([
                CsvText.Defuse(e.File), e.Row.ToString(CultureInfo.InvariantCulture), CsvText.Defuse(e.Column), e.Code, CsvText.Defuse(e.Message),
            ]);
            await writer.WriteAsync(line.AsMemory(), cancellationToken);
            await writer.WriteAsync('\n');
        }

        return path;
    }
}
