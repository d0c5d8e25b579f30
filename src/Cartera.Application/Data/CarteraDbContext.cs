using Cartera.Application.Audit;
using Cartera.Application.Compliance;
using Cartera.Application.Delinquency;
using Cartera.Application.Identity;
using Cartera.Application.Import;
using Cartera.Application.Payments;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Collection.Teams;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Data;

/// <summary>
/// The one DbContext. Each entity configuration lives in the folder of the feature that owns its table
/// (docs/ARCHITECTURE.md, "Table ownership"); naming (snake_case tables and columns,
/// enums as text codes, dates) in <see cref="ModelConventions"/>. Every SaveChanges writes the audit trail of what it
/// changed (<see cref="AuditRecorder"/>) and bumps SQLite's concurrency versions.
/// </summary>
public sealed class CarteraDbContext : IdentityDbContext<CarteraUser>
{
    private IActor _actor;
    private readonly TimeProvider _clock;

    public CarteraDbContext(DbContextOptions<CarteraDbContext> options, IActor? actor = null, TimeProvider? clock = null)
        : base(options)
    {
        _actor = actor ?? FixedActor.System;
        _clock = clock ?? TimeProvider.System;
    }

    public DbSet<Debtor> Debtors => Set<Debtor>();

    public DbSet<ContactPoint> ContactPoints => Set<ContactPoint>();

    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    public DbSet<DebtorAssignment> DebtorAssignments => Set<DebtorAssignment>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();

    public DbSet<Obligation> Obligations => Set<Obligation>();

    public DbSet<ObligationParty> ObligationParties => Set<ObligationParty>();

    public DbSet<Installment> Installments => Set<Installment>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<Collateral> Collaterals => Set<Collateral>();

    public DbSet<InsurancePolicy> InsurancePolicies => Set<InsurancePolicy>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<BusinessDay> BusinessDays => Set<BusinessDay>();

    public DbSet<UsuryCapRow> UsuryCaps => Set<UsuryCapRow>();

    public DbSet<ProductConfiguration> Products => Set<ProductConfiguration>();

    public DbSet<DelinquencySnapshot> DelinquencySnapshots => Set<DelinquencySnapshot>();

    public DbSet<SnapshotRecomputeRequest> SnapshotRecomputeRequests => Set<SnapshotRecomputeRequest>();

    public DbSet<CloseOfDay.CloseOfDayStepRecord> CloseOfDaySteps => Set<CloseOfDay.CloseOfDayStepRecord>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<StoredRuleSet> StoredRuleSets => Set<StoredRuleSet>();

    public DbSet<DebtorComplianceOverride> DebtorComplianceOverrides => Set<DebtorComplianceOverride>();

    public DbSet<ContactAttempt> ContactAttempts => Set<ContactAttempt>();

    public DbSet<Collection.Activities.StoredCallGuide> CallGuides => Set<Collection.Activities.StoredCallGuide>();

    public DbSet<Domain.Collection.Activities.CollectionActivity> CollectionActivities => Set<Domain.Collection.Activities.CollectionActivity>();

    public DbSet<Scoring.Portfolio.StoredScoringModel> ScoringModels => Set<Scoring.Portfolio.StoredScoringModel>();

    public DbSet<Scoring.Portfolio.DebtorScore> DebtorScores => Set<Scoring.Portfolio.DebtorScore>();

    public DbSet<Scoring.Actions.StoredActionPrior> ActionPriors => Set<Scoring.Actions.StoredActionPrior>();

    public DbSet<Scoring.Actions.ActionOutcome> ActionOutcomes => Set<Scoring.Actions.ActionOutcome>();

    public DbSet<CreditEvaluation.CreditApplication> CreditApplications => Set<CreditEvaluation.CreditApplication>();

    public DbSet<CreditEvaluation.BureauReport> BureauReports => Set<CreditEvaluation.BureauReport>();

    public DbSet<Collection.Promises.PromiseRecord> Promises => Set<Collection.Promises.PromiseRecord>();

    public DbSet<Collection.Promises.PromiseInstallmentRecord> PromiseInstallments => Set<Collection.Promises.PromiseInstallmentRecord>();

    public DbSet<Collection.Promises.PromiseObligationRecord> PromiseObligations => Set<Collection.Promises.PromiseObligationRecord>();

    public DbSet<Domain.Collection.Visits.FieldVisit> FieldVisits => Set<Domain.Collection.Visits.FieldVisit>();

    public DbSet<Domain.Collection.Visits.Appointment> Appointments => Set<Domain.Collection.Visits.Appointment>();

    public DbSet<Domain.Collection.Visits.AppointmentThreshold> AppointmentThresholds => Set<Domain.Collection.Visits.AppointmentThreshold>();

    public DbSet<Collection.Agreements.PaymentAgreement> PaymentAgreements => Set<Collection.Agreements.PaymentAgreement>();

    public DbSet<Collection.Agreements.PaymentAgreementObligation> PaymentAgreementObligations => Set<Collection.Agreements.PaymentAgreementObligation>();

    public DbSet<Collection.Agreements.PaymentAgreementInstallment> PaymentAgreementInstallments => Set<Collection.Agreements.PaymentAgreementInstallment>();

    public DbSet<Collection.Queue.WorkQueueEntry> WorkQueueEntries => Set<Collection.Queue.WorkQueueEntry>();

    public DbSet<Collection.Queue.QueueItemStateRecord> QueueItemStates => Set<Collection.Queue.QueueItemStateRecord>();

    public DbSet<Collection.Queue.WorkQueueSettingsRecord> WorkQueueSettings => Set<Collection.Queue.WorkQueueSettingsRecord>();

    public DbSet<Collection.Queue.QueueTaskRecord> QueueTasks => Set<Collection.Queue.QueueTaskRecord>();

    public DbSet<Communications.MessageTemplateRecord> MessageTemplates => Set<Communications.MessageTemplateRecord>();
    public DbSet<Communications.Outbox.OutboxMessage> OutboxMessages => Set<Communications.Outbox.OutboxMessage>();
    public DbSet<Strategies.StrategyRecord> Strategies => Set<Strategies.StrategyRecord>();
    public DbSet<Kpis.KpiFigure> KpiFigures => Set<Kpis.KpiFigure>();

    public DbSet<Bureau.BureauNotice> BureauNotices => Set<Bureau.BureauNotice>();

    public DbSet<Bureau.BureauReportedAccount> BureauReportedAccounts => Set<Bureau.BureauReportedAccount>();

    public DbSet<Domain.Disputes.Dispute> Disputes => Set<Domain.Disputes.Dispute>();

    public bool IsPostgres => Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    public IActor Actor => _actor;

    /// <summary>
    /// Makes <paramref name="actor"/> the author of what this context saves until the result is disposed (then the
    /// request's actor again). For work the product does on its own behalf whoever triggers it, such as seeding the
    /// shipped rule sets as <see cref="FixedActor.Seed"/>.
    /// </summary>
    public IDisposable ActAs(IActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var previous = _actor;
        _actor = actor;
        return new Restore(() => _actor = previous);
    }

    public TimeProvider Clock => _clock;

    // The synchronous path mirrors the asynchronous one instead of blocking on it (sync-over-async can starve the
    // thread pool and deadlock under a synchronization context).
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        LedgerGuard.RefuseChanges(ChangeTracker);
        if (!IsPostgres)
        {
            ConcurrencyVersions.Bump(ChangeTracker);
        }

        var pending = AuditRecorder.Capture(ChangeTracker);
        if (pending.Count == 0)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        using var ownTransaction = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        var count = base.SaveChanges(acceptAllChangesOnSuccess);
        AuditEntries.AddRange(AuditRecorder.Complete(pending, _actor, _clock.GetUtcNow()));
        base.SaveChanges(acceptAllChangesOnSuccess);
        ownTransaction?.Commit();
        return count;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        LedgerGuard.RefuseChanges(ChangeTracker);
        if (!IsPostgres)
        {
            ConcurrencyVersions.Bump(ChangeTracker);
        }

        var pending = AuditRecorder.Capture(ChangeTracker);
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // Ids of inserted rows are known only after the insert: write the change, then its audit, in one transaction.
        var ownTransaction = Database.CurrentTransaction is null && Database.GetDbConnection() is not null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            AuditEntries.AddRange(AuditRecorder.Complete(pending, _actor, _clock.GetUtcNow()));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return count;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CarteraDbContext).Assembly);
        ModelConventions.Apply(builder, IsPostgres);
        TextSearch.Register(builder, IsPostgres);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
