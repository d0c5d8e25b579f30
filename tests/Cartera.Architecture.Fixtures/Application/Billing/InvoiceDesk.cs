using Cartera.Architecture.Fixtures.Application.Data;
using Cartera.Architecture.Fixtures.Application.Shipping;

namespace Cartera.Architecture.Fixtures.Application.Billing;

/// <summary>Billing writes its own table (allowed) and uses a Shipping type (half of the planted cycle).</summary>
public sealed class InvoiceDesk(FixtureDbContext db)
{
    public Invoice Bill(Shipment shipment)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        var invoice = new Invoice { ShipmentId = shipment.Id };
        db.Invoices.Add(invoice);
        return invoice;
    }
}
