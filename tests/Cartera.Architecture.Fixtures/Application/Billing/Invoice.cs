namespace Cartera.Architecture.Fixtures.Application.Billing;

public sealed class Invoice
{
    public long Id { get; set; }

    public long? ShipmentId { get; set; }

    public bool Paid { get; set; }
}
