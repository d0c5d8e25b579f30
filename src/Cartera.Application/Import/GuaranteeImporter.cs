using Cartera.Domain.Common;

namespace Cartera.Application.Import;

/// <summary>
/// What collateral and insurance share: a row names its own id and an existing obligation; new rows are bulk-written,
/// an existing one (same id, same obligation) is updated through EF so the change is audited; moving it to another
/// obligation is refused. Each kind supplies its cells, its lookup, its update and its bulk row.
/// </summary>
internal abstract class GuaranteeImporter<TEntity, TData>(ImportContext context) : KindImporter(context)
    where TEntity : class
{
    /// <summary>What a required text that is missing is replaced with while the row's rules are checked.</summary>
    protected const string StandIn = "-";

    private readonly SeenKeys _seenIds = new();
    private readonly List<(long Row, string Obligation, TData Data)> _pending = [];

    public override IReadOnlyList<string> IdTables => [Table.Name];

    public override int Pending => _pending.Count;

    /// <summary>The file's obligation_id column.</summary>
    protected abstract int ObligationIdColumn { get; }

    /// <summary>The bulk table new rows go to.</summary>
    protected abstract BulkTable<(long Id, long ObligationId, TData Data)> Table { get; }

    /// <summary>How the file calls one of these ("Collateral", "Policy").</summary>
    protected abstract string What { get; }

    protected abstract string ExternalIdOf(TData data);

    protected abstract long ObligationIdOf(TEntity stored);

    protected abstract Task<Dictionary<string, TEntity>> LoadExistingAsync(List<string> externalIds, CancellationToken cancellationToken);

    /// <summary>Applies the row to the stored entity; whether anything changed.</summary>
    protected abstract bool Update(TEntity stored, TData data);

    /// <summary>
    /// Registers a row: duplicate check and the domain's rules, then pending for the batch when the row has no error.
    /// <paramref name="data"/> holds a stand-in that passes the rules for each cell that did not parse, so the rules of
    /// the cells that did are checked too and every error of the row is reported; stand-ins never reach the database.
    /// </summary>
    protected void Accept(CellParser cells, int idColumn, string? id, string? obligation, TData data, Action<TData> validate)
    {
        CheckDuplicate(cells, id, idColumn);
        try
        {
            validate(data);
        }
        catch (DomainException e)
        {
            cells.Error(e, idColumn);
        }

        if (!cells.RowFailed)
        {
            _pending.Add((cells.Row, obligation!, data));
        }
    }

    public override async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var obligations = await Context.IdsByExternalIdAsync("obligations", _pending.Select(p => p.Obligation).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var existing = await LoadExistingAsync(_pending.Select(p => ExternalIdOf(p.Data)).ToList(), cancellationToken);
        var created = new List<(long ObligationId, TData Data)>();
        foreach (var (row, obligation, data) in _pending)
        {
            if (!obligations.TryGetValue(obligation, out var obligationId))
            {
                Context.Error(row, ObligationIdColumn, "unknown_obligation", $"Obligation '{obligation}' does not exist. Import it in the obligations file first.");
            }
            else if (!existing.TryGetValue(ExternalIdOf(data), out var stored))
            {
                created.Add((obligationId, data));
                Context.Inserted++;
            }
            else if (ObligationIdOf(stored) != obligationId)
            {
                Context.Error(row, ObligationIdColumn, "obligation_changed", $"{What} '{ExternalIdOf(data)}' belongs to another obligation; it cannot be moved by an import.");
            }
            else if (Update(stored, data))
            {
                Context.Updated++;
            }
            else
            {
                Context.Unchanged++;
            }
        }

        _pending.Clear();
        if (!Context.Failed)
        {
            var writer = Context.Writer;
            using (var sink = writer.Open(Table))
            {
                foreach (var (obligationId, data) in created)
                {
                    Table.Write(sink, (writer.NextId(Table.Name), obligationId, data));
                }

                sink.Complete();
            }

            await Context.Db.SaveChangesAsync(cancellationToken);
        }

        Context.Db.ChangeTracker.Clear();
    }

    private void CheckDuplicate(CellParser cells, string? id, int column)
    {
        if (id is null)
        {
            return;
        }

        if (_seenIds.TryGetValue(id, out var first))
        {
            cells.Error(column, "duplicate_id", $"{What} '{id}' appears more than once in the file (first on row {first}).");
        }
        else
        {
            _seenIds[id] = cells.Row;
        }
    }
}
