using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Export;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Assignments;

/// <summary>
/// <c>cartera assignments export</c>: the active assignments as CSV with the columns of the import file
/// (<c>debtor_id, assignee_email, role, valid_from</c>), so an export re-imports unchanged. Streamed, ordered by
/// debtor id and role.
/// </summary>
public sealed class AssignmentExporter(CarteraDbContext db)
{
    public async Task<long> WriteCsvAsync(TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync(CsvText.Line(AssignmentImporter.Columns));
        var rows =
            from a in db.DebtorAssignments.AsNoTracking()
            join d in db.Debtors on a.DebtorId equals d.Id
            join u in db.Users on a.UserId equals u.Id
            where a.EndedAt == null
            orderby d.ExternalId, a.Role
            select new { d.ExternalId, u.Email, a.Role, a.ValidFrom };
        long count = 0;
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            await output.WriteLineAsync(CsvText.Line([
                CsvText.Defuse(row.ExternalId),
                CsvText.Defuse(row.Email ?? string.Empty),
                EnumCodes.ToCode(row.Role),
                row.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]));
            count++;
        }

        return count;
    }
}
