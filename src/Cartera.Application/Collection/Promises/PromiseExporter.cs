using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Export;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Promises;

/// <summary>
/// <c>cartera export promises --date D</c>: one row per installment of every promise made on or before D (a closed
/// business date), in (promise_id, installment_number) order, with the statuses <b>as of D</b>. They are recomputed from
/// the payments as they stand (<see cref="PromiseEvaluation"/>), not read from the status columns, which hold only the
/// last close's: so any closed date can be reported, and the same date exports the same rows until a payment
/// value-dated on or before it is posted or reversed. Promises are read in batches; memory does not grow with their number.
/// </summary>
public sealed class PromiseExporter(DatabaseOptions database)
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "promise_id", "debtor_id", "installment_number", "due_on", "amount", "currency", "status", "kept_on", "counted", "as_of",
    ];

    public async Task<long> ExportAsync(DateOnly asOf, ExportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var db = new CarteraDbContext(CarteraDatabase.Options(database));
        await DelinquencyExporter.EnsureClosedAsync(db, asOf, cancellationToken);
        var columns = Columns.ToArray();
        var rows = Rows(db, asOf);
        return format == ExportFormat.Csv
            ? await TabularWriter.WriteCsvAsync(columns, rows, output, cancellationToken)
            : await TabularWriter.WriteXlsxAsync("promises", columns, rows, output, cancellationToken);
    }

    private static IEnumerable<object?[]> Rows(CarteraDbContext db, DateOnly asOf)
    {
        static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string? after = null;
        while (true)
        {
#pragma warning disable CA1309 // translated to SQL: the database compares as it orders (ORDER BY external_id), which keyset paging needs
            var page = db.Promises.AsNoTracking().Where(p => p.MadeOn <= asOf && (after == null || string.Compare(p.ExternalId, after) > 0))
                .OrderBy(p => p.ExternalId).Select(p => new { p.Id, p.ExternalId }).Take(PromiseEvaluation.Batch).ToList();
#pragma warning restore CA1309
            if (page.Count == 0)
            {
                yield break;
            }

            after = page[^1].ExternalId;
            var ids = page.Select(p => p.Id).ToList();
            var loaded = PromiseEvaluation.WithDetails(db, tracked: false).Where(p => ids.Contains(p.Id)).ToDictionary(p => p.Id);
            var promises = ids.Select(id => loaded[id]).ToList(); // the database's order of promise_id
            var debtorIds = promises.Select(p => p.DebtorId).Distinct().ToList();
            var debtors = db.Debtors.AsNoTracking().Where(d => debtorIds.Contains(d.Id)).ToDictionary(d => d.Id, d => d.ExternalId);
            var outcomes = PromiseEvaluation.Evaluate(db, promises, asOf);
            foreach (var promise in promises)
            {
                var currency = Currency.Of(promise.CurrencyCode);
                foreach (var i in outcomes[promise.Id].Installments)
                {
                    yield return
                    [
                        promise.ExternalId, debtors[promise.DebtorId], i.Number, Day(i.DueOn), TabularWriter.Major(i.AmountMinor, currency), promise.CurrencyCode,
                        EnumCodes.ToCode(i.Status), Day(i.KeptOn), TabularWriter.Major(i.CountedMinor, currency), Day(asOf),
                    ];
                }
            }
        }
    }
}
