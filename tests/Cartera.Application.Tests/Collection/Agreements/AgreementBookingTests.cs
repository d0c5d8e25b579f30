using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Collection.Agreements;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Cartera.Application.Payments;
using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Collection.Agreements;

/// <summary>RULES §14 booking on approval (ledger lines, restructured originals, the agreement obligation) and the close-of-day monitoring (broken, reinstatement, completed).</summary>
public sealed class AgreementBookingTests
{
    private static readonly FixedActor Collector = new("user:17:gestor@example.com", "10.0.0.7");
    private static readonly FixedActor Supervisor = new("user:2:supervisor@example.com", "10.0.0.2");
    private static readonly DateOnly A = AgreementFixture.A;

    private static FakeTimeProvider ClockOn(DateOnly date) => new(new DateTimeOffset(date.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero));

    private static List<LedgerEntry> Lines(CarteraDbContext db, long obligationId) =>
        db.LedgerEntries.AsNoTracking().Where(e => e.ObligationId == obligationId).OrderBy(e => e.Id).ToList();

    private static async Task<ObligationPosition> PositionAsync(CarteraDbContext db, long obligationId, DateOnly date)
    {
        var loaded = await new DelinquencyFactsLoader(db).LoadAsync(obligationId, TestContext.Current.CancellationToken);
        var rates = (await JurisdictionTables.LoadAsync(db, TestContext.Current.CancellationToken)).Rates("CO");
        return PositionCalculator.EndOfDay(loaded.Facts, loaded.Settings.CapModality, rates, date);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RULES_test_case_books_nothing_until_approved_then_books_once_in_the_ledger_with_the_agreement_obligation(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        long originalId;
        await using (var db = database.Context())
        {
            (_, originalId) = await AgreementFixture.RulesObligationAsync(db);
        }

        var clock = ClockOn(A);
        long id;
        await using (var db = database.Context(Collector, clock))
        {
            // RULES §14: q 0, w_a 1 (above a collector's limit), 6 installments at 0 %.
            var view = await new PaymentAgreements(db, Collector, clock, new AgreementOptions()).CreateAsync(new AgreementRequest([originalId], A, 6, 0m, ArrearsWaiver: 1m), AgreementApprover.Collector, ct);
            view.Agreement.Status.ShouldBe(AgreementStatus.PendingApproval);
            id = view.Agreement.Id;
            (await db.Obligations.CountAsync(o => o.Kind == ObligationKind.Agreement, ct)).ShouldBe(0);
            Lines(db, originalId).ShouldHaveSingleItem().Kind.ShouldBe(LedgerEntryKind.Disbursement);
        }

        await using (var db = database.Context(Supervisor, clock))
        {
            var service = new PaymentAgreements(db, Supervisor, clock, new AgreementOptions());
            var booked = (await service.ApproveAsync(id, AgreementApprover.Supervisor, "Cliente con empleo nuevo", null, ct))!.Agreement;
            booked.Status.ShouldBe(AgreementStatus.Active);
            booked.AgreedBalanceMinor.ShouldBe(3_120_000_00);
            booked.DownPaymentMinor.ShouldBe(312_000_00);
            booked.FinancedMinor.ShouldBe(2_808_000_00);
            booked.BookedOn.ShouldBe(A);

            // Approving again books nothing more.
            (await Should.ThrowAsync<AgreementConflictException>(() => service.ApproveAsync(id, AgreementApprover.Supervisor, null, null, ct))).Code.ShouldBe("not_pending");
        }

        await using (var db = database.Context())
        {
            var agreement = await db.PaymentAgreements.AsNoTracking().SingleAsync(a => a.Id == id, ct);
            var created = await db.Obligations.AsNoTracking().Include(o => o.Installments).SingleAsync(o => o.Kind == ObligationKind.Agreement, ct);
            created.Id.ShouldBe(agreement.AgreementObligationId!.Value);
            created.ExternalId.ShouldBe($"ACUERDO-{id}");
            created.DebtorId.ShouldBe(agreement.DebtorId);
            created.PrincipalMinor.ShouldBe(3_120_000_00);
            created.Status.ShouldBe(ObligationStatus.Active);
            var schedule = created.Installments.OrderBy(i => i.Number).ToList();
            schedule.Select(i => (i.Number, i.DueDate, i.PrincipalMinor + i.InterestMinor)).ShouldBe([
                (1, A, 312_000_00L),
                (2, new DateOnly(2026, 4, 20), 468_000_00L), (3, new DateOnly(2026, 5, 20), 468_000_00L), (4, new DateOnly(2026, 6, 20), 468_000_00L),
                (5, new DateOnly(2026, 7, 20), 468_000_00L), (6, new DateOnly(2026, 8, 20), 468_000_00L), (7, new DateOnly(2026, 9, 20), 468_000_00L),
            ]);
            Lines(db, created.Id).ShouldHaveSingleItem().AmountMinor.ShouldBe(3_120_000_00);

            (await db.Obligations.AsNoTracking().SingleAsync(o => o.Id == originalId, ct)).Status.ShouldBe(ObligationStatus.Restructured);
            var lines = Lines(db, originalId).Where(e => e.Kind == LedgerEntryKind.Adjustment).ToList();
            lines.ShouldAllBe(e => e.ValueDate == A.AddDays(1) && e.AmountMinor < 0); // the position was the one at the end of A
            lines.Where(e => e.IdempotencyKey == $"agreement:{id}:arrears_waiver").Sum(e => e.AmountMinor).ShouldBe(-agreement.ForgivenMinor);
            lines.Where(e => e.IdempotencyKey == $"agreement:{id}:arrears_waiver").ShouldAllBe(e => e.Component == LedgerComponent.ArrearsInterest);
            lines.Where(e => e.IdempotencyKey == $"agreement:{id}:restructured").Sum(e => e.AmountMinor).ShouldBe(-3_120_000_00);
            agreement.ForgivenMinor.ShouldBe(agreement.ArrearsInterestMinor);
            agreement.ForgivenMinor.ShouldBePositive();

            // The original owes nothing after A; the agreement obligation owes the down payment on A.
            (await PositionAsync(db, originalId, A.AddDays(40))).Installments.Sum(i => i.TotalOutstanding).ShouldBe(0);
            (await PositionAsync(db, created.Id, A)).Installments.Sum(i => i.TotalOutstanding).ShouldBe(3_120_000_00);

            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Obligation) && a.Actor != FixedActor.System.Name).ToListAsync(ct);
            audit.Count.ShouldBe(2); // the agreement obligation added, the original restructured
            audit.ShouldAllBe(a => a.Actor == Supervisor.Name);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Close_of_day_breaks_an_agreement_after_the_grace_and_reinstates_what_was_forgiven_as_configured(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        long reinstating, keeping, paying;
        await using (var db = database.Context())
        {
            (_, reinstating) = await AgreementFixture.RulesObligationAsync(db, "ACU-1");
            (_, keeping) = await AgreementFixture.RulesObligationAsync(db, "ACU-2");
            (_, paying) = await AgreementFixture.RulesObligationAsync(db, "ACU-3");
        }

        var clock = ClockOn(A);
        PaymentAgreement first, second, third;
        await using (var db = database.Context(Supervisor, clock))
        {
            var request = new AgreementRequest([reinstating], A, 6, 0m, ArrearsWaiver: 1m);
            first = (await new PaymentAgreements(db, Supervisor, clock, new AgreementOptions()).CreateAsync(request, AgreementApprover.Supervisor, ct)).Agreement;
            var keep = new AgreementOptions { Policy = new AgreementPolicy { ReinstateOnBreak = false } };
            second = (await new PaymentAgreements(db, Supervisor, clock, keep).CreateAsync(request with { ObligationIds = [keeping] }, AgreementApprover.Supervisor, ct)).Agreement;
            third = (await new PaymentAgreements(db, Supervisor, clock, new AgreementOptions()).CreateAsync(request with { ObligationIds = [paying], Installments = 1 }, AgreementApprover.Supervisor, ct)).Agreement;
        }

        new[] { first, second, third }.ShouldAllBe(a => a.Status == AgreementStatus.Active);

        async Task PayAsync(long obligationId, decimal amount, DateOnly on)
        {
            var payClock = ClockOn(on);
            await using var db = database.Context(Collector, payClock);
            await new PaymentPosting(db).PostAsync(new PostPaymentCommand(obligationId, amount, "COP", on, PaymentChannel.Bank, null, $"p-{obligationId}-{on:yyyyMMdd}"), ct);
        }

        // The first two pay the down payment and installment 1 (due 2026-04-20), then nothing; the third pays everything.
        foreach (var a in new[] { first, second })
        {
            await PayAsync(a.AgreementObligationId!.Value, 312_000m, A);
            await PayAsync(a.AgreementObligationId!.Value, 468_000m, new DateOnly(2026, 4, 20));
        }

        await PayAsync(third.AgreementObligationId!.Value, 312_000m, A);
        await PayAsync(third.AgreementObligationId!.Value, 2_808_000m, new DateOnly(2026, 4, 20));

        async Task<PaymentAgreement> StepAsync(DateOnly date, long agreementId)
        {
            await using var db = database.Context(FixedActor.System, ClockOn(date));
            await new AgreementsStep().RunAsync(CloseOfDayStepContext.Alone(db, date), ct);
            return await db.PaymentAgreements.AsNoTracking().SingleAsync(a => a.Id == agreementId, ct);
        }

        (await StepAsync(new DateOnly(2026, 4, 21), third.Id)).Status.ShouldBe(AgreementStatus.Completed);
        (await StepAsync(new DateOnly(2026, 5, 20), first.Id)).Status.ShouldBe(AgreementStatus.Active);
        // Installment 3 of the obligation (agreed installment 2) was due 2026-05-20: 30 days of grace end on 2026-06-19.
        (await StepAsync(new DateOnly(2026, 6, 19), first.Id)).Status.ShouldBe(AgreementStatus.Active);
        await using (var db = database.Context())
        {
            var overdue = await new AgreementQueries(db).OverdueInstallments(new DateOnly(2026, 6, 19)).Where(o => o.AgreementId == first.Id).ToListAsync(ct);
            overdue.Select(o => (o.InstallmentNumber, o.DueOn, o.UnpaidMinor)).ShouldBe([(3, new DateOnly(2026, 5, 20), 468_000_00L)]);
            (await new AgreementQueries(db).BrokenAgreements(A).CountAsync(ct)).ShouldBe(0);
        }

        var broken = await StepAsync(new DateOnly(2026, 6, 20), first.Id);
        broken.Status.ShouldBe(AgreementStatus.Broken);
        broken.BrokenOn.ShouldBe(new DateOnly(2026, 6, 20));
        AgreementQueries.StatusOn(broken, new DateOnly(2026, 6, 19)).ShouldBe(AgreementStatus.Active);
        AgreementQueries.StatusOn(broken, new DateOnly(2026, 6, 20)).ShouldBe(AgreementStatus.Broken);

        await using (var db = database.Context())
        {
            var kept = await db.PaymentAgreements.AsNoTracking().SingleAsync(a => a.Id == second.Id, ct);
            kept.Status.ShouldBe(AgreementStatus.Broken);
            kept.CompletedOn.ShouldBeNull();
            (await db.PaymentAgreements.AsNoTracking().SingleAsync(a => a.Id == third.Id, ct)).CompletedOn.ShouldBe(new DateOnly(2026, 4, 21));

            // Reinstated: the forgiven arrears interest is owed again on the original, which is active again.
            var reinstated = Lines(db, reinstating).Where(e => e.IdempotencyKey == $"agreement:{first.Id}:reinstated").ToList();
            reinstated.Sum(e => e.AmountMinor).ShouldBe(first.ForgivenMinor);
            reinstated.ShouldAllBe(e => e.ValueDate == new DateOnly(2026, 6, 20) && e.Component == LedgerComponent.ArrearsInterest);
            (await db.Obligations.AsNoTracking().SingleAsync(o => o.Id == reinstating, ct)).Status.ShouldBe(ObligationStatus.Active);
            (await PositionAsync(db, reinstating, new DateOnly(2026, 6, 20))).Installments.Sum(i => i.TotalOutstanding).ShouldBe(first.ForgivenMinor);

            // Kept: the agreement obligation is still owed, nothing is reinstated on the original.
            Lines(db, keeping).ShouldNotContain(e => e.IdempotencyKey != null && e.IdempotencyKey.EndsWith(":reinstated", StringComparison.Ordinal));
            (await db.Obligations.AsNoTracking().SingleAsync(o => o.Id == keeping, ct)).Status.ShouldBe(ObligationStatus.Restructured);

            var queue = await new AgreementQueries(db).BrokenAgreements(A).OrderBy(b => b.AgreementId).ToListAsync(ct);
            queue.Select(b => (b.AgreementId, b.DebtorId, b.BrokenOn)).ShouldBe([(first.Id, first.DebtorId, new DateOnly(2026, 6, 20)), (second.Id, second.DebtorId, new DateOnly(2026, 6, 20))]);
        }

        // A re-run of the date changes nothing.
        int before;
        await using (var db = database.Context())
        {
            before = await db.LedgerEntries.CountAsync(ct);
        }

        (await StepAsync(new DateOnly(2026, 6, 20), first.Id)).BrokenOn.ShouldBe(new DateOnly(2026, 6, 20));
        await using (var db = database.Context())
        {
            (await db.LedgerEntries.CountAsync(ct)).ShouldBe(before);
        }
    }
}
