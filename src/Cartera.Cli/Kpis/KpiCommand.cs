using System.CommandLine;
using System.Globalization;
using Cartera.Application.Export;
using Cartera.Application.Kpis;
using Cartera.Cli.CloseOfDay;
using Cartera.Cli.Shared;
using Cartera.Domain.Common;
using Spectre.Console;

namespace Cartera.Cli.Kpis;

/// <summary>
/// <c>cartera kpi --from A --to B [--by product|branch|team|collector|agency|variant] --format csv|xlsx [--out FILE]</c>:
/// the KPIs of RULES §10 per group and currency (docs/user/kpis.md); <c>cartera kpi roll-rates</c> the roll-rate matrix.
/// </summary>
internal sealed class KpiCommand : Command
{
    /// <summary>The columns the issue fixes, then ours (after them).</summary>
    internal static readonly string[] Columns =
    [
        "group", "from", "to", "receivables_begin", "receivables_end", "current_end", "past_due_end", "credit_sales", "dso", "bpdso", "add",
        "pct_overdue_amount", "pct_overdue_count", "avg_age", "cei", "promises_due", "promises_kept", "recovered",
        "currency", "dso_count_back", "open_count", "past_due_count", "promises_due_amount", "promises_kept_amount",
        "promises_kept_rate", "promises_kept_amount_rate", "cure_rate", "cure_rate_balance",
    ];

    internal static readonly Option<string> From = new("--from") { Description = "First business date of the period (yyyy-MM-dd).", HelpName = "yyyy-MM-dd", Required = true };
    internal static readonly Option<string> To = new("--to") { Description = "Last business date of the period (yyyy-MM-dd), a closed date.", HelpName = "yyyy-MM-dd", Required = true };
    internal static readonly Option<FileInfo?> Out = new("--out", "-o") { Description = "File to write. Default: standard output (CSV only).", HelpName = "FILE" };

    private static readonly Option<string?> By = CreateBy();
    private static readonly Option<string> Format = CreateFormat();

    private readonly CliContext _context;

    public KpiCommand(CliContext context)
        : base("kpi", "KPIs of a period from the close-of-day snapshots (DSO, best possible DSO, ADD, % overdue, average age, CEI, promises kept, recovered), per group and currency.")
    {
        _context = context;
        Add(From);
        Add(To);
        Add(By);
        Add(Format);
        Add(Out);
        Add(new KpiRollRatesCommand(context));
        SetAction(ExecuteAsync);
    }

    /// <summary>The shared <c>--format</c> option (csv default), saying that XLSX needs <c>--out</c>.</summary>
    internal static Option<string> CreateFormat()
    {
        var option = FormatOptions.Of("csv", "xlsx");
        option.Description = "csv (default, on standard output unless --out) or xlsx (needs --out).";
        return option;
    }

    private static Option<string?> CreateBy()
    {
        var option = new Option<string?>("--by") { Description = "Group by product, branch, team, collector, agency or variant (default: one group, 'total').", HelpName = "product|branch|team|collector|agency|variant" };
        option.AcceptOnlyFromAmong("product", "branch", "team", "collector", "agency", "variant");
        return option;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var from = CloseOfDayCommand.ParseDate(parseResult.GetRequiredValue(From), "--from")!.Value;
        var to = CloseOfDayCommand.ParseDate(parseResult.GetRequiredValue(To), "--to")!.Value;
        var by = parseResult.GetValue(By) is { } code ? EnumCodes.Parse<KpiGrouping>(code) : KpiGrouping.None;
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var rows = await new KpiReport(db).RunAsync(from, to, by, cancellationToken);
        await WriteAsync(_context, parseResult.GetRequiredValue(Format), parseResult.GetValue(Out), "kpi", Columns, rows.Select(Cells), cancellationToken);
        return ExitCodes.Ok;
    }

    private static object?[] Cells(KpiRow row)
    {
        var currency = Currency.Of(row.Currency);
        decimal Major(long minor) => TabularWriter.Major(minor, currency);
        var f = row.Figures;
        return
        [
            row.Group, Date(row.Period.From), Date(row.Period.To), Major(row.ReceivablesBeginMinor), Major(row.ReceivablesEndMinor), Major(row.CurrentEndMinor),
            Major(row.PastDueEndMinor), Major(row.CreditSalesMinor), f.Dso, f.BestPossibleDso, f.AverageDaysDelinquent,
            f.PctOverdueAmount, f.PctOverdueCount, f.AverageAge, f.Cei, row.PromisesDue, row.PromisesKept, Major(row.RecoveredMinor),
            row.Currency, row.DsoCountBack, row.OpenCount, row.PastDueCount, Major(row.PromisesDueMinor), Major(row.PromisesKeptMinor),
            row.PromisesKeptRate, row.PromisesKeptAmountRate, row.Cure.RateCount, row.Cure.RateBalance,
        ];
    }

    internal static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Writes the rows with Export's CSV/XLSX writers (formula injection escaped): to the file (written beside it, then moved), or CSV to standard output.</summary>
    internal static async Task WriteAsync(CliContext context, string format, FileInfo? file, string sheet, string[] columns, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        Task<long> Write(Stream stream) => format == "xlsx"
            ? TabularWriter.WriteXlsxAsync(sheet, columns, rows, stream, ct)
            : TabularWriter.WriteCsvAsync(columns, rows, stream, ct);

        if (file is null)
        {
            if (format == "xlsx")
            {
                throw new CliUsageException("XLSX is a binary format: use --out FILE.");
            }

            using var buffer = new MemoryStream();
            await Write(buffer);
            await context.Out.WriteAsync(CsvText.Utf8NoBom.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            await context.Out.FlushAsync(ct);
            return;
        }

        var temporary = file.FullName + ".partial";
        long written;
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                written = await Write(stream);
            }

            File.Move(temporary, file.FullName, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        context.ErrorConsole.MarkupLineInterpolated($"Wrote {written.ToString("N0", CultureInfo.InvariantCulture)} row(s) to {file.FullName}");
    }
}

/// <summary>
/// <c>cartera kpi roll-rates --from A --to B --format csv [--out FILE]</c>: of the obligations open on A, the share (count
/// and principal balance on A) in each bucket on A that are in each bucket on B; one matrix per currency.
/// </summary>
internal sealed class KpiRollRatesCommand : Command
{
    internal static readonly string[] Columns = ["from_bucket", "to_bucket", "count", "balance", "rate_count", "rate_balance", "currency"];

    private static readonly Option<string> Format = KpiCommand.CreateFormat();

    private readonly CliContext _context;

    public KpiRollRatesCommand(CliContext context)
        : base("roll-rates", "Roll rates between the aging buckets of two closed dates (paid off counts as current), per currency.")
    {
        _context = context;
        Add(KpiCommand.From);
        Add(KpiCommand.To);
        Add(Format);
        Add(KpiCommand.Out);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var from = CloseOfDayCommand.ParseDate(parseResult.GetRequiredValue(KpiCommand.From), "--from")!.Value;
        var to = CloseOfDayCommand.ParseDate(parseResult.GetRequiredValue(KpiCommand.To), "--to")!.Value;
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var rows = await new KpiReport(db).RollRatesAsync(from, to, cancellationToken);
        await KpiCommand.WriteAsync(_context, parseResult.GetRequiredValue(Format), parseResult.GetValue(KpiCommand.Out), "roll_rates", Columns, rows.Select(Cells), cancellationToken);
        return ExitCodes.Ok;
    }

    private static object?[] Cells(RollRateRow row)
    {
        var r = row.Rate;
        return [r.FromBucket, r.ToBucket, r.Count, TabularWriter.Major(r.BalanceMinor, Currency.Of(row.Currency)), r.RateCount, r.RateBalance, row.Currency];
    }
}
