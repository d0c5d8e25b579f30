using Cartera.Architecture.Fixtures.Application.Billing;
using Cartera.Architecture.Fixtures.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Architecture.Fixtures.Application.Shipping;

/// <summary>
/// BROKEN on purpose: Shipping writes Billing's <c>invoices</c> four ways (DbSet.Add, a property set, ExecuteDelete, raw
/// SQL) and uses Billing's <see cref="Invoice"/>, closing the cycle Billing ↔ Shipping. Its writes of <c>shipments</c>
/// are fine.
/// </summary>
public sealed class ShipmentDesk(FixtureDbContext db)
{
    public void Ship(Shipment shipment)
    {
        db.Shipments.Add(shipment);
        db.Invoices.Add(new Invoice { ShipmentId = shipment?.Id });
    }

    public Task<int> ForgetUnpaidAsync(CancellationToken ct) =>
        db.Invoices.Where(i => !i.Paid).ExecuteDeleteAsync(ct);

    public Task<int> MarkPaidAsync(long invoiceId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"UPDATE \"invoices\" SET paid = 1 WHERE id = {invoiceId}", ct);

    public Task<int> RenameCarrierAsync(string carrier, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"UPDATE shipments SET carrier = {carrier}", ct);
}
