using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Cartera.Migrations.Sqlite;

/// <summary>Used only by `dotnet ef migrations add` to build the Sqlite model; the application configures its own.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CarteraDbContext>
{
    public CarteraDbContext CreateDbContext(string[] args) =>
        new(CarteraDatabase.Options(new DatabaseOptions { Provider = "sqlite", ConnectionString = "Data Source=design-time.db" }));
}
