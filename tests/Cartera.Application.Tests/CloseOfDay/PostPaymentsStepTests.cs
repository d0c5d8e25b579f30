using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Payments;
using Cartera.Tests.Support;

namespace Cartera.Application.Tests.CloseOfDay;

/// <summary>Close-of-day step 2 wired to payments: a future-dated payment waits, then counts from its value date on.</summary>
public sealed class PostPaymentsStepTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly DateOnly Due = new(2026, 3, 1);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_future_dated_payment_waits_as_pending_and_is_posted_by_the_close_of_its_value_date(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long id;
        await using (var db = database.Context())
        {
            var debtor = await ClosePortfolio.DebtorAsync(db, "D1");
            id = await ClosePortfolio.ObligationAsync(db, debtor, "O1", "consumo", 0.20m, (Due, 1_000_000m));
        }

        var runner = new CloseOfDayRunner(database.Options, TimeProvider.System, FixedActor.System, new CloseOfDayOptions { Partitions = 2, RunBy = "test" }, [new PostPaymentsStep()]);
        await runner.RunThroughAsync(Due.AddDays(1), Due, cancellationToken: Ct);

        PaymentPostingResult posted;
        await using (var db = database.Context())
        {
            posted = await new PaymentPosting(db).PostAsync(
                new PostPaymentCommand(id, 2_000_000m, "COP", Due.AddDays(5), PaymentChannel.Bank, "ref", "key-1"), Ct);
        }

        posted.Payment.Status.ShouldBe(PaymentStatus.Pending);
        posted.View.Allocation.ShouldBeEmpty();

        await runner.RunThroughAsync(Due.AddDays(6), cancellationToken: Ct);

        var snapshots = (await ClosePortfolio.SnapshotsAsync(database)).Where(s => s.ObligationId == id).ToDictionary(s => s.BusinessDate);
        snapshots[Due.AddDays(4)].Dpd.ShouldBe(4);
        snapshots[Due.AddDays(4)].ArrearsInterestMinor.ShouldBeGreaterThan(0);
        snapshots[Due.AddDays(5)].Dpd.ShouldBe(0);
        snapshots[Due.AddDays(5)].TotalDueMinor.ShouldBe(0);
        snapshots[Due.AddDays(5)].CreditBalanceMinor.ShouldBe(200_000_000 - 100_000_000 - snapshots[Due.AddDays(4)].ArrearsInterestMinor);
        snapshots[Due.AddDays(6)].ArrearsInterestMinor.ShouldBe(0);

        await using (var db = database.Context())
        {
            var view = await new PaymentPosting(db).FindAsync(posted.Payment.Id, Ct);
            view!.Payment.Status.ShouldBe(PaymentStatus.Posted);
            view.Payment.BusinessDate.ShouldBe(Due.AddDays(5));
        }
    }
}
