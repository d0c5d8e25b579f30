using System.CommandLine;
using System.Globalization;
using Cartera.Application.Scoring;
using Cartera.Cli.Scoring;
using Cartera.Cli.Shared;

namespace Cartera.Cli.CreditEvaluation;

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
