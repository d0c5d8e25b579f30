using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.CloseOfDay;

/// <summary>
/// The portfolio split into at most N contiguous debtor-id ranges of about the same number of obligations (a debtor is
/// never split, so arrastre sees all of a debtor's obligations in one range).
/// </summary>
internal static class DebtorPartitions
{
    public static async Task<List<DebtorRange>> RangesAsync(CarteraDbContext db, int partitions, CancellationToken cancellationToken)
    {
        var starts = await db.Database.SqlQueryRaw<long>(
            """
            SELECT min(debtor_id) AS "Value" FROM (
                SELECT debtor_id, ntile({0}) OVER (ORDER BY debtor_id) AS tile FROM obligations
            ) t GROUP BY tile ORDER BY 1
            """, partitions).ToListAsync(cancellationToken);
        var distinct = starts.Distinct().Order().ToList();
        return Enumerable.Range(0, Math.Max(1, distinct.Count)).Select(k => new DebtorRange(
            k == 0 ? long.MinValue : distinct[k],
            k + 1 < distinct.Count ? distinct[k + 1] - 1 : long.MaxValue)).ToList();
    }
}
