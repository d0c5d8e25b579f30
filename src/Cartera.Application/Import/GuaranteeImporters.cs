using Cartera.Domain.Common;
using Cartera.Domain.Guarantees;
using Cartera.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Import;

/// <summary>
/// What collateral and insurance share: a row names its own id and an existing obligation; new rows are bulk-written,
/// an existing one (same id, same obligation) is updated through EF so the change is audited; moving it to another
/// obligation is refused. Each kind supplies its cells, its lookup, its update and its bulk row.
/// </summary>
internal abstract class GuaranteeImporter<TEntity, TData>(ImportContext context) : KindImporter(context)
    where TEntity : class
{
    private const int ObligationIdColumn = 1;

    /// <summary>What a required text that is missing is replaced with while the row's rules are checked.</summary>
    protected const string StandIn = "-";

    private readonly SeenKeys _seenIds = new();
    private readonly List<(long Row, string Obligation, TData Data)> _pending = [];

    public override IReadOnlyList<string> IdTables => [Table.Name];

    public override int Pending => _pending.Count;

    /// <summary>The bulk table new rows go to.</summary>
    protected abstract BulkTable Table { get; }

    /// <summary>How the file calls one of these ("Collateral", "Policy").</summary>
    protected abstract string What { get; }

    protected abstract string ExternalIdOf(TData data);

    protected abstract long ObligationIdOf(TEntity stored);

    protected abstract Task<Dictionary<string, TEntity>> LoadExistingAsync(List<string> externalIds, CancellationToken cancellationToken);

    /// <summary>Applies the row to the stored entity; whether anything changed.</summary>
    protected abstract bool Update(TEntity stored, TData data);

    /// <summary>Writes one new row, after its id.</summary>
    protected abstract void WriteRow(ITableSink sink, long obligationId, TData data);

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
                    sink.Long(writer.NextId(Table.Name));
                    WriteRow(sink, obligationId, data);
                    sink.EndRow();
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

/// <summary>collateral: a new appraisal of an existing collateral is normal and updates it.</summary>
internal sealed class CollateralImporter(ImportContext context) : GuaranteeImporter<Collateral, CollateralData>(context)
{
    private const int CollateralId = 0, ObligationId = 1, Type = 2, Description = 3, AppraisedValue = 4, CurrencyCol = 5, AppraisalDate = 6, NextVerification = 7;

    protected override BulkTable Table => BulkTables.Collaterals;

    protected override string What => "Collateral";

    public override void ReadRow(CellParser cells)
    {
        var id = cells.Required(CollateralId);
        var obligation = cells.Required(ObligationId);
        var type = cells.Code<CollateralType>(Type, true);
        var currency = cells.CurrencyOf(CurrencyCol);
        var value = cells.Amount(AppraisedValue, currency, true);
        var appraisal = cells.Date(AppraisalDate, false);
        var next = cells.Date(NextVerification, false);
        Accept(
            cells,
            CollateralId,
            id,
            obligation,
            new CollateralData(id ?? StandIn, type ?? default, cells.Text(Description), value ?? Money.Zero(currency ?? Currency.COP), appraisal, next),
            data => Collateral.Create(data, 0));
    }

    protected override string ExternalIdOf(CollateralData data) => data.ExternalId;

    protected override long ObligationIdOf(Collateral stored) => stored.ObligationId;

    protected override Task<Dictionary<string, Collateral>> LoadExistingAsync(List<string> externalIds, CancellationToken cancellationToken) =>
        Context.Db.Collaterals.Where(c => EF.Parameter(externalIds).Contains(c.ExternalId)).ToDictionaryAsync(c => c.ExternalId, StringComparer.Ordinal, cancellationToken);

    protected override bool Update(Collateral stored, CollateralData data) => stored.Update(data);

    protected override void WriteRow(ITableSink sink, long obligationId, CollateralData d)
    {
        sink.Text(d.ExternalId.Trim());
        sink.Long(obligationId);
        sink.Text(EnumCodes.ToCode(d.Type));
        sink.Text(d.Description);
        sink.Long(d.AppraisedValue.MinorUnits);
        sink.Text(d.AppraisedValue.Currency.Code);
        sink.Date(d.AppraisalDate);
        sink.Date(d.NextVerificationDate);
    }
}

/// <summary>insurance: renewals and new expiry dates update an existing policy.</summary>
internal sealed class InsuranceImporter(ImportContext context) : GuaranteeImporter<InsurancePolicy, InsurancePolicyData>(context)
{
    private const int PolicyId = 0, ObligationId = 1, Insurer = 2, PolicyNumber = 3, Type = 4, InsuredValue = 5, CurrencyCol = 6, StartDate = 7, ExpiryDate = 8, Renewal = 9;

    protected override BulkTable Table => BulkTables.InsurancePolicies;

    protected override string What => "Policy";

    public override void ReadRow(CellParser cells)
    {
        var id = cells.Required(PolicyId);
        var obligation = cells.Required(ObligationId);
        var insurer = cells.Required(Insurer);
        var type = cells.Code<InsuranceType>(Type, true);
        var currency = cells.CurrencyOf(CurrencyCol);
        var value = cells.Amount(InsuredValue, currency, true);
        var start = cells.Date(StartDate, true);
        var expiry = cells.Date(ExpiryDate, true);
        var renewal = cells.Code<RenewalStatus>(Renewal, false) ?? RenewalStatus.Current;
        Accept(
            cells,
            PolicyId,
            id,
            obligation,
            new InsurancePolicyData(id ?? StandIn, insurer ?? StandIn, cells.Text(PolicyNumber) ?? id ?? StandIn, type ?? default, value ?? Money.Zero(currency ?? Currency.COP),
                start ?? expiry ?? Context.LenderToday, expiry ?? start ?? Context.LenderToday, renewal),
            data => InsurancePolicy.Create(data, 0));
    }

    protected override string ExternalIdOf(InsurancePolicyData data) => data.ExternalId;

    protected override long ObligationIdOf(InsurancePolicy stored) => stored.ObligationId;

    protected override Task<Dictionary<string, InsurancePolicy>> LoadExistingAsync(List<string> externalIds, CancellationToken cancellationToken) =>
        Context.Db.InsurancePolicies.Where(c => EF.Parameter(externalIds).Contains(c.ExternalId)).ToDictionaryAsync(c => c.ExternalId, StringComparer.Ordinal, cancellationToken);

    protected override bool Update(InsurancePolicy stored, InsurancePolicyData data) => stored.Update(data);

    protected override void WriteRow(ITableSink sink, long obligationId, InsurancePolicyData d)
    {
        sink.Text(d.ExternalId.Trim());
        sink.Long(obligationId);
        sink.Text(d.Insurer.Trim());
        sink.Text(d.PolicyNumber.Trim());
        sink.Text(EnumCodes.ToCode(d.Type));
        sink.Long(d.InsuredValue.MinorUnits);
        sink.Text(d.InsuredValue.Currency.Code);
        sink.Date(d.StartDate);
        sink.Date(d.ExpiryDate);
        sink.Text(EnumCodes.ToCode(d.RenewalStatus));
    }
}
