using System.CommandLine;
using System.Globalization;
using Cartera.Application.Scoring.Actions;
using Cartera.Cli.Demo;
using Cartera.Cli.Shared;
using Cartera.Domain.Scoring;

namespace Cartera.Cli.Scoring;

/// <summary>
/// <c>cartera score learn-actions [--as-of D] [--apply] [--pseudo-count K] [--min-outcomes N]</c>: learns the
/// best-next-action priors from the observed champion/challenger outcomes, prints one line per action (prior, observed,
/// n, posterior) and the experiments; with <c>--apply</c> stores the posteriors (source learned, audited).
/// </summary>
internal sealed class ScoreLearnActionsCommand : Command
{
    private static readonly Option<DateOnly?> AsOf = new("--as-of")
    {
        Description = "Only outcomes whose window ended by this date (yyyy-MM-dd). Default: every observed outcome.",
        HelpName = "DATE",
        CustomParser = DemoCommand.ParseDate,
    };

    private static readonly Option<bool> Apply = new("--apply") { Description = "Store the learned lifts and recovery shares (source learned; audited)." };
    private static readonly Option<int> PseudoCount = new("--pseudo-count") { Description = "How many outcomes the prior weighs as (k).", HelpName = "K", DefaultValueFactory = _ => ActionLearningSettings.Default.PseudoCount };
    private static readonly Option<int> MinOutcomes = new("--min-outcomes") { Description = "Outcomes an action needs before its prior moves.", HelpName = "N", DefaultValueFactory = _ => ActionLearningSettings.Default.MinimumOutcomes };

    private readonly CliContext _context;

    public ScoreLearnActionsCommand(CliContext context)
        : base("learn-actions", "Learn the best-next-action lifts from the champion/challenger outcomes; --apply stores them.")
    {
        _context = context;
        Add(AsOf);
        Add(Apply);
        Add(PseudoCount);
        Add(MinOutcomes);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var database = _context.Database(parseResult);
        await _context.EnsureMigratedAsync(database, cancellationToken);
        await using var db = _context.NewDbContext(database);
        var settings = new ActionLearningSettings(parseResult.GetValue(PseudoCount), parseResult.GetValue(MinOutcomes));
        var apply = parseResult.GetValue(Apply);
        var report = await new ActionLearning(db).LearnAsync(parseResult.GetValue(AsOf), apply, settings, cancellationToken);
        Print(_context.Out, report, settings, apply);
        return ExitCodes.Ok;
    }

    internal static void Print(TextWriter output, ActionLearningReport report, ActionLearningSettings settings, bool applied)
    {
        var i = CultureInfo.InvariantCulture;
        output.WriteLine($"outcomes: {report.Outcomes.ToString(i)} observed{(report.AsOf is { } d ? " with windows ended by " + d.ToString("yyyy-MM-dd", i) : string.Empty)}; pseudo-count {settings.PseudoCount.ToString(i)}, minimum {settings.MinimumOutcomes.ToString(i)}");
        output.WriteLine("action\tprior_lift\tobserved_lift\tn\tpayers\tposterior_lift\tprior_share\tobserved_share\tposterior_share\tupdated");
        foreach (var a in report.Result.Actions)
        {
            output.WriteLine(string.Join('\t',
                a.Code,
                ScoreCommand.F(a.Prior.Lift),
                a.ObservedLift is { } lift ? ScoreCommand.F(lift) : "-",
                a.Outcomes.ToString(i),
                a.Payers.ToString(i),
                ScoreCommand.F(a.Posterior.Lift),
                ScoreCommand.F(a.Prior.RecoveryShare),
                a.ObservedRecoveryShare is { } share ? ScoreCommand.F(share) : "-",
                ScoreCommand.F(a.Posterior.RecoveryShare),
                a.Updated ? "yes" : "no (n below the minimum)"));
        }

        foreach (var e in report.Result.Experiments)
        {
            output.WriteLine($"experiment {e.Experiment}: champion {Arm(e.Champion)}; challenger {Arm(e.Challenger)}; difference {ScoreCommand.F(e.RateDifference * 100, "0.0")} points, p-value {(e.PValue is { } p ? ScoreCommand.F(p) : "-")}{(e.ChallengerWins ? " (challenger wins)" : string.Empty)}");
        }

        output.WriteLine(applied ? $"applied: {report.Applied.ToString(i)} prior(s) stored as learned." : "not applied (use --apply to store the posteriors).");

        string Arm(ArmReport a) =>
            $"n {a.Outcomes.ToString(i)}, paid {ScoreCommand.F(a.PaymentRate * 100, "0.0")} % (expected {ScoreCommand.F(a.ExpectedRate * 100, "0.0")} %), lift {ScoreCommand.F(a.Lift, "0.000")}";
    }
}
