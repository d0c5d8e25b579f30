using System.CommandLine;
using System.Globalization;
using Cartera.Application.Bureau;
using Cartera.Cli.CloseOfDay;
using Cartera.Cli.Shared;
using Cartera.Domain.Bureau;
using Cartera.Domain.Common;
using Spectre.Console;

namespace Cartera.Cli.Bureau;

/// <summary><c>cartera bureau</c>: credit-bureau reporting — prior notices and the monthly report (docs/user/bureau.md).</summary>
internal sealed class BureauCommand : Command
{
    public BureauCommand(CliContext context)
        : base("bureau", "Credit-bureau reporting (RULES §8): import the prior notices, produce the monthly report file.")
    {
        var notices = new Command("notices", "Prior notices of a negative report, with their proof of delivery.");
        notices.Add(new BureauNoticesImportCommand(context));
        Add(notices);
        Add(new BureauReportCommand(context));
    }

    /// <summary>
    /// Configuration section <c>Bureau</c>: <c>SubscriberCode</c>, <c>ReporterName</c>, <c>ReporterAddress</c>,
    /// <c>Metro2:IdentificationNumber</c>, <c>Metro2:Equifax|Experian|TransUnion|Innovis</c> and
    /// <c>MinimumWages:N:Country|Year|Amount|Currency|Source</c> (added to or replacing the shipped years).
    /// </summary>
    internal static BureauSettings Settings(IConfiguration configuration)
    {
        var section = configuration.GetSection("Bureau");
        var reporter = new BureauReporter(
            section["SubscriberCode"] ?? "0",
            section["Metro2:IdentificationNumber"] ?? string.Empty,
            section["ReporterName"] ?? string.Empty,
            section["ReporterAddress"] ?? string.Empty)
        {
            InnovisProgramIdentifier = section["Metro2:Innovis"] ?? string.Empty,
            EquifaxProgramIdentifier = section["Metro2:Equifax"] ?? string.Empty,
            ExperianProgramIdentifier = section["Metro2:Experian"] ?? string.Empty,
            TransUnionProgramIdentifier = section["Metro2:TransUnion"] ?? string.Empty,
        };
        var wages = new List<MinimumWage>();
        foreach (var row in section.GetSection("MinimumWages").GetChildren())
        {
            // Every field is required: a wage is a country's and a currency's, never Colombia's by default.
            if (row["Country"] is not { Length: 2 } country
                || !int.TryParse(row["Year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !decimal.TryParse(row["Amount"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                || !Currency.TryOf(row["Currency"] ?? string.Empty, out var code)
                || decimal.Truncate(amount * code.MinorFactor) != amount * code.MinorFactor)
            {
                throw new CliUsageException($"Bureau:MinimumWages:{row.Key} needs Country (two letters), Year, Amount (e.g. 1750905.00, at most the currency's decimals) and a known Currency.");
            }

            wages.Add(new MinimumWage(country.ToUpperInvariant(), year, decimal.ToInt64(amount * code.MinorFactor), code.Code, row["Source"] ?? string.Empty));
        }

        return new BureauSettings(reporter, MinimumWageTable.Shipped.With(wages));
    }
}

/// <summary>
/// <c>cartera bureau notices import FILE</c>: columns <c>obligation_id, sent_on, delivered_on, channel, proof_reference</c>.
/// Bad rows are reported (row, column, Spanish message) and the others are saved. Exit 0 when every row was accepted,
/// <see cref="ExitCodes.Rejected"/> otherwise.
/// </summary>
internal sealed class BureauNoticesImportCommand : Command
{
    private static readonly Argument<FileInfo> File = new("file")
    {
        Description = "CSV (UTF-8, comma or semicolon) or XLSX with obligation_id, sent_on, delivered_on, channel, proof_reference.",
    };

    private readonly CliContext _context;

    public BureauNoticesImportCommand(CliContext context)
        : base("import", "Import prior notices (row by row: a bad row never stops the others; audited).")
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
        await using var db = _context.NewDbContext(database);
        var result = await new BureauNoticeImporter(db, _context.Clock).ImportAsync(file.FullName, cancellationToken);
        var inv = CultureInfo.InvariantCulture;
        _context.Console.WriteLine(string.Create(inv,
            $"{result.File}: rows read: {result.Rows}, added: {result.Added}, delivery dates added: {result.Delivered}, unchanged: {result.Unchanged}, rejected: {result.Rejected}"));
        return await RowErrorOutput.WriteAsync(_context, result.Errors, result.Rejected);
    }
}

/// <summary>
/// <c>cartera bureau report --date D --format csv|datacredito|metro2 [--out FILE]</c>: the report of closed business
/// date D. <c>csv</c> lists every candidate (reported or refused, with the reason) and changes nothing; the file formats
/// carry the reported accounts of their country and record them.
/// </summary>
internal sealed class BureauReportCommand : Command
{
    private static readonly Option<string> Date = new("--date") { Description = "The closed business date (yyyy-MM-dd).", HelpName = "yyyy-MM-dd", Required = true };

    private static readonly Option<string> Format = CreateFormat();

    private static readonly Option<FileInfo?> Out = new("--out", "-o")
    {
        Description = "Write to this file instead of standard output.",
        HelpName = "FILE",
    };

    private readonly CliContext _context;

    public BureauReportCommand(CliContext context)
        : base("report", "The credit-bureau report of a closed date: csv (every candidate, reported or refused), datacredito (Colombia) or metro2 (US).")
    {
        _context = context;
        Add(Date);
        Add(Format);
        Add(Out);
        SetAction(ExecuteAsync);
    }

    private static Option<string> CreateFormat()
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = "csv (default), datacredito or metro2.",
            HelpName = "csv|datacredito|metro2",
            DefaultValueFactory = _ => "csv",
        };
        option.AcceptOnlyFromAmong("csv", "datacredito", "metro2");
        return option;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var date = CloseOfDayCommand.ParseDate(parseResult.GetRequiredValue(Date), "--date")!.Value;
        if (!EnumCodes.TryParse<BureauFileFormat>(parseResult.GetRequiredValue(Format), out var format))
        {
            throw new CliUsageException("--format must be csv, datacredito or metro2.");
        }
        var settings = BureauCommand.Settings(_context.Configuration());
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var report = new BureauReport(db, _context.Clock, settings);
        BureauReportResult result;
        if (parseResult.GetValue(Out) is { } file)
        {
            // Written beside the target and moved over it once complete: a refused or failed run leaves no partial file.
            var temporary = file.FullName + ".tmp";
            try
            {
                await using (var writer = new StreamWriter(temporary, append: false, Application.Export.CsvText.Utf8NoBom))
                {
                    result = await report.WriteAsync(date, format, writer, cancellationToken);
                }

                System.IO.File.Move(temporary, file.FullName, overwrite: true);
            }
            finally
            {
                System.IO.File.Delete(temporary);
            }
        }
        else
        {
            result = await report.WriteAsync(date, format, _context.Out, cancellationToken);
        }

        _context.ErrorConsole.MarkupLineInterpolated(
            $"{result.Candidates.ToString(CultureInfo.InvariantCulture)} candidate(s): {result.Reported.ToString(CultureInfo.InvariantCulture)} reported, {result.Refused.ToString(CultureInfo.InvariantCulture)} refused; {result.Records.ToString(CultureInfo.InvariantCulture)} record(s) written, {result.AccountsRecorded.ToString(CultureInfo.InvariantCulture)} account(s) recorded.");
        return ExitCodes.Ok;
    }
}
