using Cartera.Application.CloseOfDay;
using Cartera.Application.Collection;
using Cartera.Application.Collection.Agreements;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Payments;
using Cartera.Application.Scoring.Actions;
using Cartera.Application.Scoring.Portfolio;

namespace Cartera.Application;

/// <summary>
/// The close-of-day steps other features register — the one list the CLI, the scheduled job and the demo use. The
/// runner adds its own steps (1, 3, 4–7) and runs all of them ordered by their DESIGN §5 number, so the order here does
/// not matter: 2 posting the payments whose value date has come, 8 marking the promises to pay and (order 1) monitoring the payment agreements, 9 scoring every debtor with the active model, then
/// (order 1) observing the champion/challenger outcomes whose window ended, 11 running the strategies (messages for the next day, queue tasks) then (order 1) computing the collectors' work queues, 12 storing the date's KPI figures. Step 10 joins by being listed
/// here.
/// </summary>
public sealed record CloseOfDayPlugins(IReadOnlyList<ICloseOfDayStep> Steps)
{
    public static CloseOfDayPlugins Default => new([new PostPaymentsStep(), new PromisesStep(), new AgreementsStep(), new ScoreDebtorsStep(new CollectionCommitments()), new ObserveActionOutcomesStep(), new Strategies.StrategiesStep(), new WorkQueueStep(), new Kpis.KpisStep()]);

    public static CloseOfDayPlugins None => new([]);

    public CloseOfDayRunner Runner(RunnerServices context, CloseOfDayOptions options) =>
        new(context.Database, context.Clock, context.Actor, options, Steps);
}

/// <summary>What a runner needs to open its own database contexts.</summary>
public sealed record RunnerServices(Data.DatabaseOptions Database, TimeProvider Clock, Audit.IActor Actor);
