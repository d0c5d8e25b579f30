using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Cartera.Migrations.Postgres;

/// <summary>Used only by `dotnet ef migrations add` to build the Postgres model; the application configures its own.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CarteraDbContext>
{
    public CarteraDbContext CreateDbContext(string[] args) =>
        new(CarteraDatabase.Options(new DatabaseOptions { Provider = "postgres", ConnectionString = "Host=127.0.0.1;Database=design_time;Username=postgres" }));
}
