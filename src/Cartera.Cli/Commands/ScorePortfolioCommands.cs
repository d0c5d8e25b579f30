using System.CommandLine;
using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Scoring;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Cli.Infrastructure;

namespace Cartera.Cli.Commands;

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
        var report = await new PortfolioTraining(db, _context.Clock).TrainAsync(new PortfolioTrainingOptions
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

/// <summary>
/// <c>cartera score application-train --data FILE --format german [--amount-scale N] [--activate]</c>: trains the application
/// model of the credit evaluation of new clients on German-format data and registers it with purpose <c>application</c>.
/// </summary>
internal sealed class ScoreApplicationTrainCommand : Command
{
    private static readonly Option<FileInfo> Data = ScoreCommand.DataOption();
    private static readonly Option<string> Format = CreateFormat();
    private static readonly Option<decimal> AmountScale = new("--amount-scale")
    {
        Description = "The lender's currency units per unit of the data's amounts (1 = the lender's own data in its own currency; for the public German file, units per Deutsche Mark).",
        HelpName = "N",
        DefaultValueFactory = _ => 1m,
    };

    private static readonly Option<bool> Activate = new("--activate") { Description = "Make the new model the active application model (the first one is always activated)." };
    private static readonly Option<string> Model = new("--model") { Description = "gbt (default) or logistic.", HelpName = "KIND", DefaultValueFactory = _ => "gbt" };
    private static readonly Option<int> Seed = ScoreCommand.SeedOption();

    private readonly CliContext _context;

    public ScoreApplicationTrainCommand(CliContext context)
        : base("application-train", "Train the application model (credit evaluation of new clients) on German-format data and store it in the model registry.")
    {
        _context = context;
        Model.AcceptOnlyFromAmong("gbt", "logistic");
        Add(Data);
        Add(Format);
        Add(AmountScale);
        Add(Activate);
        Add(Model);
        Add(Seed);
        SetAction(ExecuteAsync);
    }

    private static Option<string> CreateFormat()
    {
        var option = new Option<string>("--format") { Description = "Data format: german (the UCI layout, public or the lender's own).", HelpName = "FORMAT", DefaultValueFactory = _ => "german" };
        option.AcceptOnlyFromAmong("german");
        return option;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var scale = parseResult.GetValue(AmountScale);
        if (scale <= 0m)
        {
            throw new CliUsageException("--amount-scale must be greater than zero.");
        }

        var set = ScoreCommand.Read(parseResult.GetRequiredValue(Data), parseResult.GetRequiredValue(Format));
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var options = new ScoringOptions { Kind = parseResult.GetValue(Model) == "logistic" ? ModelKind.Logistic : ModelKind.Gbt, Seed = parseResult.GetValue(Seed) };
        var r = await ApplicationModel.TrainAsync(db, _context.Clock, set, scale, options, parseResult.GetValue(Activate), _context.Actor.Name, cancellationToken);
        var i = CultureInfo.InvariantCulture;
        _context.Out.WriteLine($"model: {r.ModelId.ToString(i)} {r.ModelVersion} purpose application{(r.Active ? " (active)" : string.Empty)}");
        _context.Out.WriteLine($"data: {r.Rows.ToString(i)} rows, {r.Positives.ToString(i)} bad, sha256 {r.DataSha256}, amount scale {r.AmountScale.ToString(i)}");
        var o = r.OutOfFold;
        _context.Out.WriteLine($"out-of-fold: auc {ScoreCommand.F(o.Auc)} ks {ScoreCommand.F(o.Ks)} brier {ScoreCommand.F(o.Brier)} log_loss {ScoreCommand.F(o.LogLoss)} calibration_error {ScoreCommand.F(o.CalibrationError)}");
        if (r.Threshold is { } threshold)
        {
            _context.Out.WriteLine($"cost-optimal threshold: {ScoreCommand.F(threshold)} (the credit policy approves below it unless CreditEvaluation:ApproveBelow is set)");
        }

        _context.Out.WriteLine($"time: {ScoreCommand.F(r.TrainingSeconds, "0.0")} s");
        return ExitCodes.Ok;
    }
}

/// <summary><c>cartera score models</c>: the registry.</summary>
internal sealed class ScoreModelsCommand : Command
{
    private readonly CliContext _context;

    public ScoreModelsCommand(CliContext context)
        : base("models", "List the models in the registry with their purpose (payment or application; the active one of each purpose is marked).")
    {
        _context = context;
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var models = await new ScoringRegistry(db, _context.Clock).ListAsync(cancellationToken);
        if (models.Count == 0)
        {
            _context.Out.WriteLine("No models: train one with cartera score portfolio-train.");
            return ExitCodes.Ok;
        }

        var i = CultureInfo.InvariantCulture;
        _context.Out.WriteLine("id\tpurpose\tactive\tversion\tkind\tdata_as_of\trows\ttrained_by\ttrained_at");
        foreach (var m in models)
        {
            _context.Out.WriteLine(string.Join('\t', m.Id.ToString(i), m.Purpose, m.Active ? "*" : string.Empty, m.Version, m.Algorithm, m.DataAsOf.ToString("yyyy-MM-dd", i), m.Rows.ToString(i), m.TrainedBy, m.TrainedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", i)));
        }

        return ExitCodes.Ok;
    }
}

/// <summary><c>cartera score activate ID</c>: makes one model the active one (the others are deactivated; audited).</summary>
internal sealed class ScoreActivateCommand : Command
{
    private static readonly Argument<long> Id = new("ID") { Description = "The model id (see cartera score models)." };

    private readonly CliContext _context;

    public ScoreActivateCommand(CliContext context)
        : base("activate", "Make a model of the registry the active one of its purpose (close-of-day scores with the payment model; the credit evaluation uses the application model).")
    {
        _context = context;
        Add(Id);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var id = parseResult.GetValue(Id);
        await new ScoringRegistry(db, _context.Clock).ActivateAsync(id, cancellationToken);
        _context.Out.WriteLine($"model {id.ToString(CultureInfo.InvariantCulture)} is active.");
        return ExitCodes.Ok;
    }
}
