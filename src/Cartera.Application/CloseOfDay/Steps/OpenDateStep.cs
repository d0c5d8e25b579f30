using System.Globalization;
using Cartera.Application.Delinquency;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay.Steps;

/// <summary>
/// DESIGN §5 step 1, <c>open</c>: opens the business date and records the ledger watermark (the highest ledger id now;
/// lines above it were booked after the date's figures, so the next date recomputes what they touch), the business
/// date and its progress row in one transaction. The runner has already refused an earlier date or a gap.
/// </summary>
internal sealed class OpenDateStep : ICloseOfDayStep
{
    public int Number => 1;

    public string Name => CloseOfDaySteps.Open;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var now = context.Clock.GetUtcNow();
        var watermark = await db.Database.SqlQueryRaw<long>("SELECT coalesce(max(id), 0) AS \"Value\" FROM ledger_entries").SingleAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        db.BusinessDays.Add(new BusinessDay { Date = context.Date, Status = BusinessDayStatus.Open, OpenedAt = now, RunBy = context.Options.RunBy });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await Progress.RecordAsync(db, context.Date, Name, CloseOfDayStepStatus.Done, $"Opened; ledger watermark {watermark.ToString(CultureInfo.InvariantCulture)}.", now, cancellationToken, watermark: watermark);
        await tx.CommitAsync(cancellationToken);
        return new CloseOfDayStepOutcome(0, "opened") { Recorded = true };
    }
}
