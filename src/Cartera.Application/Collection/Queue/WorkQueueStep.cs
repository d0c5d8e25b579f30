using System.Globalization;
using Cartera.Application.CloseOfDay;

namespace Cartera.Application.Collection.Queue;

/// <summary>
/// Close-of-day step 11 (DESIGN §5, "tasks for the queues"), <c>work_queue</c>: after promises (8) and scores (9),
/// recomputes every collector's work queue for the day after the closed date (the collectors' next working "today"),
/// with <see cref="QueueRefresh.AllAsync"/>. Idempotent: a rerun replaces the same rows.
/// </summary>
public sealed class WorkQueueStep : ICloseOfDayStep
{
    public int Number => 11;

    /// <summary>After the strategies (same number): their call and visit tasks are in the queue it computes.</summary>
    public int Order => 1;

    public string Name => CloseOfDaySteps.WorkQueue;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rows = await QueueRefresh.AllAsync(context.Db, context.Date.AddDays(1), cancellationToken);
        return new CloseOfDayStepOutcome(rows, string.Create(CultureInfo.InvariantCulture, $"{rows} work-queue row(s) computed for {context.Date.AddDays(1):yyyy-MM-dd}."));
    }
}
