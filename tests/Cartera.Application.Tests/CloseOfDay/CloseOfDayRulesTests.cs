using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.CloseOfDay;

/// <summary>RULES §2, §3 and §6 through a real close-of-day on the database.</summary>
public sealed class CloseOfDayRulesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rules_2_DPD_counts_from_the_oldest_installment_with_anything_unpaid(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long id;
        await using (var db = database.Context())
        {
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 0.2436m);
            var debtor = await ClosePortfolio.DebtorAsync(db, "D1");
            id = await ClosePortfolio.ObligationAsync(db, debtor, "O1", "consumo", null,
                (new DateOnly(2026, 1, 15), 100_000m), (new DateOnly(2026, 2, 15), 100_000m), (new DateOnly(2026, 3, 15), 100_000m));
            await ClosePortfolio.PayAsync(db, id, 1, 100_000m, new DateOnly(2026, 1, 15));
            await ClosePortfolio.PayAsync(db, id, 2, 50_000m, new DateOnly(2026, 2, 15));
        }

        var result = await ClosePortfolio.Runner(database).RunAsync(new DateOnly(2026, 3, 20), cancellationToken: Ct);

        result.Dates.Single().AlreadyClosed.ShouldBeFalse();
        var snapshot = (await ClosePortfolio.SnapshotsAsync(database)).ShouldHaveSingleItem();
        snapshot.ObligationId.ShouldBe(id);
        snapshot.Dpd.ShouldBe(33);
        snapshot.Bucket.ShouldBe("31-60");
        snapshot.OldestUnpaidDueDate.ShouldBe(new DateOnly(2026, 2, 15));
        snapshot.OverduePrincipalMinor.ShouldBe(15_000_000); // 50,000 of installment 2 + 100,000 of installment 3
        snapshot.OutstandingPrincipalMinor.ShouldBe(15_000_000);
        snapshot.OwnCategory.ShouldBe("B");
        snapshot.Ifrs9Stage.ShouldBe(2);
        snapshot.TotalDueMinor.ShouldBe(snapshot.OverduePrincipalMinor + snapshot.ArrearsInterestMinor);
        snapshot.ArrearsInterestMinor.ShouldBeGreaterThan(0);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rules_3_arrears_at_the_cap_597_47_a_day_and_5_974_70_after_ten_days_a_30_percent_contract_rate_is_capped(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var due = new DateOnly(2026, 4, 1);
        await using (var db = database.Context())
        {
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 0.2436m);
            var d1 = await ClosePortfolio.DebtorAsync(db, "D1");
            await ClosePortfolio.ObligationAsync(db, d1, "CAP", "consumo", null, (due, 1_000_000m));
            var d2 = await ClosePortfolio.DebtorAsync(db, "D2");
            await ClosePortfolio.ObligationAsync(db, d2, "CONTRACT30", "consumo", 0.30m, (due, 1_000_000m));
        }

        await ClosePortfolio.Runner(database).RunThroughAsync(due.AddDays(10), due, cancellationToken: Ct);

        var day1 = await ClosePortfolio.SnapshotsAsync(database, due.AddDays(1));
        day1.Count.ShouldBe(2);
        day1.ShouldAllBe(s => s.ArrearsInterestMinor == 59_747 && s.ArrearsAccruedTodayMinor == 59_747);
        var day10 = await ClosePortfolio.SnapshotsAsync(database, due.AddDays(10));
        day10.ShouldAllBe(s => s.ArrearsInterestMinor == 597_470 && s.ArrearsAccruedTodayMinor == 59_747 && s.Dpd == 10);
        (await ClosePortfolio.SnapshotsAsync(database, due)).ShouldAllBe(s => s.ArrearsInterestMinor == 0 && s.Dpd == 0);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rules_3_a_cap_change_on_day_6_accrues_days_1_to_5_at_the_old_cap_and_6_to_10_at_the_new_one(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var due = new DateOnly(2026, 4, 1);
        await using (var db = database.Context())
        {
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), due.AddDays(5), 0.2436m);
            await ClosePortfolio.CapAsync(db, due.AddDays(6), new DateOnly(2026, 12, 31), 0.2520m);
            var d1 = await ClosePortfolio.DebtorAsync(db, "D1");
            await ClosePortfolio.ObligationAsync(db, d1, "O1", "consumo", null, (due, 1_000_000m));
        }

        await ClosePortfolio.Runner(database).RunThroughAsync(due.AddDays(10), due.AddDays(1), cancellationToken: Ct);

        var newPerDay = (long)decimal.Round(100_000_000m * Rates.DailyFromEffectiveAnnual(0.2520m), 0, MidpointRounding.ToEven);
        newPerDay.ShouldNotBe(59_747);
        var snapshots = await ClosePortfolio.SnapshotsAsync(database);
        snapshots.Count.ShouldBe(10);
        snapshots.Single(s => s.BusinessDate == due.AddDays(5)).ArrearsAccruedTodayMinor.ShouldBe(59_747);
        snapshots.Single(s => s.BusinessDate == due.AddDays(6)).ArrearsAccruedTodayMinor.ShouldBe(newPerDay);
        snapshots.Single(s => s.BusinessDate == due.AddDays(10)).ArrearsInterestMinor.ShouldBe((5 * 59_747) + (5 * newPerDay));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rules_6_arrastre_gives_a_consumer_debtor_the_worst_category_housing_at_95_DPD_is_B(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var date = new DateOnly(2026, 6, 30);
        long at10, at95, housing, otherDebtor;
        await using (var db = database.Context())
        {
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 0.2436m);
            var consumer = await ClosePortfolio.DebtorAsync(db, "C1");
            at10 = await ClosePortfolio.ObligationAsync(db, consumer, "C1-10", "consumo", null, (date.AddDays(-10), 1_000_000m));
            at95 = await ClosePortfolio.ObligationAsync(db, consumer, "C1-95", "consumo", null, (date.AddDays(-95), 1_000_000m));
            var home = await ClosePortfolio.DebtorAsync(db, "H1");
            housing = await ClosePortfolio.ObligationAsync(db, home, "H1-95", "vivienda", null, (date.AddDays(-95), 50_000_000m));
            var other = await ClosePortfolio.DebtorAsync(db, "C2");
            otherDebtor = await ClosePortfolio.ObligationAsync(db, other, "C2-10", "consumo", null, (date.AddDays(-10), 1_000_000m));
        }

        await ClosePortfolio.Runner(database, partitions: 3).RunAsync(date, cancellationToken: Ct);

        var byId = (await ClosePortfolio.SnapshotsAsync(database, date)).ToDictionary(s => s.ObligationId);
        byId[at10].Dpd.ShouldBe(10);
        byId[at10].OwnCategory.ShouldBe("A");
        byId[at10].Classification.ShouldBe("D");
        byId[at10].Ifrs9Stage.ShouldBe(1); // the stage follows the obligation's own DPD
        byId[at95].Classification.ShouldBe("D");
        byId[at95].Ifrs9Stage.ShouldBe(3);
        byId[housing].Dpd.ShouldBe(95);
        byId[housing].Classification.ShouldBe("B");
        byId[otherDebtor].Classification.ShouldBe("A"); // arrastre stays inside one debtor
        byId[at10].ProvisionMinor.ShouldBe((long)decimal.Round((byId[at10].OutstandingPrincipalMinor + byId[at10].ArrearsInterestMinor) * 0.50m, 0, MidpointRounding.ToEven));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cancelled_obligations_are_left_out_and_paid_off_ones_appear_with_zeros(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var date = new DateOnly(2026, 6, 30);
        long paid, cancelled;
        await using (var db = database.Context())
        {
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 0.2436m);
            var debtor = await ClosePortfolio.DebtorAsync(db, "D1");
            paid = await ClosePortfolio.ObligationAsync(db, debtor, "PAID", "consumo", null, (date.AddDays(-40), 1_000_000m));
            await ClosePortfolio.PayAsync(db, paid, 1, 1_000_000m, date.AddDays(-40));
            cancelled = await ClosePortfolio.ObligationAsync(db, debtor, "CANCELLED", "consumo", null, (date.AddDays(-40), 1_000_000m));
            await db.Database.ExecuteSqlRawAsync("UPDATE obligations SET status = 'cancelled' WHERE id = {0}", [cancelled], Ct);
        }

        await ClosePortfolio.Runner(database).RunAsync(date, cancellationToken: Ct);

        var snapshot = (await ClosePortfolio.SnapshotsAsync(database, date)).ShouldHaveSingleItem();
        snapshot.ObligationId.ShouldBe(paid);
        snapshot.Dpd.ShouldBe(0);
        snapshot.TotalDueMinor.ShouldBe(0);
        snapshot.OutstandingPrincipalMinor.ShouldBe(0);
        snapshot.Bucket.ShouldBe(AgingBuckets.Current);
    }
}
