using System.Globalization;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Communications;
using Cartera.Application.Compliance;

namespace Cartera.Application.Strategies;

/// <summary>
/// Close-of-day step 11 (DESIGN §5, "strategies: … tasks for the queues and messages for the next day"),
/// <c>strategies</c>: after the snapshots (7), promises and agreements (8) and scores (9), runs the active strategies
/// for the day after the closed date (<see cref="StrategyRun"/>, RULES §15: messages for S are planned by the close of
/// S − 1 from the position on S − 1) — messages to the outbox, call and visit steps to the queues — before the work
/// queues are computed (same number, order 1). Idempotent: a rerun finds the same outbox rows and adds nothing.
/// </summary>
public sealed class StrategiesStep(LenderContact? lender = null) : ICloseOfDayStep
{
    public int Number => 11;

    public string Name => CloseOfDaySteps.Strategies;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var rules = new ComplianceCatalogCache();
        var run = StrategyRun.Create(context.Db, rules, lender ?? new LenderContact());
        var sendDate = context.Date.AddDays(1);
        var s = await run.RunAsync(sendDate, dryRun: false, ct: cancellationToken);
        return new CloseOfDayStepOutcome(s.Rows, string.Create(CultureInfo.InvariantCulture,
            $"{s.Rows} strategy row(s) for {sendDate:yyyy-MM-dd} ({s.Debtors} debtor(s) in segments): {s.Planned} planned, {s.Blocked} blocked, {s.Expired} expired; {s.Enqueued} new outbox message(s), {s.Tasks} queue task(s), {s.Errors} error(s)."));
    }
}
