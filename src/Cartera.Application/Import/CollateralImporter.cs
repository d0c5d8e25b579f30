using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using static Cartera.Application.Import.CollateralColumns;

namespace Cartera.Application.Import;

/// <summary>collateral: a new appraisal of an existing collateral is normal and updates it.</summary>
internal sealed class CollateralImporter(ImportContext context) : GuaranteeImporter<Collateral, CollateralData>(context)
{
    protected override int ObligationIdColumn => ObligationId;

    protected override BulkTable<(long Id, long ObligationId, CollateralData Data)> Table => BulkTables.Collaterals;

    protected override string What => "Collateral";

    public override void ReadRow(CellParser cells)
    {
        var id = cells.Required(CollateralId);
        var obligation = cells.Required(ObligationId);
        var type = cells.Code<CollateralType>(TypeCol, true);
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
}
