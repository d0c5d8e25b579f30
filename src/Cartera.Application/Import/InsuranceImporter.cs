using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using static Cartera.Application.Import.InsuranceColumns;

namespace Cartera.Application.Import;

/// <summary>insurance: renewals and new expiry dates update an existing policy.</summary>
internal sealed class InsuranceImporter(ImportContext context) : GuaranteeImporter<InsurancePolicy, InsurancePolicyData>(context)
{
    protected override int ObligationIdColumn => ObligationId;

    protected override BulkTable<(long Id, long ObligationId, InsurancePolicyData Data)> Table => BulkTables.InsurancePolicies;

    protected override string What => "Policy";

    public override void ReadRow(CellParser cells)
    {
        var id = cells.Required(PolicyId);
        var obligation = cells.Required(ObligationId);
        var insurer = cells.Required(Insurer);
        var type = cells.Code<InsuranceType>(TypeCol, true);
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
}
