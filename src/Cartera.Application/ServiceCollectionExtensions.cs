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
        services.AddScoped<Collection.Promises.PromiseService>();
        services.AddScoped<Collection.Promises.PromiseQueries>();
        services.AddScoped<Collection.Queue.WorkQueueService>();
        services.AddScoped<Collection.Queue.QueuePrioritySettings>();
        services.AddScoped<Collection.Queue.QueueTasks>();
        services.AddSingleton(CloseOfDayPlugins.Default);
        services.AddSingleton<ComplianceCatalogCache>();
        services.AddScoped<ContactGate>();
        services.AddScoped<ComplianceRuleSets>();
        services.AddScoped<ComplianceOverrides>();
        services.AddScoped<ComplianceReport>();
        services.AddScoped<Portfolio.ContactPointService>();
        services.AddScoped<Collection.Activities.ActivityLog>();
        services.AddScoped<Collection.Activities.ContactAvailability>();
        services.AddScoped<Collection.Activities.CallGuides>();
        services.AddScoped<Collection.Visits.FieldVisits>();
        services.AddScoped<Collection.Visits.Appointments>();
        services.AddScoped<Scoring.Portfolio.DebtorScoreQueries>();
        services.AddScoped<Scoring.Portfolio.ScoringRegistry>();
        services.AddScoped<Scoring.Actions.ActionPriorCatalog>();
        services.AddScoped<Scoring.Actions.ActionOutcomes>();
        services.AddScoped<Scoring.Actions.ActionLearning>();
        services.TryAddSingleton(new CreditEvaluation.CreditEvaluationOptions());
        services.TryAddScoped<CreditEvaluation.ICreditBureau, CreditEvaluation.ImportedBureauReports>();
        services.AddScoped<CreditEvaluation.CreditApplications>();
        services.AddScoped<Collection.Assignments.AssignmentService>();
        services.AddScoped<Collection.Teams.TeamService>();
        services.AddScoped<Collection.Assignments.AssignmentImporter>();
        services.AddScoped<Collection.Assignments.AssignmentExporter>();
        services.TryAddSingleton(new Collection.Agreements.AgreementOptions());
        services.AddScoped<Collection.Agreements.AgreementSimulations>();
        services.AddScoped<Collection.Agreements.PaymentAgreements>();
        services.AddScoped<Collection.Overview.DebtorOverviewQueries>();
        services.AddScoped<Collection.Agreements.AgreementQueries>();
        services.TryAddSingleton(new Communications.LenderContact());
        services.AddScoped<Communications.MessageTemplates>();
        services.AddScoped<Communications.Outbox.Outbox>();
        services.AddScoped<Communications.Outbox.OutboxWorker>();
        services.AddScoped<Communications.Outbox.OutboxCallbacks>();
        services.AddScoped<Communications.Outbox.InboundMessages>();
        services.AddScoped<Communications.Outbox.OutboxQueries>();
        services.TryAddSingleton(new Communications.Outbox.OutboxWorkerOptions());
        services.TryAddSingleton(new Communications.Outbox.InboundOptions());
        services.TryAddSingleton(_ => Communications.Letters.LetterSettings.From(null, null, null));
        services.AddScoped<Communications.Letters.LetterBatches>();
        services.AddScoped<Strategies.StrategyCatalog>();
        services.AddScoped<Strategies.SegmentMembership>();
        services.AddScoped<Communications.MessageVariablesBuilder>();
        services.AddScoped<Strategies.StrategyRun>();
        services.AddScoped<Strategies.VariantReport>();
        services.TryAddSingleton(Bureau.BureauSettings.Default);
        services.AddScoped<Bureau.BureauNoticeImporter>();
        services.AddScoped<Bureau.BureauReport>();
        services.AddScoped<Disputes.DisputeCases>();
        return services;
    }

    /// <summary>
    /// Puts the registered <see cref="TimeProvider"/> (the system's, or a test's) in the lender's time zone
    /// (<see cref="Delinquency.LenderClock"/>, configuration <c>Lender:TimeZone</c>); no zone configured leaves it as it is.
    /// </summary>
    public static IServiceCollection AddLenderClock(this IServiceCollection services, string? timeZone)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService);
        if (registered is null || string.IsNullOrWhiteSpace(timeZone))
        {
            return services;
        }

        _ = Delinquency.LenderClock.From(TimeProvider.System, timeZone); // an unknown zone fails at start-up
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(sp => Delinquency.LenderClock.From(Inner(registered, sp), timeZone)));
        return services;
    }

    private static TimeProvider Inner(ServiceDescriptor registered, IServiceProvider services) =>
        (TimeProvider)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));
}
