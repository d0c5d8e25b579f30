using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Data;

/// <summary>Applies the provider's migrations (<c>cartera db migrate</c>, start-up of <c>serve</c>, tests).</summary>
public static class DatabaseMigrator
{
    public static async Task<IReadOnlyList<string>> MigrateAsync(DatabaseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var db = new CarteraDbContext(CarteraDatabase.Options(options));
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }
}
