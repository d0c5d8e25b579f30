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

/// <summary>RULES §14 booking — concessions on approval, the agreement obligation once the down payment is posted
/// (restructured originals), a lapse without it — and the close-of-day monitoring (broken, reinstatement, completed).</summary>
public sealed class AgreementBookingTests
{
    private static readonly FixedActor Collector = new("user:17:gestor@example.com", "10.0.0.7");
    private static readonly FixedActor Supervisor = new("user:2:supervisor@example.com", "10.0.0.2");
    private static readonly FixedActor Closer = new("system:close-of-day", "local");
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

    private static async Task PayAsync(TestDatabase database, long obligationId, decimal amount, DateOnly on)
    {
        var payClock = ClockOn(on);
        await using var db = database.Context(Collector, payClock);
        await new PaymentPosting(db).PostAsync(new PostPaymentCommand(obligationId, amount, "COP", on, PaymentChannel.Bank, null, $"p-{obligationId}-{on:yyyyMMdd}"), TestContext.Current.CancellationToken);
    }

    private static async Task<PaymentAgreement> StepAsync(TestDatabase database, DateOnly date, long agreementId)
    {
        await using var db = database.Context(Closer, ClockOn(date));
        await new AgreementsStep().RunAsync(CloseOfDayStepContext.Alone(db, date), TestContext.Current.CancellationToken);
        return await db.PaymentAgreements.AsNoTracking().SingleAsync(a => a.Id == agreementId, TestContext.Current.CancellationToken);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RULES_test_case_books_the_concessions_on_approval_and_the_agreement_obligation_once_the_down_payment_is_posted(string provider)
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
            var approved = (await service.ApproveAsync(id, AgreementApprover.Supervisor, "Cliente con empleo nuevo", null, ct))!.Agreement;
            approved.Status.ShouldBe(AgreementStatus.Approved); // waiting for the down payment
            approved.AgreedBalanceMinor.ShouldBe(3_120_000_00);
            approved.DownPaymentMinor.ShouldBe(312_000_00);
            approved.FinancedMinor.ShouldBe(2_808_000_00);
            approved.BookedOn.ShouldBeNull();

            // Approving again books nothing more.
            (await Should.ThrowAsync<AgreementConflictException>(() => service.ApproveAsync(id, AgreementApprover.Supervisor, null, null, ct))).Code.ShouldBe("not_pending");
        }

        await using (var db = database.Context())
        {
            // Approval booked the waiver only: the original owes the agreed balance B, nothing is restructured yet.
            var agreement = await db.PaymentAgreements.AsNoTracking().SingleAsync(a => a.Id == id, ct);
            var lines = Lines(db, originalId).Where(e => e.Kind == LedgerEntryKind.Adjustment).ToList();
            lines.ShouldAllBe(e => e.ValueDate == A && e.IdempotencyKey == $"agreement:{id}:arrears_waiver" && e.Component == LedgerComponent.ArrearsInterest);
            lines.Sum(e => e.AmountMinor).ShouldBe(-agreement.ForgivenMinor);
            agreement.ForgivenMinor.ShouldBe(agreement.ArrearsInterestMinor);
            agreement.ForgivenMinor.ShouldBePositive();
            (await PositionAsync(db, originalId, A)).Installments.Sum(i => i.TotalOutstanding).ShouldBe(3_120_000_00);
            (await db.Obligations.AsNoTracking().SingleAsync(o => o.Id == originalId, ct)).Status.ShouldBe(ObligationStatus.Active);
        }

        // Close-of-day on A without the down payment: still waiting.
        (await StepAsync(database, A, id)).Status.ShouldBe(AgreementStatus.Approved);
        await using (var db = database.Context())
        {
            (await new AgreementQueries(db).DebtorsWithOverdueInstallments(A.AddDays(1)).CountAsync(ct)).ShouldBe(1); // the awaited down payment puts the debtor in the queue's tier
        }

        // The down payment is posted on the original, valued A (paid late, the arrears since A would be due as well);
        // the close of the day it arrives books the agreement.
        var payDay = A;
        await PayAsync(database, originalId, 312_000m, payDay);
        var booked = await StepAsync(database, payDay, id);
        booked.Status.ShouldBe(AgreementStatus.Active);
        booked.BookedOn.ShouldBe(payDay);
        AgreementQueries.StatusOn(booked, payDay.AddDays(-1)).ShouldBe(AgreementStatus.Approved);

        await using (var db = database.Context())
        {
            var created = await db.Obligations.AsNoTracking().Include(o => o.Installments).SingleAsync(o => o.Kind == ObligationKind.Agreement, ct);
            created.Id.ShouldBe(booked.AgreementObligationId!.Value);
            created.ExternalId.ShouldBe($"ACUERDO-{id}");
            created.DebtorId.ShouldBe(booked.DebtorId);
            created.PrincipalMinor.ShouldBe(2_808_000_00); // F = B − d
            created.CarriedCategory.ShouldBe("B"); // the original was 32 days past due at the end of A − 1 (consumer table: B from 31)
            created.Status.ShouldBe(ObligationStatus.Active);
            created.Installments.OrderBy(i => i.Number).Select(i => (i.Number, i.DueDate, i.PrincipalMinor + i.InterestMinor)).ShouldBe([
                (1, new DateOnly(2026, 4, 20), 468_000_00L), (2, new DateOnly(2026, 5, 20), 468_000_00L), (3, new DateOnly(2026, 6, 20), 468_000_00L),
                (4, new DateOnly(2026, 7, 20), 468_000_00L), (5, new DateOnly(2026, 8, 20), 468_000_00L), (6, new DateOnly(2026, 9, 20), 468_000_00L),
            ]);
            Lines(db, created.Id).ShouldHaveSingleItem().AmountMinor.ShouldBe(2_808_000_00);

            (await db.Obligations.AsNoTracking().SingleAsync(o => o.Id == originalId, ct)).Status.ShouldBe(ObligationStatus.Restructured);
            var lines = Lines(db, originalId).Where(e => e.Kind == LedgerEntryKind.Adjustment).ToList();
            lines.Where(e => e.IdempotencyKey == $"agreement:{id}:restructured").ShouldAllBe(e => e.ValueDate == payDay.AddDays(1));
            lines.Where(e => e.IdempotencyKey == $"agreement:{id}:restructured").Sum(e => e.AmountMinor).ShouldBe(-2_808_000_00);

            // The original owes nothing after the booking; the agreement obligation owes F.
            (await PositionAsync(db, originalId, A.AddDays(40))).Installments.Sum(i => i.TotalOutstanding).ShouldBe(0);
            (await PositionAsync(db, created.Id, payDay.AddDays(1))).Installments.Sum(i => i.TotalOutstanding).ShouldBe(2_808_000_00);
            (await new DelinquencyExplainer(db).ExplainAsync(created.Id, payDay.AddDays(1), ct)).Classification.ShouldBe("B"); // current, but the floor holds

            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Obligation) && a.Actor == Closer.Name).ToListAsync(ct);
            audit.Count.ShouldBe(2); // the agreement obligation added, the original restructured
        }

        // A re-run of the day books nothing more.
        (await StepAsync(database, payDay, id)).AgreementObligationId.ShouldBe(booked.AgreementObligationId);
        await using (var db = database.Context())
        {
            (await db.Obligations.CountAsync(o => o.Kind == ObligationKind.Agreement, ct)).ShouldBe(1);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_a_down_payment_within_the_grace_the_agreement_lapses_and_the_original_owes_what_it_owed(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        long lapsing, overpaying;
        await using (var db = database.Context())
        {
            (_, lapsing) = await AgreementFixture.RulesObligationAsync(db, "ACU-L");
            (_, overpaying) = await AgreementFixture.RulesObligationAsync(db, "ACU-O");
        }

        var clock = ClockOn(A);
        PaymentAgreement first, second;
        await using (var db = database.Context(Supervisor, clock))
        {
            var service = new PaymentAgreements(db, Supervisor, clock, new AgreementOptions());
            var request = new AgreementRequest([lapsing], A, 6, 0m, ArrearsWaiver: 1m);
            first = (await service.CreateAsync(request, AgreementApprover.Supervisor, ct)).Agreement;
            second = (await service.CreateAsync(request with { ObligationIds = [overpaying] }, AgreementApprover.Supervisor, ct)).Agreement;
        }

        // The second pays 400,000 instead of 312,000: the 88,000 over the down payment prepay the last installment.
        await PayAsync(database, overpaying, 400_000m, A);
        (await StepAsync(database, A, second.Id)).Status.ShouldBe(AgreementStatus.Active);

        // 30 days of grace for the down payment due on A end on 2026-04-19.
        (await StepAsync(database, new DateOnly(2026, 4, 19), first.Id)).Status.ShouldBe(AgreementStatus.Approved);
        var lapsed = await StepAsync(database, new DateOnly(2026, 4, 20), first.Id);
        lapsed.Status.ShouldBe(AgreementStatus.Broken);
        lapsed.BrokenOn.ShouldBe(new DateOnly(2026, 4, 20));
        lapsed.AgreementObligationId.ShouldBeNull();
        AgreementQueries.StatusOn(lapsed, new DateOnly(2026, 4, 19)).ShouldBe(AgreementStatus.Approved);

        await using (var db = database.Context())
        {
            var undone = Lines(db, lapsing).Where(e => e.IdempotencyKey == $"agreement:{first.Id}:reinstated").ToList();
            undone.Sum(e => e.AmountMinor).ShouldBe(first.ForgivenMinor);
            (await db.Obligations.AsNoTracking().SingleAsync(o => o.Id == lapsing, ct)).Status.ShouldBe(ObligationStatus.Active);
            (await db.Obligations.AsNoTracking().Where(o => o.Kind == ObligationKind.Agreement).Select(o => o.PrincipalMinor).SingleAsync(ct)).ShouldBe(2_720_000_00);
            var created = (await db.PaymentAgreements.AsNoTracking().SingleAsync(a => a.Id == second.Id, ct)).AgreementObligationId!.Value;
            var schedule = await db.Installments.AsNoTracking().Where(i => i.ObligationId == created).OrderBy(i => i.Number).Select(i => i.PrincipalMinor).ToListAsync(ct);
            schedule.ShouldBe([468_000_00L, 468_000_00L, 468_000_00L, 468_000_00L, 468_000_00L, 380_000_00L]);
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

        new[] { first, second, third }.ShouldAllBe(a => a.Status == AgreementStatus.Approved);

        // Each pays the down payment on its original on A; that day's close books the three.
        foreach (var original in new[] { reinstating, keeping, paying })
        {
            await PayAsync(database, original, 312_000m, A);
        }

        (await StepAsync(database, A, first.Id)).Status.ShouldBe(AgreementStatus.Active);
        Task<PaymentAgreement> CloseAsync(DateOnly date, long agreementId) => StepAsync(database, date, agreementId);
        await using (var db = database.Context())
        {
            var obligations = await db.PaymentAgreements.AsNoTracking().OrderBy(a => a.Id).Select(a => a.AgreementObligationId!.Value).ToListAsync(ct);
            await PayAsync(database, obligations[0], 468_000m, new DateOnly(2026, 4, 20));
            await PayAsync(database, obligations[1], 468_000m, new DateOnly(2026, 4, 20));
            await PayAsync(database, obligations[2], 2_808_000m, new DateOnly(2026, 4, 20));
        }

        (await CloseAsync(new DateOnly(2026, 4, 21), third.Id)).Status.ShouldBe(AgreementStatus.Completed);
        (await CloseAsync(new DateOnly(2026, 5, 20), first.Id)).Status.ShouldBe(AgreementStatus.Active);
        // Installment 2 was due 2026-05-20: 30 days of grace end on 2026-06-19.
        (await CloseAsync(new DateOnly(2026, 6, 19), first.Id)).Status.ShouldBe(AgreementStatus.Active);
        await using (var db = database.Context())
        {
            var overdue = await new AgreementQueries(db).OverdueInstallments(new DateOnly(2026, 6, 19)).Where(o => o.AgreementId == first.Id).ToListAsync(ct);
            overdue.Select(o => (o.InstallmentNumber, o.DueOn, o.UnpaidMinor)).ShouldBe([(2, new DateOnly(2026, 5, 20), 468_000_00L)]);
            (await new AgreementQueries(db).BrokenAgreements(A).CountAsync(ct)).ShouldBe(0);
        }

        var broken = await CloseAsync(new DateOnly(2026, 6, 20), first.Id);
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
            // Owed again: the arrears that accrued through A — the forgiven amount, less the arrears the down payment,
            // posted on A, kept from accruing that day on the principal it paid.
            var owed = await PositionAsync(db, reinstating, new DateOnly(2026, 6, 20));
            owed.Installments.Sum(i => i.TotalOutstanding).ShouldBe(owed.Installments.Sum(i => i.ArrearsAccrued));
            owed.Installments.Sum(i => i.TotalOutstanding).ShouldBeInRange(first.ForgivenMinor - 200_00, first.ForgivenMinor);

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

        (await CloseAsync(new DateOnly(2026, 6, 20), first.Id)).BrokenOn.ShouldBe(new DateOnly(2026, 6, 20));
        await using (var db = database.Context())
        {
            (await db.LedgerEntries.CountAsync(ct)).ShouldBe(before);
        }
    }
}
