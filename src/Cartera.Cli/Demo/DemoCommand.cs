using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Demo;
using Cartera.Cli.Scoring;
using Cartera.Cli.Shared;
using Spectre.Console;

namespace Cartera.Cli.Demo;

/// <summary><c>cartera demo</c>: migrates the database and fills it with the synthetic demo portfolio.</summary>
internal sealed class DemoCommand : Command
{
    private static readonly Option<int> Debtors = new("--debtors")
    {
        Description = "Number of debtors to generate.",
        HelpName = "N",
        DefaultValueFactory = _ => 2_000,
    };

    private static readonly Option<DateOnly?> AsOf = new("--as-of")
    {
        Description = "Date (yyyy-MM-dd) at which the portfolio shows its aging. Default: today in the lender's time zone (Lender:TimeZone).",
        HelpName = "DATE",
        CustomParser = ParseDate,
    };

    private static readonly Option<int> Seed = new("--seed")
    {
        Description = "Random seed: the same seed and date give the same portfolio.",
        HelpName = "N",
        DefaultValueFactory = _ => new DemoOptions { AsOf = default }.Seed,
    };

    private readonly CliContext _context;

    public DemoCommand(CliContext context)
        : base("demo", "Fill the database with a synthetic Colombian portfolio: current and past-due obligations in every aging bucket.")
    {
        _context = context;
        Add(Debtors);
        Add(AsOf);
        Add(Seed);
        SetAction(ExecuteAsync);
    }

    internal static DateOnly? ParseDate(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"'{text}' is not a date in the form yyyy-MM-dd.");
        return null;
    }

    /// <summary>Generates the demo portfolio with a progress display and prints what it wrote.</summary>
    internal static async Task<DemoResult> GenerateAsync(CliContext context, DatabaseOptions database, DemoOptions options, CancellationToken cancellationToken)
    {
        var demo = new DemoPortfolio(database, context.Clock, context.Actor);
        context.Console.MarkupLineInterpolated($"Generating [bold]{options.Debtors:N0}[/] demo debtors as of [bold]{options.AsOf:yyyy-MM-dd}[/] (seed {options.Seed})…");
        DemoResult result;
        if (context.Interactive)
        {
            result = await context.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("debtors", maxValue: options.Debtors);
                    return await demo.GenerateAsync(options, new SyncProgress<int>(done => task.Value = done), cancellationToken);
                });
        }
        else
        {
            result = await demo.GenerateAsync(
                options,
                new SyncProgress<int>(done => context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done:N0} / {options.Debtors:N0} debtors"))),
                cancellationToken);
        }

        var totals = new Table().Title("Demo portfolio").AddColumn("Written").AddColumn(new TableColumn("Count").RightAligned());
        totals.AddRow("Debtors", Number(result.Debtors));
        totals.AddRow("Obligations", Number(result.Obligations));
        totals.AddRow("Installments", Number(result.Installments));
        totals.AddRow("Ledger entries", Number(result.LedgerEntries));
        totals.AddRow("Collateral", Number(result.Collaterals));
        totals.AddRow("Insurance policies", Number(result.InsurancePolicies));
        totals.AddRow("Closed business date", result.ClosedDate is { } closed ? closed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none");
        totals.AddRow("Elapsed", result.Elapsed.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture) + " s");
        context.Console.Write(totals);

        var buckets = new Table().Title($"Obligations by days past due on {options.AsOf:yyyy-MM-dd}").AddColumn("Bucket").AddColumn(new TableColumn("Obligations").RightAligned());
        foreach (var bucket in DemoDelinquency.Buckets)
        {
            buckets.AddRow(bucket, Number(result.ObligationsByBucket.GetValueOrDefault(bucket)));
        }

        context.Console.Write(buckets);

        // Risk scores: a portfolio model trained on the demo's history, every debtor scored at the as-of date.
        context.Console.WriteLine("Training the payment model on the demo history and scoring every debtor…");
        var (training, scores, scoredOn) = await DemoScoring.RunAsync(database, context.Clock, context.Actor, options.AsOf, cancellationToken);
        if (training is null)
        {
            context.Out.WriteLine("scores: the demo history is too short to train a payment model (no debtor both paid and missed); no scores.");
        }
        else
        {
            ScorePortfolioTrainCommand.Print(context.Out, training);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scores: {scores:N0} debtors scored on {scoredOn:yyyy-MM-dd}"));

            // Champion/challenger outcomes of the last months, observed from the ledger, for cartera score learn-actions.
            var outcomes = await DemoActionOutcomes.RecordAsync(database, context.Clock, context.Actor, options.AsOf, cancellationToken);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"action outcomes: {outcomes.Recorded:N0} recorded in experiment {outcomes.Experiment}, {outcomes.Observed:N0} observed, {outcomes.Paid:N0} paid (see cartera score learn-actions)"));
        }

        // Credit evaluation of new clients: an application model trained on a synthetic German-format set, a few applications.
        context.Console.WriteLine("Training the application model on a synthetic German-format set and evaluating a few applications…");
        var credit = await DemoCreditEvaluation.RunAsync(database, context.Clock, context.Actor, options.Seed, cancellationToken);
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"application model: {credit.Model.ModelId} {credit.Model.ModelVersion} (synthetic data, {credit.Model.Rows} rows)"));
        context.Out.WriteLine("credit applications: " + string.Join(", ", credit.Applications.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Id} {Domain.Common.EnumCodes.ToCode(a.Recommendation)}/{Domain.Common.EnumCodes.ToCode(a.Status)}"))));
        return result;
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        var debtors = parseResult.GetValue(Debtors);
        if (debtors < 1)
        {
            throw new CliUsageException("--debtors must be at least 1.");
        }

        _context.Console.MarkupLineInterpolated($"Database: [bold]{CliContext.Describe(database)}[/]");
        var applied = await DatabaseMigrator.MigrateAsync(database, cancellationToken);
        if (applied.Count > 0)
        {
            _context.Console.MarkupLineInterpolated($"Applied {applied.Count} migration(s).");
        }

        var options = new DemoOptions
        {
            Debtors = debtors,
            AsOf = parseResult.GetValue(AsOf) ?? DemoPortfolio.TodayInColombia(_context.Clock),
            Seed = parseResult.GetValue(Seed),
        };
        await GenerateAsync(_context, database, options, cancellationToken);
        return ExitCodes.Ok;
    }
}
