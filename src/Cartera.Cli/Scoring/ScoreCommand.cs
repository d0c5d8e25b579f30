using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cartera.Application.Scoring;
using Cartera.Cli.CreditEvaluation;
using Cartera.Cli.Shared;
using Spectre.Console;

namespace Cartera.Cli.Scoring;

/// <summary><c>cartera score …</c>: train, evaluate and cross-validate the risk models on labelled files.</summary>
internal sealed class ScoreCommand : Command
{
    public ScoreCommand(CliContext context)
        : base("score", "Risk scoring: train, evaluate and cross-validate payment-probability models on labelled files (taiwan, german).")
    {
        Add(new ScoreTrainCommand(context));
        Add(new ScoreEvaluateCommand(context));
        Add(new ScoreCvCommand(context));
        Add(new ScorePortfolioTrainCommand(context));
        Add(new ScoreApplicationTrainCommand(context));
        Add(new ScoreModelsCommand(context));
        Add(new ScoreActivateCommand(context));
        Add(new ScoreLearnActionsCommand(context));
    }

    internal static Option<FileInfo> DataOption() => new("--data") { Description = "The labelled data file.", HelpName = "FILE", Required = true };

    internal static Option<string> FormatOption()
    {
        var option = new Option<string>("--format") { Description = "Data format: taiwan or german.", HelpName = "FORMAT", Required = true };
        option.AcceptOnlyFromAmong([.. ScoringFormats.All.Select(f => f.Name)]);
        return option;
    }

    internal static Option<string> BoosterOption()
    {
        var option = new Option<string>("--booster") { Description = "Library of the boosted trees: lightgbm (default) or fasttree.", HelpName = "LIB", DefaultValueFactory = _ => "lightgbm" };
        option.AcceptOnlyFromAmong("lightgbm", "fasttree");
        return option;
    }

    internal static TreeBooster Booster(string? value) => value == "fasttree" ? TreeBooster.FastTree : TreeBooster.LightGbm;

    internal static Option<int> SeedOption() => new("--seed") { Description = "Seed of every random choice (default 42): same data and seed, same model.", HelpName = "N", DefaultValueFactory = _ => 42 };

    internal static TrainingSet Read(FileInfo data, string format)
    {
        if (!data.Exists)
        {
            throw new CliUsageException($"{data.FullName} does not exist.");
        }

        return ScoringFormats.Load(data.FullName, ScoringFormats.Get(format));
    }

    internal static string F(double value, string format = "0.0000") => value.ToString(format, CultureInfo.InvariantCulture);

    internal static async Task WriteJsonAsync<T>(FileInfo file, T value, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(file.FullName);
        await JsonSerializer.SerializeAsync(stream, value, ScoringJson.Options, cancellationToken);
    }
}

/// <summary><c>cartera score train --data FILE --format F --out model.zip [--model gbt|logistic] [--seed N]</c>.</summary>
internal sealed class ScoreTrainCommand : Command
{
    private static readonly Option<FileInfo> Data = ScoreCommand.DataOption();
    private static readonly Option<string> Format = ScoreCommand.FormatOption();
    private static readonly Option<FileInfo> Out = new("--out") { Description = "The model artifact to write (zip: ML.NET model + manifest.json).", HelpName = "FILE", Required = true };
    private static readonly Option<string> Model = CreateModelOption();
    private static readonly Option<int> Seed = ScoreCommand.SeedOption();
    private static readonly Option<string> Calibration = CreateCalibrationOption();
    private static readonly Option<string> Booster = ScoreCommand.BoosterOption();

    private readonly CliContext _context;

    public ScoreTrainCommand(CliContext context)
        : base("train", "Train a calibrated model on a labelled file and write the versioned artifact.")
    {
        _context = context;
        Add(Data);
        Add(Format);
        Add(Out);
        Add(Model);
        Add(Seed);
        Add(Calibration);
        Add(Booster);
        SetAction(Execute);
    }

    private static Option<string> CreateModelOption()
    {
        var option = new Option<string>("--model") { Description = "gbt (gradient-boosted trees, LightGBM; default) or logistic.", HelpName = "KIND", DefaultValueFactory = _ => "gbt" };
        option.AcceptOnlyFromAmong("gbt", "logistic");
        return option;
    }

    private static Option<string> CreateCalibrationOption()
    {
        var option = new Option<string>("--calibration") { Description = "platt (default) or isotonic; fitted on out-of-fold scores.", HelpName = "METHOD", DefaultValueFactory = _ => "platt" };
        option.AcceptOnlyFromAmong("platt", "isotonic");
        return option;
    }

    private int Execute(ParseResult parseResult)
    {
        var set = ScoreCommand.Read(parseResult.GetRequiredValue(Data), parseResult.GetRequiredValue(Format));
        var options = new ScoringOptions
        {
            Kind = parseResult.GetValue(Model) == "logistic" ? ModelKind.Logistic : ModelKind.Gbt,
            Seed = parseResult.GetValue(Seed),
            Booster = ScoreCommand.Booster(parseResult.GetValue(Booster)),
            Calibration = parseResult.GetValue(Calibration) == "isotonic" ? CalibrationMethod.Isotonic : CalibrationMethod.Platt,
        };
        var model = new ScoringTrainer(_context.Clock).Train(set, options, _context.Actor.Name);
        var output = parseResult.GetRequiredValue(Out);
        model.Save(output.FullName);
        var m = model.Manifest;
        _context.Out.WriteLine($"model: {m.ModelVersion} ({m.Algorithm}, seed {m.Seed})");
        _context.Out.WriteLine($"data: {m.Data.Rows} rows, {m.Data.Positives} positive, sha256 {m.Data.Sha256}");
        _context.Out.WriteLine($"out-of-fold: auc {ScoreCommand.F(m.Metrics.Auc)} ks {ScoreCommand.F(m.Metrics.Ks)} brier {ScoreCommand.F(m.Metrics.Brier)} log_loss {ScoreCommand.F(m.Metrics.LogLoss)} calibration_error {ScoreCommand.F(m.Metrics.CalibrationError)}");
        if (m.Threshold is { } threshold)
        {
            _context.Out.WriteLine($"threshold: {ScoreCommand.F(threshold)} (refuse when p >= threshold; cost matrix {ScoreCommand.F(m.Costs!.FalseNegative, "0.##")}:{ScoreCommand.F(m.Costs.FalsePositive, "0.##")})");
        }

        _context.Out.WriteLine($"training: {ScoreCommand.F(m.TrainingSeconds, "0.0")} s");
        _context.Out.WriteLine($"written: {output.FullName}");
        return ExitCodes.Ok;
    }
}

/// <summary><c>cartera score evaluate --model model.zip --data FILE --format F --report report.json [--scores scores.csv]</c>.</summary>
internal sealed class ScoreEvaluateCommand : Command
{
    private static readonly Option<FileInfo> ModelFile = new("--model") { Description = "A model artifact written by 'score train'.", HelpName = "FILE", Required = true };
    private static readonly Option<FileInfo> Data = ScoreCommand.DataOption();
    private static readonly Option<string> Format = ScoreCommand.FormatOption();
    private static readonly Option<FileInfo?> Report = new("--report") { Description = "JSON report: auc, ks, brier, log_loss, calibration[] (and cost, cost_approve_all, threshold for german).", HelpName = "FILE" };
    private static readonly Option<FileInfo?> Scores = new("--scores") { Description = "CSV of every row: id, label, probability, direction of the reasons (raises/lowers the risk) and the three reasons.", HelpName = "FILE" };
    private static readonly Option<string> Language = CreateLanguageOption();

    private readonly CliContext _context;

    public ScoreEvaluateCommand(CliContext context)
        : base("evaluate", "Measure a model on a labelled file: AUC, KS, Brier, log-loss, calibration by decile (and cost for german).")
    {
        _context = context;
        Add(ModelFile);
        Add(Data);
        Add(Format);
        Add(Report);
        Add(Scores);
        Add(Language);
        SetAction(ExecuteAsync);
    }

    private static Option<string> CreateLanguageOption()
    {
        var option = new Option<string>("--language") { Description = "Language of the reasons in --scores: es (default) or en.", HelpName = "LANG", DefaultValueFactory = _ => "es" };
        option.AcceptOnlyFromAmong("es", "en");
        return option;
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var modelFile = parseResult.GetRequiredValue(ModelFile);
        if (!modelFile.Exists)
        {
            throw new CliUsageException($"{modelFile.FullName} does not exist.");
        }

        var model = ScoringModel.Load(modelFile.FullName);
        var set = ScoreCommand.Read(parseResult.GetRequiredValue(Data), parseResult.GetRequiredValue(Format));
        var report = ScoringEvaluation.Evaluate(model, set);
        _context.Out.WriteLine($"model: {report.ModelVersion} ({report.Algorithm})");
        _context.Out.WriteLine($"data: {report.Rows} rows, {report.Positives} positive");
        _context.Out.WriteLine($"auc {ScoreCommand.F(report.Auc)} ks {ScoreCommand.F(report.Ks)} brier {ScoreCommand.F(report.Brier)} log_loss {ScoreCommand.F(report.LogLoss)} calibration_error {ScoreCommand.F(report.CalibrationError)} max_decile_gap {ScoreCommand.F(report.MaxDecileGap)}");
        var table = new Table().AddColumns("decile", "rows", "predicted", "observed", "gap");
        foreach (var bin in report.Calibration)
        {
            table.AddRow(bin.Bin.ToString(CultureInfo.InvariantCulture), bin.Count.ToString(CultureInfo.InvariantCulture),
                ScoreCommand.F(bin.PredictedMean), ScoreCommand.F(bin.ObservedRate), ScoreCommand.F(bin.ObservedRate - bin.PredictedMean));
        }

        _context.Console.Write(table);
        if (report.Cost is { } cost)
        {
            _context.Out.WriteLine($"cost {ScoreCommand.F(cost, "0")} (threshold {ScoreCommand.F(report.Threshold!.Value)}) vs approve everyone {ScoreCommand.F(report.CostApproveAll!.Value, "0")}");
        }

        if (parseResult.GetValue(Report) is { } reportFile)
        {
            await ScoreCommand.WriteJsonAsync(reportFile, report, cancellationToken);
            _context.Out.WriteLine($"report: {reportFile.FullName}");
        }

        if (parseResult.GetValue(Scores) is { } scoresFile)
        {
            var language = parseResult.GetValue(Language) ?? "es";
            var builder = new StringBuilder("id,label,probability,direction,reason_1,reason_2,reason_3\n");
            var scored = model.Score(set);
            var directions = ReasonCatalog.Default.Directions;
            for (var i = 0; i < scored.Count; i++)
            {
                var reasons = Enumerable.Range(0, 3).Select(k => k < scored[i].Reasons.Count ? Csv(scored[i].Reasons[k].Text(language)) : string.Empty);
                var direction = scored[i].Reasons.Count == 0 ? string.Empty : directions[scored[i].Reasons[0].RaisesRisk ? "up" : "down"].In(language);
                builder.Append(CultureInfo.InvariantCulture, $"{Csv(scored[i].Id)},{(set.Rows[i].Label ? 1 : 0)},{ScoreCommand.F(scored[i].Probability, "0.######")},{direction},{string.Join(',', reasons)}\n");
            }

            await File.WriteAllTextAsync(scoresFile.FullName, builder.ToString(), new UTF8Encoding(false), cancellationToken);
            _context.Out.WriteLine($"scores: {scoresFile.FullName}");
        }

        return ExitCodes.Ok;
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

/// <summary><c>cartera score cv --data FILE --format F --folds 5 [--report cv.json]</c>: both models, mean ± sd per metric.</summary>
internal sealed class ScoreCvCommand : Command
{
    private static readonly Option<FileInfo> Data = ScoreCommand.DataOption();
    private static readonly Option<string> Format = ScoreCommand.FormatOption();
    private static readonly Option<int> FoldCount = new("--folds") { Description = "Number of stratified folds (default 5).", HelpName = "K", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> Seed = ScoreCommand.SeedOption();
    private static readonly Option<FileInfo?> Report = new("--report") { Description = "JSON report of every metric per model: mean, sd, each fold.", HelpName = "FILE" };
    private static readonly Option<string> Booster = ScoreCommand.BoosterOption();

    private readonly CliContext _context;

    public ScoreCvCommand(CliContext context)
        : base("cv", "Stratified k-fold cross-validation of the boosted-trees model and the logistic baseline.")
    {
        _context = context;
        Add(Data);
        Add(Format);
        Add(FoldCount);
        Add(Seed);
        Add(Report);
        Add(Booster);
        FoldCount.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 2 or > 20)
            {
                result.AddError("--folds must be between 2 and 20.");
            }
        });
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var set = ScoreCommand.Read(parseResult.GetRequiredValue(Data), parseResult.GetRequiredValue(Format));
        var seed = parseResult.GetValue(Seed);
        var folds = parseResult.GetValue(FoldCount);
        _context.Out.WriteLine($"data: {set.Rows.Count} rows, {set.PositiveCount} positive, {folds} folds, seed {seed}");
        var progress = new SyncProgress<string>(line => _context.ErrorConsole.WriteLine(line));
        var report = new ScoringCrossValidation(_context.Clock).Run(
            set, folds, [new ScoringOptions { Kind = ModelKind.Gbt, Seed = seed, Booster = ScoreCommand.Booster(parseResult.GetValue(Booster)) }, new ScoringOptions { Kind = ModelKind.Logistic, Seed = seed }], progress);

        var table = new Table().AddColumn("metric");
        foreach (var model in report.Models)
        {
            table.AddColumn(model.Algorithm);
        }

        void Row(string name, Func<CrossValidatedModel, FoldStatistic?> metric, string format = "0.0000")
        {
            if (report.Models.All(m => metric(m) is null))
            {
                return;
            }

            table.AddRow([name, .. report.Models.Select(m => metric(m) is { } s ? $"{ScoreCommand.F(s.Mean, format)} ± {ScoreCommand.F(s.Sd, format)}" : string.Empty)]);
        }

        Row("auc", m => m.Auc);
        Row("ks", m => m.Ks);
        Row("brier", m => m.Brier);
        Row("log_loss", m => m.LogLoss);
        Row("calibration_error", m => m.CalibrationError);
        Row("max_decile_gap", m => m.MaxDecileGap);
        Row("cost", m => m.Cost, "0.0");
        Row("cost_approve_all", m => m.CostApproveAll, "0.0");
        Row("threshold", m => m.Threshold);
        Row("train_seconds", m => m.TrainSeconds, "0.00");
        _context.Console.Write(table);
        _context.Out.WriteLine($"total: {ScoreCommand.F(report.TotalSeconds, "0.0")} s");
        if (parseResult.GetValue(Report) is { } reportFile)
        {
            await ScoreCommand.WriteJsonAsync(reportFile, report, cancellationToken);
            _context.Out.WriteLine($"report: {reportFile.FullName}");
        }

        return ExitCodes.Ok;
    }
}
