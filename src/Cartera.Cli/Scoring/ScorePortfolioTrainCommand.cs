using System.CommandLine;
using System.Globalization;
using Cartera.Application.Collection;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Scoring;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Cli.Demo;
using Cartera.Cli.Shared;

namespace Cartera.Cli.Scoring;

/// <summary>
/// <c>cartera score portfolio-train [--as-of D] [--activate] [--model gbt|logistic] [--sample N]</c>: trains the payment
/// model on the portfolio's own history, backtests it, stores it in the registry.
/// </summary>
internal sealed class ScorePortfolioTrainCommand : Command
{
    private static readonly Option<DateOnly?> AsOf = new("--as-of")
    {
        Description = "The training data ends here (yyyy-MM-dd). Default: the last closed business date, else the current one.",
        HelpName = "DATE",
        CustomParser = DemoCommand.ParseDate,
    };

    private static readonly Option<bool> Activate = new("--activate") { Description = "Make the new model the active one (the first model is always activated)." };
    private static readonly Option<string> Model = new("--model") { Description = "gbt (default) or logistic.", HelpName = "KIND", DefaultValueFactory = _ => "gbt" };
    private static readonly Option<int?> Sample = new("--sample") { Description = "Train on a seeded sample of at most N debtors (faster).", HelpName = "N" };
    private static readonly Option<int> Seed = ScoreCommand.SeedOption();

    private readonly CliContext _context;

    public ScorePortfolioTrainCommand(CliContext context)
        : base("portfolio-train", "Train the payment-probability model on the portfolio's own history, backtest it and store it in the model registry.")
    {
        _context = context;
        Model.AcceptOnlyFromAmong("gbt", "logistic");
        Add(AsOf);
        Add(Activate);
        Add(Model);
        Add(Sample);
        Add(Seed);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var asOf = parseResult.GetValue(AsOf) ?? await DefaultDateAsync(db, cancellationToken);
        var report = await new PortfolioTraining(db, _context.Clock, new CollectionCommitments()).TrainAsync(new PortfolioTrainingOptions
        {
            AsOf = asOf,
            Activate = parseResult.GetValue(Activate),
            SampleDebtors = parseResult.GetValue(Sample),
            Model = new ScoringOptions { Kind = parseResult.GetValue(Model) == "logistic" ? ModelKind.Logistic : ModelKind.Gbt, Seed = parseResult.GetValue(Seed) },
            TrainedBy = _context.Actor.Name,
        }, cancellationToken);
        Print(_context.Out, report);
        return ExitCodes.Ok;
    }

    internal static async Task<DateOnly> DefaultDateAsync(CarteraDbContext db, CancellationToken ct)
    {
        var calendar = new BusinessCalendar(db);
        return await calendar.LastClosedAsync(ct) ?? await calendar.CurrentAsync(ct);
    }

    internal static void Print(TextWriter output, PortfolioTrainingReport r)
    {
        var i = CultureInfo.InvariantCulture;
        output.WriteLine($"model: {r.ModelId.ToString(i)} {r.ModelVersion}{(r.Active ? " (active)" : string.Empty)}");
        output.WriteLine($"data: as of {r.AsOf.ToString("yyyy-MM-dd", i)}, {r.Debtors.ToString(i)} debtors, {r.ObservationDates.Count.ToString(i)} monthly observation dates, {r.Rows.ToString(i)} rows, {r.Positives.ToString(i)} did not pay, sha256 {r.DataSha256}");
        var o = r.OutOfFold;
        output.WriteLine($"out-of-fold: auc {ScoreCommand.F(o.Auc)} ks {ScoreCommand.F(o.Ks)} brier {ScoreCommand.F(o.Brier)} log_loss {ScoreCommand.F(o.LogLoss)} calibration_error {ScoreCommand.F(o.CalibrationError)}");
        if (r.Backtest is { } b)
        {
            output.WriteLine($"backtest: trained on {r.BacktestTrainRows.ToString(i)} rows with labels known before {r.BacktestCutoff.ToString("yyyy-MM-dd", i)}, evaluated on {b.Rows.ToString(i)} rows from it: auc {ScoreCommand.F(b.Auc)} ks {ScoreCommand.F(b.Ks)} brier {ScoreCommand.F(b.Brier)} log_loss {ScoreCommand.F(b.LogLoss)} calibration_error {ScoreCommand.F(b.CalibrationError)}");
            output.WriteLine("backtest deciles (predicted -> observed non-payment): " + string.Join(", ", b.Calibration.Select(c => $"{ScoreCommand.F(c.PredictedMean * 100, "0.0")} -> {ScoreCommand.F(c.ObservedRate * 100, "0.0")} %")));
        }
        else
        {
            output.WriteLine(r.BacktestNote);
        }

        output.WriteLine($"time: {ScoreCommand.F(r.TrainingSeconds, "0.0")} s");
    }
}
