using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Import;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Collection.Assignments;

/// <summary>Counts of an assignment file: data rows read, debtors assigned (or reassigned), already so, rows rejected; the row errors (at most <see cref="AssignmentImporter.MaxErrors"/> kept).</summary>
public sealed record AssignmentImportResult(string File, long Rows, long Assigned, long Unchanged, long Rejected, IReadOnlyList<ImportError> Errors);

/// <summary>
/// <c>cartera assignments import FILE</c>: a CSV or XLSX file with the columns <c>debtor_id, assignee_email, role,
/// valid_from</c> (<c>debtor_id</c> is the lender's id of the debtor, as in the portfolio files; <c>valid_from</c>
/// <c>yyyy-MM-dd</c>, empty = today). Unlike the portfolio import a bad row never stops the others: each row is
/// checked on its own and reported with its row and column in Spanish; the good rows are assigned in batches, each in
/// its own transaction, with one audit entry per changed debtor. The file is streamed.
/// </summary>
public sealed class AssignmentImporter(AssignmentService service, CarteraDbContext db)
{
    /// <summary>The columns of the file, in this order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["debtor_id", "assignee_email", "role", "valid_from"];

    /// <summary>Row errors kept in the result (the count of rejected rows goes on beyond it).</summary>
    public const int MaxErrors = 1_000;

    private const int BatchSize = 500;

    public async Task<AssignmentImportResult> ImportAsync(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var name = Path.GetFileName(path);
        var rowErrors = new RowErrors(name, MaxErrors);
        long rows = 0, assigned = 0, unchanged = 0;
        var (file, problem) = await TabularFile.OpenAsync(path, ct);
        if (file is null)
        {
            return new AssignmentImportResult(name, 0, 0, 0, 0, [new ImportError(name, problem!.Row, string.Empty, problem.Code, problem.Message)]);
        }

        using (file)
        {
            var ordinals = Columns.Select(file.IndexOf).ToArray();
            var missing = Columns.Where((c, i) => ordinals[i] < 0 && c != "valid_from").ToList();
            if (missing.Count > 0)
            {
                return new AssignmentImportResult(name, 0, 0, 0, 0,
                    missing.Select(c => new ImportError(name, 1, c, "missing_column", $"Falta la columna '{c}' en la fila de encabezados (columnas: {string.Join(", ", Columns)}).")).ToList());
            }

            var assignees = new Dictionary<(string, AssignmentRole), (Assignee? Assignee, DomainException? Error)>();
            var batch = new List<Row>(BatchSize);
            var reject = rowErrors.Reject;

            while (true)
            {
                var more = file.Read(out var readProblem);
                if (readProblem is not null)
                {
                    reject(readProblem.Row, string.Empty, readProblem.Code, readProblem.Message);
                }

                if (!more)
                {
                    break;
                }

                rows++;
                var row = file.Row;
                var parsed = await ParseAsync(file, ordinals, row, assignees, reject, ct);
                if (parsed is not null)
                {
                    batch.Add(parsed);
                }

                if (batch.Count >= BatchSize)
                {
                    var (a, u) = await FlushAsync(batch, reject, ct);
                    assigned += a;
                    unchanged += u;
                }
            }

            var (fa, fu) = await FlushAsync(batch, reject, ct);
            assigned += fa;
            unchanged += fu;
        }

        return new AssignmentImportResult(name, rows, assigned, unchanged, rowErrors.Rejected, rowErrors.Errors);
    }

    private sealed record Row(long Number, string ExternalId, Assignee Assignee, DateOnly ValidFrom);

    private async Task<Row?> ParseAsync(
        TabularFile file, int[] ordinals, long row, Dictionary<(string, AssignmentRole), (Assignee?, DomainException?)> assignees,
        Action<long, string, string, string> reject, CancellationToken ct)
    {
        var ok = true;
        for (var i = 0; i < ordinals.Length; i++)
        {
            if (ordinals[i] >= 0 && file.CellTooLong(ordinals[i]))
            {
                reject(row, Columns[i], "cell_too_long", $"Fila {row}, columna '{Columns[i]}': la celda es demasiado larga.");
                ok = false;
            }
        }

        var externalId = file.Get(ordinals[0]);
        if (externalId.Length == 0)
        {
            reject(row, "debtor_id", "required", $"Fila {row}, columna 'debtor_id': falta el identificador del deudor.");
            ok = false;
        }

        var email = file.Get(ordinals[1]);
        if (email.Length == 0)
        {
            reject(row, "assignee_email", "required", $"Fila {row}, columna 'assignee_email': falta el correo del usuario asignado.");
            ok = false;
        }

        var roleText = file.Get(ordinals[2]);
        if (!EnumCodes.TryParse<AssignmentRole>(roleText, out var role))
        {
            reject(row, "role", roleText.Length == 0 ? "required" : "invalid_code",
                $"Fila {row}, columna 'role': '{roleText}' no es un rol de asignación (use {string.Join(", ", EnumCodes.Codes<AssignmentRole>())}).");
            ok = false;
        }

        var validFrom = service.Today;
        var dateText = ordinals[3] >= 0 ? file.Get(ordinals[3]) : string.Empty;
        if (dateText.Length > 0 && !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out validFrom))
        {
            reject(row, "valid_from", "invalid_date", $"Fila {row}, columna 'valid_from': '{dateText}' no es una fecha AAAA-MM-DD.");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        var key = (email.ToUpperInvariant(), role);
        if (!assignees.TryGetValue(key, out var resolved))
        {
            try
            {
                resolved = (await service.ResolveAssigneeAsync(email, role, ct), null);
            }
            catch (DomainException e)
            {
                resolved = (null, e);
            }

            assignees[key] = resolved;
        }

        if (resolved.Item2 is { } error)
        {
            var column = error.Field == "role" ? "role" : "assignee_email";
            reject(row, column, error.Code, $"Fila {row}, columna '{column}': {error.Message}");
            return null;
        }

        return new Row(row, externalId, resolved.Item1!, validFrom);
    }

    private async Task<(long Assigned, long Unchanged)> FlushAsync(List<Row> batch, Action<long, string, string, string> reject, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return (0, 0);
        }

        var externalIds = batch.Select(r => r.ExternalId).Distinct(StringComparer.Ordinal).ToList();
        var ids = await db.Debtors.AsNoTracking().Where(d => externalIds.Contains(d.ExternalId))
            .Select(d => new { d.ExternalId, d.Id }).ToDictionaryAsync(d => d.ExternalId, d => d.Id, StringComparer.Ordinal, ct);
        long assigned = 0, unchanged = 0;
        var pending = new List<(long DebtorId, Row Row)>();
        foreach (var row in batch)
        {
            if (ids.TryGetValue(row.ExternalId, out var id))
            {
                pending.Add((id, row));
            }
            else
            {
                reject(row.Number, "debtor_id", "unknown_debtor", $"Fila {row.Number}, columna 'debtor_id': no existe un deudor con el identificador '{row.ExternalId}'.");
            }
        }

        // Rows of one batch are applied in file order, one group of consecutive rows at a time that never names the
        // same debtor and role twice (a later row for the same debtor and role replaces the earlier one).
        var group = new List<(long DebtorId, Row Row)>();
        var seen = new HashSet<(long, AssignmentRole)>();
        async Task ApplyGroupAsync()
        {
            foreach (var same in group.GroupBy(g => (g.Row.Assignee.UserId, g.Row.Assignee.Role, g.Row.ValidFrom)))
            {
                var first = same.First().Row;
                var (a, u) = await ApplyAsync(same.Select(s => s.DebtorId).ToList(), first.Assignee, first.ValidFrom, ct);
                assigned += a;
                unchanged += u;
            }

            group.Clear();
            seen.Clear();
        }

        foreach (var item in pending)
        {
            if (!seen.Add((item.DebtorId, item.Row.Assignee.Role)))
            {
                await ApplyGroupAsync();
                seen.Add((item.DebtorId, item.Row.Assignee.Role));
            }

            group.Add(item);
        }

        await ApplyGroupAsync();
        batch.Clear();
        return (assigned, unchanged);
    }

    private async Task<(int Assigned, int Unchanged)> ApplyAsync(List<long> debtorIds, Assignee assignee, DateOnly validFrom, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await service.AssignBatchAsync(debtorIds, assignee, validFrom, ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return result;
    }
}
