using System.Globalization;
using Cartera.Application.CloseOfDay;
using Cartera.Domain.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Kpis;

/// <summary>
/// Close-of-day step 12 (DESIGN §5, "KPI figures of the date"), <c>kpis</c>: after the snapshots (7), promises (8) and
/// the rest, computes the date's KPI inputs with <see cref="KpiReport"/> over the one-day period [D, D] for every
/// grouping but <c>variant</c> (whose members are the period's messages, not a date's), and replaces the date's rows of
/// <c>kpi_figures</c>. Idempotent: a rerun deletes and writes the same rows.
/// </summary>
public sealed class KpisStep : ICloseOfDayStep
{
    /// <summary>The groupings stored per date.</summary>
    public static readonly IReadOnlyList<KpiGrouping> Groupings =
        [KpiGrouping.None, KpiGrouping.Product, KpiGrouping.Branch, KpiGrouping.Team, KpiGrouping.Collector, KpiGrouping.Agency];

    public int Number => 12;

    public string Name => CloseOfDaySteps.Kpis;

    public async Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = context.Db;
        var date = context.Date;
        var report = new KpiReport(db);
        var beginClosed = await report.IsClosedAsync(date.AddDays(-1), cancellationToken);
        var figures = new List<KpiFigure>();
        foreach (var grouping in Groupings)
        {
            foreach (var row in await report.ComputeAsync(new KpiPeriod(date, date), grouping, beginClosed, cancellationToken))
            {
                figures.Add(new KpiFigure
                {
                    BusinessDate = date,
                    Grouping = grouping,
                    GroupKey = row.Group,
                    CurrencyCode = row.Currency,
                    ReceivablesBeginMinor = row.ReceivablesBeginMinor,
                    ReceivablesMinor = row.ReceivablesEndMinor,
                    CurrentMinor = row.CurrentEndMinor,
                    OpenCount = row.OpenCount,
                    PastDueCount = row.PastDueCount,
                    AverageAge = row.Figures.AverageAge,
                    DsoCountBack = row.DsoCountBack,
                    CreditSalesMinor = row.CreditSalesMinor,
                    RecoveredMinor = row.RecoveredMinor,
                    PromisesDue = row.PromisesDue,
                    PromisesKept = row.PromisesKept,
                    PromisesDueMinor = row.PromisesDueMinor,
                    PromisesKeptMinor = row.PromisesKeptMinor,
                });
            }
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.KpiFigures.Where(f => f.BusinessDate == date).ExecuteDeleteAsync(cancellationToken);
            db.KpiFigures.AddRange(figures);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        return new CloseOfDayStepOutcome(figures.Count, string.Create(CultureInfo.InvariantCulture,
            $"{figures.Count} KPI figure row(s) for {date:yyyy-MM-dd} ({Groupings.Count} groupings)."));
    }
}
