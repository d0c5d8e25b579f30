using Cartera.Application.Audit;
using Cartera.Application.Collection.Agreements;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Common;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Collection.Agreements;

/// <summary>RULES §14 approval limits: agreements within the requester's limit are approved at once, above it they wait in the inbox.</summary>
public sealed class PaymentAgreementsTests
{
    private static readonly FixedActor Collector = new("user:17:gestor@example.com", "10.0.0.7");
    private static readonly FixedActor Supervisor = new("user:2:supervisor@example.com", "10.0.0.2");
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 20, 15, 0, 0, TimeSpan.Zero));

    private static PaymentAgreements Service(TestDatabase database, FixedActor actor, out Cartera.Application.Data.CarteraDbContext db)
    {
        db = database.Context(actor, Clock);
        return new PaymentAgreements(db, actor, Clock, new AgreementOptions());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Within_the_collectors_limit_it_is_approved_at_once_with_the_RULES_figures_and_audited(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        long obligationId;
        await using (var db = database.Context())
        {
            (_, obligationId) = await AgreementFixture.RulesObligationAsync(db);
        }

        // w_a 0.5 and n 6 are within a collector's limit.
        var service = Service(database, Collector, out var context);
        await using (context)
        {
            var view = await service.CreateAsync(new AgreementRequest([obligationId], AgreementFixture.A, 6, 0m, ArrearsWaiver: 0.5m), AgreementApprover.Collector, ct);

            view.Agreement.Status.ShouldBe(AgreementStatus.Approved); // approved at once, booked once the down payment is posted
            view.Agreement.RequestedBy.ShouldBe(Collector.Name);
            view.Agreement.DecidedBy.ShouldBe(Collector.Name);
            view.Agreement.OverduePrincipalMinor.ShouldBe(1_000_000_00);
            view.Agreement.FuturePrincipalMinor.ShouldBe(2_000_000_00);
            view.Agreement.OverdueInterestMinor.ShouldBe(120_000_00);
            view.Installments.Count.ShouldBe(6);
            view.Installments.Sum(i => i.PrincipalMinor).ShouldBe(view.Agreement.FinancedMinor);
            (view.Agreement.ForgivenMinor + view.Agreement.AgreedBalanceMinor).ShouldBe(3_120_000_00 + view.Agreement.ArrearsInterestMinor);
            view.ObligationIds.ShouldBe([obligationId]);

            // A second agreement on the same obligation is refused while this one is open.
            var again = await Should.ThrowAsync<AgreementConflictException>(() => service.CreateAsync(new AgreementRequest([obligationId], AgreementFixture.A, 6, 0m), AgreementApprover.Collector, ct));
            again.Code.ShouldBe("agreement_exists");
        }

        await using var check = database.Context();
        var audit = await check.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(PaymentAgreement)).ToListAsync(ct);
        audit.Select(a => a.Action).ShouldBe(["create"]); // created approved; booked later, once the down payment is posted
        audit.ShouldAllBe(a => a.Actor == Collector.Name);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Above_the_limit_it_waits_in_the_inbox_and_only_a_high_enough_role_decides(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        long first;
        long second;
        await using (var db = database.Context())
        {
            (_, first) = await AgreementFixture.RulesObligationAsync(db, "ACU-1");
            (_, second) = await AgreementFixture.RulesObligationAsync(db, "ACU-2");
        }

        long supervisorCase;
        long adminCase;
        var collector = Service(database, Collector, out var collectorDb);
        await using (collectorDb)
        {
            // A full arrears waiver is above a collector's limit (w_a ≤ 0.5): a supervisor approves it.
            supervisorCase = (await collector.CreateAsync(new AgreementRequest([first], AgreementFixture.A, 6, 0m, ArrearsWaiver: 1m), AgreementApprover.Collector, ct)).Agreement.Id;
            // 48 installments are above a supervisor's limit (n ≤ 36): an administrator approves it.
            adminCase = (await collector.CreateAsync(new AgreementRequest([second], AgreementFixture.A, 48, 0m), AgreementApprover.Collector, ct)).Agreement.Id;
        }

        var supervisor = Service(database, Supervisor, out var supervisorDb);
        await using (supervisorDb)
        {
            (await supervisor.InboxAsync(AgreementApprover.Collector, ct)).ShouldBeEmpty();
            (await supervisor.InboxAsync(AgreementApprover.Supervisor, ct)).Select(a => a.Id).ShouldBe([supervisorCase]);
            (await supervisor.InboxAsync(AgreementApprover.Administrator, ct)).Select(a => a.Id).ShouldBe([supervisorCase, adminCase]);

            var pending = (await supervisor.GetAsync(supervisorCase, ct))!.Agreement;
            pending.Status.ShouldBe(AgreementStatus.PendingApproval);
            pending.RequiredApprover.ShouldBe(AgreementApprover.Supervisor);
            pending.DecidedBy.ShouldBeNull();

            var collectorTries = await Should.ThrowAsync<DomainException>(() => supervisor.ApproveAsync(supervisorCase, AgreementApprover.Collector, null, null, ct));
            collectorTries.Code.ShouldBe("above_authority");
            (await Should.ThrowAsync<DomainException>(() => supervisor.ApproveAsync(adminCase, AgreementApprover.Supervisor, null, null, ct))).Code.ShouldBe("above_authority");
            (await Should.ThrowAsync<AgreementConflictException>(() => supervisor.ApproveAsync(supervisorCase, AgreementApprover.Supervisor, null, pending.Version + 1, ct))).Code.ShouldBe("stale_version");

            var approved = await supervisor.ApproveAsync(supervisorCase, AgreementApprover.Supervisor, "Cliente con empleo nuevo", pending.Version, ct);
            approved!.Agreement.Status.ShouldBe(AgreementStatus.Approved);
            approved.Agreement.DecidedBy.ShouldBe(Supervisor.Name);
            (await Should.ThrowAsync<AgreementConflictException>(() => supervisor.RejectAsync(supervisorCase, AgreementApprover.Administrator, "tarde", null, ct))).Code.ShouldBe("not_pending");

            (await Should.ThrowAsync<DomainException>(() => supervisor.RejectAsync(adminCase, AgreementApprover.Administrator, " ", null, ct))).Field.ShouldBe("note");
            var rejected = await supervisor.RejectAsync(adminCase, AgreementApprover.Administrator, "Plazo excesivo", null, ct);
            rejected!.Agreement.Status.ShouldBe(AgreementStatus.Rejected);
            (await supervisor.InboxAsync(AgreementApprover.Administrator, ct)).ShouldBeEmpty();
        }

        await using var check = database.Context();
        var updates = await check.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(PaymentAgreement) && a.Action == "update").ToListAsync(ct);
        updates.Count.ShouldBe(2); // approved, rejected
        updates.ShouldAllBe(a => a.Actor == Supervisor.Name);
    }
}
