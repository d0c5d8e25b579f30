using Cartera.Application.Delinquency;
using Cartera.Application.Payments;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Payments;

public sealed class PaymentPostingTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_payment_is_allocated_oldest_installment_first_and_the_paid_columns_follow_the_ledger(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("O-1");
        var before = await f.PositionAsync(id, PaymentFixture.Today.AddDays(-1));
        var arrears1 = before.Installment(1).Outstanding(LedgerComponent.ArrearsInterest);
        arrears1.ShouldBeGreaterThan(0);

        var result = await f.Posting().PostAsync(f.Command(id, 1_050m), Ct);

        result.Replayed.ShouldBeFalse();
        result.Payment.Status.ShouldBe(PaymentStatus.Posted);
        result.Payment.BusinessDate.ShouldBe(PaymentFixture.Today);
        var lines = result.View.Allocation;
        lines.Sum(l => l.AmountMinor).ShouldBe(105_000);
        lines.Take(3).ShouldBe(
        [
            new AllocatedLine(1, LedgerComponent.ArrearsInterest, arrears1, false),
            new AllocatedLine(1, LedgerComponent.Interest, 10_000, false),
            new AllocatedLine(1, LedgerComponent.Principal, 90_000, false),
        ]);
        lines[3].InstallmentNumber.ShouldBe(2);
        lines[3].Component.ShouldBe(LedgerComponent.ArrearsInterest);

        var ledger = await f.LedgerAsync(id);
        ledger.Where(e => e.Kind == LedgerEntryKind.Payment).Sum(e => e.AmountMinor).ShouldBe(-105_000);
        ledger.Where(e => e.Kind == LedgerEntryKind.Payment).ShouldAllBe(e => e.BusinessDate == PaymentFixture.Today && e.ValueDate == PaymentFixture.Today);
        (await f.PaidAsync(id))[0].ShouldBe((1, 90_000L, 10_000L, 0L, 0L));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_invalid_payment_is_refused_with_its_code_and_nothing_is_posted(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("O-1");
        var cancelled = await f.AddObligationAsync("O-2");
        await using (var db = f.Db())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE obligations SET status = 'cancelled' WHERE id = {cancelled}", Ct);
        }

        async Task Refused(PostPaymentCommand command, string code)
        {
            var e = await Should.ThrowAsync<DomainException>(() => f.Posting().PostAsync(command, Ct));
            e.Code.ShouldBe(code);
        }

        await Refused(f.Command(999_999, 100m), "unknown_obligation");
        await Refused(f.Command(id, 100m, currency: "USD"), "currency_mismatch");
        await Refused(f.Command(id, 0m), "invalid_amount");
        await Refused(f.Command(id, -5m), "invalid_amount");
        await Refused(f.Command(id, 10.005m), "too_many_decimals");
        await Refused(f.Command(id, 100m, PaymentFixture.Today.AddDays(-31)), "outside_window");
        await Refused(f.Command(cancelled, 100m), "obligation_cancelled");

        await using var check = f.Db();
        (await check.Payments.CountAsync(Ct)).ShouldBe(0);
        (await check.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.Payment, Ct)).ShouldBe(0);

        // The window's edge is allowed.
        (await f.Posting().PostAsync(f.Command(id, 100m, PaymentFixture.Today.AddDays(-30)), Ct)).Payment.Status.ShouldBe(PaymentStatus.Posted);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_key_twice_posts_once_and_the_same_key_with_another_body_is_a_conflict(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("O-1");

        var first = await f.Posting().PostAsync(f.Command(id, 500m, key: "abc"), Ct);
        var again = await f.Posting().PostAsync(f.Command(id, 500m, key: "abc"), Ct);
        var conflict = await Should.ThrowAsync<IdempotencyConflictException>(() => f.Posting().PostAsync(f.Command(id, 501m, key: "abc"), Ct));

        again.Replayed.ShouldBeTrue();
        again.Payment.Id.ShouldBe(first.Payment.Id);
        again.View.Allocation.ShouldBe(first.View.Allocation);
        conflict.PaymentId.ShouldBe(first.Payment.Id);
        await using var db = f.Db();
        (await db.Payments.CountAsync(Ct)).ShouldBe(1);
        (await f.LedgerAsync(id)).Count(e => e.Kind == LedgerEntryKind.Payment).ShouldBe(first.View.Allocation.Count);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_back_dated_payment_re_allocates_a_later_one_as_if_posted_in_value_date_order(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("O-1");
        var early = PaymentFixture.Today.AddDays(-10);

        var later = await f.Posting().PostAsync(f.Command(id, 1_200m), Ct);
        var backDated = await f.Posting().PostAsync(f.Command(id, 1_500m, early), Ct);

        // The later payment's first allocation was reversed line by line and a new one booked.
        var ledger = await f.LedgerAsync(id);
        ledger.Count(e => e.Kind == LedgerEntryKind.Reversal).ShouldBe(later.View.Allocation.Count);
        var relocated = (await f.Posting().FindAsync(later.Payment.Id, Ct))!;
        relocated.Allocation.ShouldNotBe(later.View.Allocation);
        relocated.Allocation.Sum(l => l.AmountMinor).ShouldBe(120_000);

        // The same payments posted in value-date order in a fresh database give the same allocations and position.
        await using var g = await PaymentFixture.CreateAsync(provider);
        var id2 = await g.AddObligationAsync("O-1");
        var b2 = await g.Posting().PostAsync(g.Command(id2, 1_500m, early), Ct);
        var l2 = await g.Posting().PostAsync(g.Command(id2, 1_200m), Ct);
        backDated.View.Allocation.ShouldBe(b2.View.Allocation);
        relocated.Allocation.ShouldBe(l2.View.Allocation);
        PaymentFixture.Shape(await f.PositionAsync(id, PaymentFixture.Today)).ShouldBe(PaymentFixture.Shape(await g.PositionAsync(id2, PaymentFixture.Today)));
        (await f.PaidAsync(id)).ShouldBe(await g.PaidAsync(id2));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reversal_restores_paid_columns_and_position_and_re_allocates_later_payments(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("O-1");
        var untouched = PaymentFixture.Shape(await f.PositionAsync(id, PaymentFixture.Today));
        var unpaid = await f.PaidAsync(id);

        var first = await f.Posting().PostAsync(f.Command(id, 1_100m, PaymentFixture.Today.AddDays(-5)), Ct);
        var second = await f.Posting().PostAsync(f.Command(id, 300m), Ct);
        var reversed = await f.Posting().ReverseAsync(first.Payment.Id, "cheque devuelto", Ct);

        reversed.Payment.Status.ShouldBe(PaymentStatus.Reversed);
        reversed.Payment.ReversalReason.ShouldBe("cheque devuelto");
        reversed.Allocation.ShouldBeEmpty();
        var secondNow = (await f.Posting().FindAsync(second.Payment.Id, Ct))!;
        secondNow.Allocation[0].InstallmentNumber.ShouldBe(1, "with the first payment gone the second goes to installment 1");
        (await Should.ThrowAsync<DomainException>(() => f.Posting().ReverseAsync(first.Payment.Id, "again", Ct))).Code.ShouldBe("already_reversed");

        await f.Posting().ReverseAsync(second.Payment.Id, "error de digitación", Ct);
        (await f.PaidAsync(id)).ShouldBe(unpaid);
        PaymentFixture.Shape(await f.PositionAsync(id, PaymentFixture.Today)).ShouldBe(untouched);
        var ledger = await f.LedgerAsync(id);
        ledger.Where(e => e.Kind is LedgerEntryKind.Payment or LedgerEntryKind.Reversal).Sum(e => e.AmountMinor).ShouldBe(0);
        ledger.Where(e => e.ReversesEntryId is not null).Select(e => e.ReversesEntryId).Distinct().Count().ShouldBe(ledger.Count(e => e.ReversesEntryId is not null));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_overpayment_keeps_a_credit_balance_that_can_be_refunded_up_to_its_amount(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("O-1");

        var paid = await f.Posting().PostAsync(f.Command(id, 5_000m), Ct);

        var credit = paid.View.CreditBalanceMinor;
        credit.ShouldBeGreaterThan(0);
        paid.View.Allocation.Where(l => l.InstallmentNumber == 4).ShouldAllBe(l => l.Prepayment);
        (await Should.ThrowAsync<DomainException>(() => f.Posting().RefundAsync(id, (credit + 1) / 100m, "COP", "devolución", Ct))).Code.ShouldBe("insufficient_credit_balance");
        var refund = await f.Posting().RefundAsync(id, 10m, "COP", "devolución", Ct);
        refund.CreditBalanceMinor.ShouldBe(credit - 1_000);
        (await f.PositionAsync(id, PaymentFixture.Today)).CreditBalance.ShouldBe(credit - 1_000);
        var line = (await f.LedgerAsync(id)).Single(e => e.Kind == LedgerEntryKind.Refund);
        (line.Component, line.AmountMinor, line.InstallmentNumber).ShouldBe((LedgerComponent.CreditBalance, 1_000L, (int?)null));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_prepayment_relieves_the_interest_of_the_installments_it_pays_off_and_its_reversal_restores_it(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("O-1");
        var paidOn = new DateOnly(2026, 2, 20); // installments 1 and 2 due; 3 (the running period) and 4 not yet

        var paid = await f.Posting().PostAsync(f.Command(id, 5_000m, paidOn), Ct);

        // Reduce term: the principal of 4, then of 3; installment 4 no longer carries interest, 3 keeps its period's.
        paid.View.Allocation.Where(l => l.Prepayment).Select(l => (l.InstallmentNumber, l.AmountMinor)).ShouldBe([(3, 90_000L), (4, 90_000L)]);
        paid.View.InterestRelief.Select(l => (l.InstallmentNumber, l.Component, l.AmountMinor)).ShouldBe([((int?)4, LedgerComponent.Interest, 10_000L)]);
        paid.View.Allocation.Sum(l => l.AmountMinor).ShouldBe(500_000); // the relief is not money received
        var relief = (await f.LedgerAsync(id)).Single(e => e.Kind == LedgerEntryKind.Adjustment);
        (relief.InstallmentNumber, relief.Component, relief.AmountMinor, relief.ValueDate).ShouldBe(((int?)4, LedgerComponent.Interest, -10_000L, paidOn));
        var after = await f.PositionAsync(id, PaymentFixture.Today);
        after.Installment(4).TotalOutstanding.ShouldBe(0);
        after.Installment(3).Outstanding(LedgerComponent.Interest).ShouldBe(10_000);

        await f.Posting().ReverseAsync(paid.Payment.Id, "cheque devuelto", Ct);

        var restored = await f.PositionAsync(id, PaymentFixture.Today);
        restored.Installment(4).Outstanding(LedgerComponent.Interest).ShouldBe(10_000);
        restored.Installment(4).Outstanding(LedgerComponent.Principal).ShouldBe(90_000);
        (await f.LedgerAsync(id)).Where(e => e.InstallmentNumber == 4 && e.Component == LedgerComponent.Interest).Sum(e => e.AmountMinor).ShouldBe(0);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_future_payment_waits_pending_until_its_date_is_posted_once(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("O-1");
        var tomorrow = PaymentFixture.Today.AddDays(1);

        var pending = await f.Posting().PostAsync(f.Command(id, 700m, tomorrow), Ct);

        pending.Payment.Status.ShouldBe(PaymentStatus.Pending);
        pending.View.Allocation.ShouldBeEmpty();
        (await f.LedgerAsync(id)).ShouldNotContain(e => e.Kind == LedgerEntryKind.Payment);
        (await f.Posting().PostPendingAsync(PaymentFixture.Today, Ct)).ShouldBe(0);

        await f.SetBusinessDateAsync(tomorrow);
        (await f.Posting().PostPendingAsync(tomorrow, Ct)).ShouldBe(1);
        (await f.Posting().PostPendingAsync(tomorrow, Ct)).ShouldBe(0);

        var posted = (await f.Posting().FindAsync(pending.Payment.Id, Ct))!;
        posted.Payment.Status.ShouldBe(PaymentStatus.Posted);
        posted.Payment.BusinessDate.ShouldBe(tomorrow);
        posted.Allocation.Sum(l => l.AmountMinor).ShouldBe(70_000);
        (await f.LedgerAsync(id)).Where(e => e.Kind == LedgerEntryKind.Payment).ShouldAllBe(e => e.ValueDate == tomorrow && e.BusinessDate == tomorrow);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_credit_balance_is_applied_to_the_installment_that_falls_due(string provider)
    {
        await using var f = await PaymentFixture.CreateAsync(provider);
        await using (var db = f.Db())
        {
            await new ProductCatalog(db).SaveAsync(ProductSettings.DefaultFor("ahorro") with { Allocation = AllocationPolicy.Default with { Prepayment = PrepaymentPolicy.CreditBalance } }, Ct);
        }

        var id = await f.AddObligationAsync("O-1", product: "ahorro");
        var paid = await f.Posting().PostAsync(f.Command(id, 3_500m), Ct);
        paid.View.CreditBalanceMinor.ShouldBeGreaterThan(0);
        paid.View.Allocation.ShouldNotContain(l => l.InstallmentNumber == 4);
        var due = PaymentFixture.DueDates[3];
        await f.SetBusinessDateAsync(due);

        (await f.Posting().ApplyCreditBalanceAsync(due, Ct)).ShouldBe(1);
        (await f.Posting().ApplyCreditBalanceAsync(due, Ct)).ShouldBe(0);

        var applied = (await f.LedgerAsync(id)).Where(e => e.Kind == LedgerEntryKind.Adjustment).ToList();
        applied.Sum(e => e.AmountMinor).ShouldBe(0);
        applied.Single(e => e.Component == LedgerComponent.CreditBalance).AmountMinor.ShouldBe(paid.View.CreditBalanceMinor);
        var position = await f.PositionAsync(id, due);
        position.CreditBalance.ShouldBe(0);
        position.Installment(4).Outstanding(LedgerComponent.Interest).ShouldBe(0);
        (await f.PaidAsync(id))[3].Item3.ShouldBe(10_000);
    }
}
