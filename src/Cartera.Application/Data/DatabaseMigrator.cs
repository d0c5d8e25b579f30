using Cartera.Application.Delinquency;
using Cartera.Application.Scoring.Actions;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Data;

/// <summary>Applies the provider's migrations (<c>cartera db migrate</c>, start-up of <c>serve</c>, tests).</summary>
public static class DatabaseMigrator
{
    public static Task<IReadOnlyList<string>> MigrateAsync(DatabaseOptions options, CancellationToken cancellationToken = default) =>
        MigrateAsync(options, seedReferenceData: true, cancellationToken);

    /// <param name="options">The database.</param>
    /// <param name="seedReferenceData">
    /// Also store the shipped reference data when its table is empty (today: the Colombian cap table,
    /// <see cref="ShippedUsuryCaps"/>, the best-next-action priors, <see cref="ActionPriorCatalog"/>, the call guides and the
    /// missing shipped message templates, <see cref="Communications.DefaultMessageTemplates"/>). Tests that
    /// build their own cap rows pass false (the ranking then falls back to the hard-coded default priors).
    /// </param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    public static async Task<IReadOnlyList<string>> MigrateAsync(DatabaseOptions options, bool seedReferenceData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var db = new CarteraDbContext(CarteraDatabase.Options(options));
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (seedReferenceData)
        {
            await ShippedUsuryCaps.SeedIfEmptyAsync(db, cancellationToken);
            await new ActionPriorCatalog(db).SeedIfEmptyAsync(cancellationToken);
            await new Collection.Activities.CallGuides(db, Audit.FixedActor.Seed, db.Clock).SeedIfEmptyAsync(cancellationToken);
            await new Communications.MessageTemplates(db, Audit.FixedActor.Seed, db.Clock, new Communications.LenderContact()).SeedDefaultsAsync(cancellationToken);
        }

        return pending;
    }
}
