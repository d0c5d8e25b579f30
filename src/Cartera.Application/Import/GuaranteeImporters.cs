using Cartera.Domain.Common;
using Cartera.Domain.Guarantees;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Import;

/// <summary>collateral: new rows are bulk-written; an existing one (same collateral_id) is updated through EF (a new appraisal is normal).</summary>
internal sealed class CollateralImporter(ImportContext context) : KindImporter(context)
{
    private const int CollateralId = 0, ObligationId = 1, Type = 2, Description = 3, AppraisedValue = 4, CurrencyCol = 5, AppraisalDate = 6, NextVerification = 7;

    private readonly Dictionary<string, long> _seenIds = new(StringComparer.Ordinal);
    private readonly List<(long Row, string Obligation, CollateralData Data)> _pending = [];

    public override IReadOnlyList<string> IdTables => ["collaterals"];

    public override int Pending => _pending.Count;

    public override void ReadRow(CellParser cells)
    {
        var id = cells.Required(CollateralId);
        var obligation = cells.Required(ObligationId);
        var type = cells.Code<CollateralType>(Type, true);
        var currency = cells.CurrencyOf(CurrencyCol);
        var value = cells.Amount(AppraisedValue, currency, true);
        var appraisal = cells.Date(AppraisalDate, false);
        var next = cells.Date(NextVerification, false);
        GuaranteeRows.CheckDuplicate(cells, _seenIds, id, CollateralId, "Collateral");
        if (cells.RowFailed)
        {
            return;
        }

        var data = new CollateralData(id!, type!.Value, cells.Text(Description), value!.Value, appraisal, next);
        try
        {
            Collateral.Create(data, 0);
            _pending.Add((cells.Row, obligation!, data));
        }
        catch (DomainException e)
        {
            cells.Error(e, CollateralId);
        }
    }

    public override async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var obligations = await Context.IdsByExternalIdAsync("obligations", _pending.Select(p => p.Obligation).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var ids = _pending.Select(p => p.Data.ExternalId).ToList();
        var existing = await Context.Db.Collaterals.Where(c => EF.Parameter(ids).Contains(c.ExternalId)).ToDictionaryAsync(c => c.ExternalId, StringComparer.Ordinal, cancellationToken);
        var created = new List<(long ObligationId, CollateralData Data)>();
        foreach (var (row, obligation, data) in _pending)
        {
            if (!obligations.TryGetValue(obligation, out var obligationId))
            {
                Context.Error(row, ObligationId, "unknown_obligation", $"Obligation '{obligation}' does not exist. Import it in the obligations file first.");
            }
            else if (!existing.TryGetValue(data.ExternalId, out var stored))
            {
                created.Add((obligationId, data));
                Context.Inserted++;
            }
            else if (stored.ObligationId != obligationId)
            {
                Context.Error(row, ObligationId, "obligation_changed", $"Collateral '{data.ExternalId}' belongs to another obligation; it cannot be moved by an import.");
            }
            else if (stored.Update(data))
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
            using (var sink = writer.Open(BulkTables.Collaterals))
            {
                foreach (var (obligationId, d) in created)
                {
                    sink.Long(writer.NextId("collaterals"));
                    sink.Text(d.ExternalId.Trim());
                    sink.Long(obligationId);
                    sink.Text(EnumCodes.ToCode(d.Type));
                    sink.Text(d.Description);
                    sink.Long(d.AppraisedValue.MinorUnits);
                    sink.Text(d.AppraisedValue.Currency.Code);
                    sink.Date(d.AppraisalDate);
                    sink.Date(d.NextVerificationDate);
                    sink.EndRow();
                }

                sink.Complete();
            }

            await Context.Db.SaveChangesAsync(cancellationToken);
        }

        Context.Db.ChangeTracker.Clear();
    }
}

/// <summary>insurance: new policies are bulk-written; an existing one (same policy_id) is updated through EF (renewals, new expiry).</summary>
internal sealed class InsuranceImporter(ImportContext context) : KindImporter(context)
{
    private const int PolicyId = 0, ObligationId = 1, Insurer = 2, PolicyNumber = 3, Type = 4, InsuredValue = 5, CurrencyCol = 6, StartDate = 7, ExpiryDate = 8, Renewal = 9;

    private readonly Dictionary<string, long> _seenIds = new(StringComparer.Ordinal);
    private readonly List<(long Row, string Obligation, InsurancePolicyData Data)> _pending = [];

    public override IReadOnlyList<string> IdTables => ["insurance_policies"];

    public override int Pending => _pending.Count;

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
        GuaranteeRows.CheckDuplicate(cells, _seenIds, id, PolicyId, "Policy");
        if (cells.RowFailed)
        {
            return;
        }

        var data = new InsurancePolicyData(id!, insurer!, cells.Text(PolicyNumber) ?? id!, type!.Value, value!.Value, start!.Value, expiry!.Value, renewal);
        try
        {
            InsurancePolicy.Create(data, 0);
            _pending.Add((cells.Row, obligation!, data));
        }
        catch (DomainException e)
        {
            cells.Error(e, PolicyId);
        }
    }

    public override async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var obligations = await Context.IdsByExternalIdAsync("obligations", _pending.Select(p => p.Obligation).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var ids = _pending.Select(p => p.Data.ExternalId).ToList();
        var existing = await Context.Db.InsurancePolicies.Where(c => EF.Parameter(ids).Contains(c.ExternalId)).ToDictionaryAsync(c => c.ExternalId, StringComparer.Ordinal, cancellationToken);
        var created = new List<(long ObligationId, InsurancePolicyData Data)>();
        foreach (var (row, obligation, data) in _pending)
        {
            if (!obligations.TryGetValue(obligation, out var obligationId))
            {
                Context.Error(row, ObligationId, "unknown_obligation", $"Obligation '{obligation}' does not exist. Import it in the obligations file first.");
            }
            else if (!existing.TryGetValue(data.ExternalId, out var stored))
            {
                created.Add((obligationId, data));
                Context.Inserted++;
            }
            else if (stored.ObligationId != obligationId)
            {
                Context.Error(row, ObligationId, "obligation_changed", $"Policy '{data.ExternalId}' belongs to another obligation; it cannot be moved by an import.");
            }
            else if (stored.Update(data))
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
            using (var sink = writer.Open(BulkTables.InsurancePolicies))
            {
                foreach (var (obligationId, d) in created)
                {
                    sink.Long(writer.NextId("insurance_policies"));
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
                    sink.EndRow();
                }

                sink.Complete();
            }

            await Context.Db.SaveChangesAsync(cancellationToken);
        }

        Context.Db.ChangeTracker.Clear();
    }
}

internal static class GuaranteeRows
{
    public static void CheckDuplicate(CellParser cells, Dictionary<string, long> seen, string? id, int column, string what)
    {
        if (id is null)
        {
            return;
        }

        if (seen.TryGetValue(id, out var first))
        {
            cells.Error(column, "duplicate_id", $"{what} '{id}' appears more than once in the file (first on row {first}).");
        }
        else
        {
            seen[id] = cells.Row;
        }
    }
}
