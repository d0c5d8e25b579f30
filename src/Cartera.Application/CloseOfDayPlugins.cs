using Cartera.Application.CloseOfDay;
using Cartera.Application.Payments;
using Cartera.Application.Scoring.Actions;
using Cartera.Application.Scoring.Portfolio;

namespace Cartera.Application;

/// <summary>
/// The steps other features plug into the close-of-day, in the order they run — the one list the CLI, the scheduled
/// job and the demo use: before the snapshots, posting the payments whose value date has come (step 2); after them,
/// scoring every debtor with the active model, then observing
/// the champion/challenger outcomes whose window ended.
/// </summary>
public sealed record CloseOfDayPlugins(IReadOnlyList<ICloseOfDayStep> BeforeSnapshots, IReadOnlyList<ICloseOfDayStep> AfterSnapshots)
{
    public static CloseOfDayPlugins Default => new([new PostPaymentsStep()], [new ScoreDebtorsStep(), new ObserveActionOutcomesStep()]);

    public static CloseOfDayPlugins None => new([], []);

    public CloseOfDayRunner Runner(RunnerServices context, CloseOfDayOptions options) =>
        new(context.Database, context.Clock, context.Actor, options, BeforeSnapshots, AfterSnapshots);
}

/// <summary>What a runner needs to open its own database contexts.</summary>
public sealed record RunnerServices(Data.DatabaseOptions Database, TimeProvider Clock, Audit.IActor Actor);
