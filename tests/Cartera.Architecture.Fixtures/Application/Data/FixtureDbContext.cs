using Cartera.Architecture.Fixtures.Application.Billing;
using Cartera.Architecture.Fixtures.Application.Shipping;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Architecture.Fixtures.Application.Data;

/// <summary>The fixture's one DbContext: shared infrastructure, its configurations live in the owning features.</summary>
public sealed class FixtureDbContext(DbContextOptions<FixtureDbContext> options) : DbContext(options)
{
    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<Shipment> Shipments => Set<Shipment>();

    public static FixtureDbContext Create() =>
        new(new DbContextOptionsBuilder<FixtureDbContext>().UseSqlite("Data Source=:memory:").Options);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FixtureDbContext).Assembly);
}
