using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Architecture.Fixtures.Application.Shipping;

/// <summary>Shipping owns <c>shipments</c>.</summary>
public sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("shipments");
    }
}
