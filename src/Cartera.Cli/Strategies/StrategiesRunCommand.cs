using System.CommandLine;
using System.Globalization;
using Cartera.Application.Communications;
using Cartera.Application.Compliance;
using Cartera.Application.Export;
using Cartera.Application.Strategies;
using Cartera.Cli.CloseOfDay;
using Cartera.Cli.Shared;
using Spectre.Console;

namespace Cartera.Cli.Strategies;

/// <summary>
/// <c>cartera strategies run --date S [--dry-run] [--format csv|table]</c>: what the active strategies do on send date S
/// (docs/user/strategies.md, "Running strategies"), one row per message (and per call or visit task) from the position
/// on S − 1. With <c>--dry-run</c> nothing is stored; without it the same rows go to the outbox (and the queues), as
/// close-of-day step 11 does. CSV goes to standard output with the columns of <see cref="StrategyRunRows.Columns"/>;
/// the summary goes to standard error.
/// </summary>
internal sealed class StrategiesRunCommand : Command
{
    private static readonly Option<string> Date = new("--date") { Description = "The send date S (yyyy-MM-dd); any date: a past one shows what would have been planned from the position on S - 1.", HelpName = "yyyy-MM-dd", Required = true };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "List what would be sent; store nothing." };
    private static readonly Option<string> Format = FormatOptions.Of("csv", "table");

    private readonly CliContext _context;

    public StrategiesRunCommand(CliContext context)
        : base("run", "Run the active strategies for a send date: messages to the outbox and tasks to the queues, or only list them (--dry-run).")
    {
        _context = context;
        Add(Date);
        Add(DryRun);
        Add(Format);
        SetAction(ExecuteAsync);
    }


    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var date = CloseOfDayCommand.ParseDate(parseResult.GetRequiredValue(Date), "--date")!.Value;
        var dryRun = parseResult.GetValue(DryRun);
        var csv = parseResult.GetRequiredValue(Format) == "csv";
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        using var rules = new ComplianceCatalogCache();
        var run = StrategyRun.Create(db, rules, new LenderContact());
        var table = new Table().AddColumns([.. StrategyRunRows.Columns]);
        if (csv)
        {
            await _context.Out.WriteLineAsync(string.Join(',', StrategyRunRows.Columns));
        }

        var summary = await run.RunAsync(date, dryRun, async row =>
        {
            var fields = StrategyRunRows.Fields(row);
            if (csv)
            {
                await _context.Out.WriteLineAsync(CsvText.Line([.. fields]));
            }
            else
            {
                table.AddRow(fields.Select(Markup.Escape).ToArray());
            }
        }, ct: cancellationToken);
        if (!csv)
        {
            _context.Console.Write(table);
        }

        await _context.Out.FlushAsync(cancellationToken);
        var from = summary.PositionDate is { } p ? p.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none (no date closed)";
        var stored = dryRun ? "nothing stored." : string.Create(CultureInfo.InvariantCulture, $"{summary.Enqueued} new outbox message(s), {summary.Tasks} queue task(s).");
        await _context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{(dryRun ? "dry run" : "run")} for {date:yyyy-MM-dd} from the position of {from}: {summary.Debtors} debtor(s) in segments, {summary.Rows} row(s): {summary.Planned} planned, {summary.Blocked} blocked, {summary.Expired} expired; {stored}"));
        return ExitCodes.Ok;
    }
}
