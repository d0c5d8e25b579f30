using System.Globalization;
using Cartera.Application.Import;

namespace Cartera.Cli.Shared;

/// <summary>The row errors of an import whose rows stand alone, on standard error: one plain line each (long Spanish messages stay whole and greppable).</summary>
internal static class RowErrorOutput
{
    /// <summary>Writes the errors and returns the exit code: <see cref="ExitCodes.Ok"/> when there is none, <see cref="ExitCodes.Rejected"/> otherwise.</summary>
    public static async Task<int> WriteAsync(CliContext context, IReadOnlyList<ImportError> errors, long rejected)
    {
        if (errors.Count == 0)
        {
            return ExitCodes.Ok;
        }

        foreach (var error in errors)
        {
            await context.Error.WriteLineAsync($"error: {error.Code}: {error.Message}");
        }

        if (rejected > errors.Count)
        {
            await context.Error.WriteLineAsync($"… and more: only the first {errors.Count.ToString("N0", CultureInfo.InvariantCulture)} errors are listed.");
        }

        return ExitCodes.Rejected;
    }
}
