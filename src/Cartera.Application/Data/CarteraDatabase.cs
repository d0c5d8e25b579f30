using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Data;

/// <summary>The one place that turns <see cref="DatabaseOptions"/> into EF Core options for either provider.</summary>
public static class CarteraDatabase
{
    public const string SqliteMigrationsAssembly = "Cartera.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Cartera.Migrations.Postgres";

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.IsPostgres)
        {
            builder.UseNpgsql(options.EffectiveConnectionString, npgsql => npgsql.MigrationsAssembly(PostgresMigrationsAssembly));
        }
        else
        {
            builder.UseSqlite(options.EffectiveConnectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly))
                .AddInterceptors(new SqlitePragmas());
        }

        return builder;
    }

    public static DbContextOptions<CarteraDbContext> Options(DatabaseOptions options) =>
        (DbContextOptions<CarteraDbContext>)Configure(new DbContextOptionsBuilder<CarteraDbContext>(), options).Options;
}
