using Cartera.Application.Audit;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Application.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cartera.Application;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database (provider from <paramref name="database"/>), the clock and the use cases. The host adds
    /// Identity (cookies in the web host, core only in the CLI) and its own <see cref="IActor"/>.
    /// </summary>
    public static IServiceCollection AddCarteraApplication(this IServiceCollection services, DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        database.Validate();
        services.AddSingleton(database);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<IActor>(_ => FixedActor.System);
        services.AddDbContext<CarteraDbContext>((sp, options) => CarteraDatabase.Configure(options, database));
        services.AddScoped<PaymentPosting>();
        services.AddSingleton(CloseOfDayPlugins.Default);
        services.AddSingleton<ComplianceCatalogCache>();
        services.AddScoped<ContactGate>();
        services.AddScoped<ComplianceRuleSets>();
        services.AddScoped<ComplianceOverrides>();
        services.AddScoped<ComplianceReport>();
        services.AddScoped<Scoring.Portfolio.DebtorScoreQueries>();
        services.AddScoped<Scoring.Portfolio.ScoringRegistry>();
        services.AddScoped<Scoring.Actions.ActionPriorCatalog>();
        services.AddScoped<Scoring.Actions.ActionOutcomes>();
        services.AddScoped<Scoring.Actions.ActionLearning>();
        services.TryAddSingleton(new CreditEvaluation.CreditEvaluationOptions());
        services.TryAddScoped<CreditEvaluation.ICreditBureau, CreditEvaluation.ImportedBureauReports>();
        services.AddScoped<CreditEvaluation.CreditApplications>();
        return services;
    }
}
