using System.CommandLine;
using System.Globalization;
using Cartera.Application.Communications.Letters;
using Cartera.Cli.Shared;

namespace Cartera.Cli.Communications;

/// <summary><c>cartera letters</c>: printed letters (docs/user/communications.md, "Letters").</summary>
internal sealed class LettersCommand : Command
{
    public LettersCommand(CliContext context)
        : base("letters", "Printed letters: assemble a day's print batch (batch.pdf and manifest.csv).")
    {
        Add(new LettersBatchCommand(context));
    }

    /// <summary>The letter settings from configuration (<c>Communications:Letters:*</c>).</summary>
    internal static LetterSettings Settings(CliContext context)
    {
        var section = context.Configuration().GetSection("Communications:Letters");
        return LetterSettings.From(section["Directory"], section["Paper"], section["ReturnAddress"]);
    }
}

/// <summary>
/// <c>cartera letters batch --date YYYY-MM-DD [--out DIR] [--duplex]</c>: the letters sent on the date as one
/// <c>batch.pdf</c> and a <c>manifest.csv</c>, in the day's folder of the letters directory or in <c>--out</c>.
/// Running it again for the same letters writes the same bytes.
/// </summary>
internal sealed class LettersBatchCommand : Command
{
    private static readonly Option<DateOnly> Date = new("--date", "-d") { Description = "The send date of the letters (YYYY-MM-DD).", HelpName = "YYYY-MM-DD", Required = true };

    private static readonly Option<DirectoryInfo?> Out = new("--out", "-o") { Description = "Folder for batch.pdf and manifest.csv. Default: the date's folder of Communications:Letters:Directory.", HelpName = "DIR" };

    private static readonly Option<bool> Duplex = new("--duplex") { Description = "Printing on both sides: a letter with an odd number of pages gets a blank back page." };

    private readonly CliContext _context;

    public LettersBatchCommand(CliContext context)
        : base("batch", "Assemble the letters sent on a date into one batch.pdf (each letter on a new sheet, in message id order) and a manifest.csv.")
    {
        _context = context;
        Add(Date);
        Add(Out);
        Add(Duplex);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var date = parseResult.GetRequiredValue(Date);
        var settings = LettersCommand.Settings(_context);
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var services = _context.Services(database);
        await using var scope = services.CreateAsyncScope();
        var batches = ActivatorUtilities.CreateInstance<LetterBatches>(scope.ServiceProvider, settings);
        var result = await batches.AssembleAsync(date, parseResult.GetValue(Out)?.FullName, parseResult.GetValue(Duplex), cancellationToken);
        await _context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{LetterSettings.Day(date)}: {result.Letters} letter(s), {result.Pages} page(s)"));
        await _context.Out.WriteLineAsync($"batch: {result.BatchFile ?? "(none: no letters sent on this date)"}");
        await _context.Out.WriteLineAsync($"manifest: {result.ManifestFile}");
        await _context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
