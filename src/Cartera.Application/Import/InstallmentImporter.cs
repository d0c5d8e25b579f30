using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using static Cartera.Application.Import.InstallmentColumns;

namespace Cartera.Application.Import;

/// <summary>
/// installments: the schedule of an obligation as the core system has it. The rows of one obligation must be
/// together (the file is streamed). It replaces a generated schedule while the obligation has no ledger entries other
/// than its disbursement, and marks it imported; an imported schedule can be repeated but not changed.
/// </summary>
internal sealed class InstallmentImporter(ImportContext context) : KindImporter(context)
{
    private readonly HashSet<string> _closed = new(StringComparer.Ordinal);
    private readonly List<Group> _pending = [];
    private Group? _open;
    private int _pendingRows;

    private sealed record Line(long Row, int Number, DateOnly DueDate, decimal Principal, decimal Interest, decimal Insurance, decimal Other);

    private sealed record Group(string ObligationId, long FirstRow, List<Line> Lines);

    public override IReadOnlyList<string> IdTables => [];

    public override IReadOnlyList<string> WrittenTables => ["installments"];

    // A batch ends only between obligations: a schedule is validated whole.
    public override int Pending => _pendingRows;

    public override void ReadRow(CellParser cells)
    {
        var obligationId = cells.Required(ObligationId);
        var number = cells.Int(Number, true);
        var dueDate = cells.Date(DueDate, true);
        var principal = NonNegative(cells, Principal, true);
        var interest = NonNegative(cells, Interest, true);
        var insurance = NonNegative(cells, Insurance, false) ?? 0m;
        var other = NonNegative(cells, Other, false) ?? 0m;
        if (obligationId is null)
        {
            return;
        }

        if (_open is null || _open.ObligationId != obligationId)
        {
            CloseOpenGroup();
            if (_closed.Contains(obligationId))
            {
                cells.Error(ObligationId, "not_contiguous", $"The installments of obligation '{obligationId}' must be on consecutive rows.");
                return;
            }

            _open = new Group(obligationId, cells.Row, []);
        }

        if (!cells.RowFailed)
        {
            _open.Lines.Add(new Line(cells.Row, number!.Value, dueDate!.Value, principal!.Value, interest!.Value, insurance, other));
        }
        else
        {
            _open.Lines.Add(new Line(cells.Row, -1, default, 0, 0, 0, 0)); // keeps the group's rows; never written (the file failed)
        }
    }

    public override async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        if (final)
        {
            CloseOpenGroup();
        }

        if (_pending.Count == 0)
        {
            return;
        }

        var ids = _pending.Select(g => g.ObligationId).ToList();
        var obligations = await Context.Db.Obligations.AsNoTracking()
            .Where(o => EF.Parameter(ids).Contains(o.ExternalId))
            .ToDictionaryAsync(o => o.ExternalId, StringComparer.Ordinal, cancellationToken);
        var obligationIds = obligations.Values.Select(o => o.Id).ToList();
        var storedSchedules = await StoredSchedulesAsync(obligationIds, cancellationToken);
        var inUse = await WithMovementsAsync(obligationIds, cancellationToken);
        var replace = new List<(Obligation Obligation, List<PlannedInstallment> Schedule)>();
        foreach (var group in _pending)
        {
            if (!obligations.TryGetValue(group.ObligationId, out var obligation))
            {
                Context.Error(group.FirstRow, ObligationId, "unknown_obligation", $"Obligation '{group.ObligationId}' does not exist. Import it in the obligations file first.");
                continue;
            }

            if (group.Lines.Exists(l => l.Number < 0))
            {
                continue; // a row of it already failed: the schedule cannot be checked as a whole
            }

            var schedule = Validate(obligation, group);
            if (schedule is null)
            {
                continue;
            }

            var stored = storedSchedules.TryGetValue(obligation.Id, out var rows) ? rows : [];
            if (stored.Count == schedule.Count && stored.Zip(schedule).All(p => p.First.SameAs(p.Second)))
            {
                Context.Unchanged += group.Lines.Count; // the stored schedule already is this one (an export re-imported)
            }
            else if (obligation.ScheduleSource == ScheduleSource.Imported)
            {
                Context.Error(group.FirstRow, ObligationId, "terms_changed",
                    $"Obligation '{group.ObligationId}' already has a different imported schedule. A schedule is changed with an adjustment, not by re-importing.");
            }
            else if (inUse.Contains(obligation.Id))
            {
                Context.Error(group.FirstRow, ObligationId, "schedule_in_use",
                    $"Obligation '{group.ObligationId}' already has movements besides its disbursement; its schedule can no longer be replaced.");
            }
            else
            {
                replace.Add((obligation, schedule));
                Context.Updated += group.Lines.Count;
            }
        }

        _pending.Clear();
        _pendingRows = 0;
        if (!Context.Failed && replace.Count > 0)
        {
            await ReplaceAsync(replace, cancellationToken);
        }
    }

    private static decimal? NonNegative(CellParser cells, int column, bool required)
    {
        var value = cells.Decimal(column, required);
        if (value < 0)
        {
            cells.Error(column, "negative_amount", $"'{value}' is negative; amounts are zero or more.");
            return null;
        }

        return value;
    }

    private void CloseOpenGroup()
    {
        if (_open is null)
        {
            return;
        }

        _closed.Add(_open.ObligationId);
        _pending.Add(_open);
        _pendingRows += _open.Lines.Count;
        _open = null;
    }

    /// <summary>The schedule in the obligation's currency, or null after reporting each problem on its row.</summary>
    private List<PlannedInstallment>? Validate(Obligation obligation, Group group)
    {
        var currency = obligation.Currency;
        var errors = Context.Errors.Count;
        var schedule = new List<PlannedInstallment>(group.Lines.Count);
        var expected = 1;
        DateOnly? previousDue = null;
        foreach (var line in group.Lines)
        {
            if (line.Number != expected)
            {
                Context.Error(line.Row, Number, "schedule_numbering", $"Obligation '{group.ObligationId}': installment number {expected} was expected here, not {line.Number} (numbers 1..n in order).");
            }

            if (previousDue is { } p && line.DueDate <= p)
            {
                Context.Error(line.Row, DueDate, "schedule_dates", $"Obligation '{group.ObligationId}': due date {line.DueDate:yyyy-MM-dd} is not after the previous installment's {p:yyyy-MM-dd}.");
            }

            expected++;
            previousDue = line.DueDate;
            schedule.Add(new PlannedInstallment(line.Number, line.DueDate,
                Amount(line, Principal, line.Principal, currency), Amount(line, Interest, line.Interest, currency),
                Amount(line, Insurance, line.Insurance, currency), Amount(line, Other, line.Other, currency)));
        }

        if (Context.Errors.Count > errors)
        {
            return null;
        }

        var total = schedule.Sum(i => i.Principal.MinorUnits);
        if (total != obligation.PrincipalMinor)
        {
            Context.Error(group.Lines[^1].Row, Principal, "schedule_principal",
                $"Obligation '{group.ObligationId}': the installments' principal adds up to {Money.FromMinorUnits(total, currency)}, not {obligation.Principal}.");
            return null;
        }

        try
        {
            obligation.ValidateImportedSchedule(schedule);
        }
        catch (DomainException e)
        {
            Context.Error(group.Lines[^1].Row, e, ObligationId);
            return null;
        }

        return schedule;
    }

    private Money Amount(Line line, int column, decimal amount, Currency currency)
    {
        if (decimal.Round(amount, currency.MinorUnits) != amount)
        {
            Context.Error(line.Row, column, "invalid_amount", $"'{amount}' has more decimals than {currency.Code} allows ({currency.MinorUnits}).");
            return Money.Zero(currency);
        }

        return Money.Of(amount, currency);
    }

    /// <summary>An installment as stored: what an imported schedule is compared with (read without entities: a batch holds tens of thousands).</summary>
    private sealed record StoredInstallment(int Number, DateOnly DueDate, long Principal, long Interest, long Insurance, long Other)
    {
        public bool SameAs(PlannedInstallment planned) =>
            Number == planned.Number && DueDate == planned.DueDate && Principal == planned.Principal.MinorUnits
            && Interest == planned.Interest.MinorUnits && Insurance == planned.Insurance.MinorUnits && Other == planned.Other.MinorUnits;
    }

    private async Task<Dictionary<long, List<StoredInstallment>>> StoredSchedulesAsync(List<long> obligationIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, List<StoredInstallment>>();
        if (obligationIds.Count == 0)
        {
            return result;
        }

        await using var command = Context.Writer.Command(string.Empty);
        command.CommandText = "SELECT obligation_id, number, due_date, principal_minor, interest_minor, insurance_minor, other_minor FROM installments " +
            $"WHERE {Context.Writer.InList(command, "obligation_id", obligationIds)} ORDER BY obligation_id, number";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            if (!result.TryGetValue(id, out var list))
            {
                result[id] = list = [];
            }

            list.Add(new StoredInstallment(reader.GetInt32(1), reader.GetFieldValue<DateOnly>(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
        }

        return result;
    }

    private async Task<HashSet<long>> WithMovementsAsync(List<long> obligationIds, CancellationToken cancellationToken)
    {
        var result = new HashSet<long>();
        if (obligationIds.Count == 0)
        {
            return result;
        }

        await using var command = Context.Writer.Command(string.Empty);
        command.CommandText = $"SELECT DISTINCT obligation_id FROM ledger_entries WHERE {Context.Writer.InList(command, "obligation_id", obligationIds)} AND kind <> 'disbursement'";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(reader.GetInt64(0));
        }

        return result;
    }

    private async Task ReplaceAsync(List<(Obligation Obligation, List<PlannedInstallment> Schedule)> replace, CancellationToken cancellationToken)
    {
        var writer = Context.Writer;
        var ids = replace.Select(r => r.Obligation.Id).ToList();
        var delete = writer.Command(string.Empty);
        delete.CommandText = $"DELETE FROM installments WHERE {writer.InList(delete, "obligation_id", ids)}";
        await ImportContext.ExecuteAsync(delete, cancellationToken);
        using (var sink = writer.Open(BulkTables.Installments))
        {
            foreach (var (obligation, schedule) in replace)
            {
                foreach (var i in schedule)
                {
                    BulkTables.Installments.Write(sink, new InstallmentRow(obligation.Id, i.Number, i.DueDate, i.Principal.MinorUnits, i.Interest.MinorUnits, i.Insurance.MinorUnits, i.Other.MinorUnits));
                }
            }

            sink.Complete();
        }

        var mark = writer.Command(string.Empty);
        var bump = writer.InClauseUsesArray ? string.Empty : ", version = version + 1"; // PostgreSQL's xmin changes by itself
        mark.CommandText = $"UPDATE obligations SET schedule_source = 'imported'{bump} WHERE {writer.InList(mark, "id", ids)}";
        await ImportContext.ExecuteAsync(mark, cancellationToken);
    }
}
