namespace Cartera.Architecture.Fixtures.Application.Shipping;

public sealed class Shipment
{
    public long Id { get; set; }

    public string Carrier { get; set; } = "";
}
