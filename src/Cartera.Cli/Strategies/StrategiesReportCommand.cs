using System.CommandLine;
using System.Globalization;
using Cartera.Application.Strategies;
using Cartera.Cli.CloseOfDay;
using Cartera.Cli.Shared;
using Cartera.Domain.Common;

namespace Cartera.Cli.Strategies;

/// <summary>
/// <c>cartera strategies report --strategy X --from D --to D [--window N] [--format table|csv]</c>: the strategy's
/// champion/challenger variants compared on contact rate, promise rate, amount recovered and cure rate
/// (docs/user/strategies.md, "Variant report"); one row per variant and currency recovered.
/// </summary>
internal sealed class StrategiesReportCommand : Command
{
    private static readonly string[] Columns =
        ["strategy", "variant", "debtors", "messages", "contacted", "contact_rate", "promised", "promise_rate", "past_due", "cured", "cure_rate", "currency", "amount_recovered"];

    private static readonly Option<string> Strategy = new("--strategy") { Description = "The strategy's code.", HelpName = "X", Required = true };
    private static readonly Option<string> From = new("--from") { Description = "First send date (yyyy-MM-dd).", HelpName = "yyyy-MM-dd", Required = true };
    private static readonly Option<string> To = new("--to") { Description = "Last send date (yyyy-MM-dd).", HelpName = "yyyy-MM-dd", Required = true };
    private static readonly Option<int> Window = new("--window") { Description = "Days after a debtor's first message that count (1-366).", HelpName = "N", DefaultValueFactory = _ => VariantReport.DefaultWindowDays };
    private static readonly Option<string> Format = FormatOptions.Of("table", "csv");

    private readonly CliContext _context;

    public StrategiesReportCommand(CliContext context)
        : base("report", "Compare a strategy's variants: contact rate, promise rate, amount recovered and cure rate.")
    {
        _context = context;
        Add(Strategy);
        Add(From);
        Add(To);
        Add(Window);
        Add(Format);
        SetAction(ExecuteAsync);
    }


    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var from = CloseOfDayCommand.ParseDate(parseResult.GetRequiredValue(From), "--from")!.Value;
        var to = CloseOfDayCommand.ParseDate(parseResult.GetRequiredValue(To), "--to")!.Value;
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var figures = await new VariantReport(db).RunAsync(parseResult.GetRequiredValue(Strategy), from, to, parseResult.GetValue(Window), cancellationToken);
        var rows = figures.SelectMany(Rows).ToList();
        return await RowsOutput.WriteAsync(_context, parseResult.GetRequiredValue(Format), Columns, rows, cancellationToken);
    }

    private static IEnumerable<string[]> Rows(VariantFigures f)
    {
        var inv = CultureInfo.InvariantCulture;
        string[] Row(string currency, string amount) =>
        [
            f.Strategy, f.Variant, f.Debtors.ToString(inv), f.Messages.ToString(inv), f.Contacted.ToString(inv), f.ContactRate.ToString("0.0000", inv),
            f.Promised.ToString(inv), f.PromiseRate.ToString("0.0000", inv), f.PastDue.ToString(inv), f.Cured.ToString(inv), f.CureRate.ToString("0.0000", inv), currency, amount,
        ];

        if (f.RecoveredMinor.Count == 0)
        {
            yield return Row(string.Empty, "0");
            yield break;
        }

        foreach (var (code, minor) in f.RecoveredMinor)
        {
            var currency = Currency.Of(code);
            yield return Row(code, Money.FromMinorUnits(minor, currency).Amount.ToString("F" + currency.MinorUnits.ToString(inv), inv));
        }
    }
}
