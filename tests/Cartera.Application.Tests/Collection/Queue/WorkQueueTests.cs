using Cartera.Application.Collection.Promises;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Identity;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Collection.Promises;
using Cartera.Domain.Collection.Queue;
using Cartera.Domain.Common;
using Cartera.Tests.Collection.Assignments;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Tests.Collection.Queue;

public sealed class WorkQueueTests
{
    private static readonly DateOnly Today = AssignmentFixture.Today;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Collector A has D1 (broken promise), D2 (promise due today), D3 (callback due today), D4 and D5 (same DPD and
    /// amount: same points, id decides), D6 (little overdue); collector B has D7. Snapshots of yesterday; queue computed.
    /// </summary>
    private sealed record Portfolio(AssignmentFixture F, string A, string B, List<long> D)
    {
        public WorkQueueService Queue => new(F.Db, F.Actor, F.Clock);

        public async Task<List<long>> PageAsync(string user, QueueFilter? filter = null) =>
            (await Queue.PageAsync(user, filter, null, 50, Ct)).Items.Select(i => i.DebtorId).ToList();
    }

    private static async Task<Portfolio> ArrangeAsync(AssignmentFixture f)
    {
        var a = await f.AddUserAsync("ana@cartera.test", Roles.Collector);
        var b = await f.AddUserAsync("beto@cartera.test", Roles.Collector);
        var d = await f.AddDebtorsAsync(7);
        await f.Service.AssignManyAsync(d[..6], a, AssignmentRole.Collector, Today.AddDays(-10), Ct);
        await f.Service.AssignManyAsync([d[6]], b, AssignmentRole.Collector, Today.AddDays(-10), Ct);
        await f.CloseAsync(
            Today.AddDays(-1),
            (d[0], 10, "1-30", 100_000m),
            (d[1], 5, "1-30", 50_000m),
            (d[2], 20, "1-30", 80_000m),
            (d[3], 90, "61-90", 1_000_000m),
            (d[4], 90, "61-90", 1_000_000m),
            (d[5], 3, "1-30", 10_000m),
            (d[6], 120, "91-180", 2_000_000m));
        AddPromise(f, d[0], "P-1", PromiseStatus.Broken, Today.AddDays(-2), Today.AddDays(-5));
        AddPromise(f, d[1], "P-2", PromiseStatus.Pending, null, Today);
        await f.Db.SaveChangesAsync(Ct);

        // A callback logged yesterday for today at 14:00.
        var callback = CollectionActivity.Create(
            d[2], new ActivityInput(ActivityKind.Note, ActivityDirection.Outbound, null, null, null, null, false, AssignmentFixture.Now.AddHours(-1), "Volver a llamar"), null, AssignmentFixture.Now.AddDays(-1), a, "ana");
        f.Db.CollectionActivities.Add(callback);
        await f.Db.SaveChangesAsync(Ct);
        f.Db.ChangeTracker.Clear();

        (await QueueRefresh.AllAsync(f.Db, Today, Ct)).ShouldBe(7);
        return new Portfolio(f, a, b, d);
    }

    private static void AddPromise(AssignmentFixture f, long debtorId, string id, PromiseStatus status, DateOnly? settledOn, DateOnly dueOn) =>
        f.Db.Promises.Add(new PromiseRecord
        {
            ExternalId = id,
            DebtorId = debtorId,
            AllObligations = true,
            CurrencyCode = "COP",
            MadeOn = dueOn.AddDays(-3),
            MadeBy = "ana",
            TotalMinor = 5_000_000,
            Status = status,
            SettledOn = settledOn,
            CreatedAt = AssignmentFixture.Now,
            Installments =
            [
                new PromiseInstallmentRecord
                {
                    Number = 1,
                    DueOn = dueOn,
                    AmountMinor = 5_000_000,
                    Status = status == PromiseStatus.Broken ? PromiseInstallmentStatus.Broken : PromiseInstallmentStatus.Pending,
                },
            ],
        });

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_queue_orders_by_tier_then_points_then_debtor_id_and_each_collector_sees_only_their_own(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var p = await ArrangeAsync(f);
        var d = p.D;

        (await p.PageAsync(p.A)).ShouldBe([d[0], d[1], d[2], d[3], d[4], d[5]]);
        (await p.PageAsync(p.B)).ShouldBe([d[6]]);

        var rows = await f.Db.WorkQueueEntries.AsNoTracking().Where(e => e.UserId == p.A).ToDictionaryAsync(e => e.DebtorId, Ct);
        rows[d[0]].Tier.ShouldBe(1);
        rows[d[0]].BrokenPromise.ShouldBeTrue();
        rows[d[1]].Tier.ShouldBe(2);
        rows[d[1]].PromiseDueToday.ShouldBeTrue();
        rows[d[2]].Tier.ShouldBe(3);
        rows[d[2]].CallbackDue.ShouldBeTrue();
        rows[d[3]].Tier.ShouldBe(5);
        rows[d[3]].Points.ShouldBe(rows[d[4]].Points);
        rows[d[3]].Points.ShouldBeGreaterThan(rows[d[5]].Points);
        rows[d[3]].Bucket.ShouldBe("61-90");
        rows[d[3]].OverdueMinor.ShouldBe(100_000_000);

        // Deterministic: a second refresh and a paged read (page size 2, keyset) give the same order.
        await QueueRefresh.AllAsync(f.Db, Today, Ct);
        var paged = new List<long>();
        QueueCursor? after = null;
        do
        {
            var page = await p.Queue.PageAsync(p.A, null, after, 2, Ct);
            paged.AddRange(page.Items.Select(i => i.DebtorId));
            after = page.Next;
        }
        while (after is not null);
        paged.ShouldBe([d[0], d[1], d[2], d[3], d[4], d[5]]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Filters_and_counts_follow_the_tiers_and_the_facts(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var p = await ArrangeAsync(f);
        var d = p.D;

        (await p.PageAsync(p.A, new QueueFilter(WithPromise: true))).ShouldBe([d[0], d[1]]);
        (await p.PageAsync(p.A, new QueueFilter(WithCallback: true))).ShouldBe([d[2]]);
        (await p.PageAsync(p.A, new QueueFilter(DpdMin: 50))).ShouldBe([d[3], d[4]]);
        (await p.PageAsync(p.A, new QueueFilter(DpdMax: 5))).ShouldBe([d[1], d[5]]);
        (await p.PageAsync(p.A, new QueueFilter(Bucket: "61-90"))).ShouldBe([d[3], d[4]]);
        (await p.PageAsync(p.A, new QueueFilter(Tier: 5, Product: "consumo"))).ShouldBe([d[3], d[4], d[5]]);
        (await p.PageAsync(p.A, new QueueFilter(Product: "vivienda"))).ShouldBeEmpty();

        var counts = await p.Queue.CountsAsync(p.A, null, Ct);
        counts.Open.ShouldBe(6);
        counts.ByTier.ShouldBe(new Dictionary<int, int> { [1] = 1, [2] = 1, [3] = 1, [5] = 3 }, ignoreOrder: true);
        counts.WithPromise.ShouldBe(2);
        counts.WithCallback.ShouldBe(1);
        (await p.Queue.CountsAsync(p.A, new QueueFilter(DpdMin: 50), Ct)).Open.ShouldBe(2);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Next_opens_the_debtor_after_the_current_one_and_wraps_to_the_first(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var p = await ArrangeAsync(f);
        var d = p.D;

        (await p.Queue.NextAsync(p.A, null, null, Ct)).ShouldBe(d[0]);
        (await p.Queue.NextAsync(p.A, d[0], null, Ct)).ShouldBe(d[1]);
        (await p.Queue.NextAsync(p.A, d[3], null, Ct)).ShouldBe(d[4]);
        (await p.Queue.NextAsync(p.A, d[5], null, Ct)).ShouldBe(d[0]);
        (await p.Queue.NextAsync(p.B, d[6], null, Ct)).ShouldBeNull();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Worked_skipped_and_snoozed_debtors_leave_todays_queue_and_come_back_when_due(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var p = await ArrangeAsync(f);
        var d = p.D;

        await p.Queue.MarkAsync(p.A, d[0], QueueItemState.Skipped, null, "No contesta nunca a esta hora", Ct);
        await p.Queue.MarkAsync(p.A, d[1], QueueItemState.Snoozed, AssignmentFixture.Now.AddHours(2), null, Ct);

        // An activity logged today marks the debtor worked.
        f.Db.CollectionActivities.Add(CollectionActivity.Create(
            d[3], new ActivityInput(ActivityKind.Note, ActivityDirection.Outbound, null, null, null, null, false, null, "Gestión"), null, AssignmentFixture.Now, p.A, "ana"));
        await f.Db.SaveChangesAsync(Ct);
        await p.Queue.MarkAsync(p.A, d[5], QueueItemState.Worked, null, null, Ct);

        (await p.PageAsync(p.A)).ShouldBe([d[2], d[4]]);
        var counts = await p.Queue.CountsAsync(p.A, null, Ct);
        (counts.Open, counts.Worked, counts.Skipped, counts.Snoozed).ShouldBe((2, 2, 1, 1));
        (await p.Queue.NextAsync(p.A, null, null, Ct)).ShouldBe(d[2]);

        // Snoozed until 17:00: back at 17:01. A second mark the same day replaces the first.
        f.Clock.SetUtcNow(AssignmentFixture.Now.AddHours(2).AddMinutes(1));
        (await p.PageAsync(p.A)).ShouldBe([d[1], d[2], d[4]]);
        await p.Queue.MarkAsync(p.A, d[1], QueueItemState.Skipped, null, null, Ct);
        (await f.Db.QueueItemStates.CountAsync(s => s.DebtorId == d[1], Ct)).ShouldBe(1);

        // The next day everything is back (the queue of that day).
        f.Clock.SetUtcNow(AssignmentFixture.Now.AddDays(1));
        (await p.PageAsync(p.A)).ShouldBe([d[0], d[1], d[2], d[3], d[4], d[5]]);

        // Marks are audited; a snooze needs a later instant; another collector's debtor is not in the queue.
        (await f.Db.AuditEntries.CountAsync(a => a.EntityType == nameof(QueueItemStateRecord), Ct)).ShouldBeGreaterThanOrEqualTo(4);
        (await Should.ThrowAsync<DomainException>(() => p.Queue.MarkAsync(p.A, d[2], QueueItemState.Snoozed, f.Clock.GetUtcNow().AddMinutes(-1), null, Ct))).Code.ShouldBe("invalid_snooze");
        (await Should.ThrowAsync<DomainException>(() => p.Queue.MarkAsync(p.A, d[6], QueueItemState.Skipped, null, null, Ct))).Code.ShouldBe("not_found");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_stored_priority_reorders_the_queue_at_the_next_refresh_and_an_ended_assignment_leaves_it(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var p = await ArrangeAsync(f);
        var d = p.D;
        var settings = new QueuePrioritySettings(f.Db, f.Actor, f.Clock);

        await settings.SaveAsync("""{"tiers":["callback_due","broken_promise"],"dpd":{"weight":0,"cap":180},"amount_overdue":{"weight":0,"cap":1000},"probability":{"weight":0},"next_action":{}}""", Ct);
        (await p.Queue.RefreshDebtorAsync(d[2], Ct)).ShouldBe(1); // only that debtor's row is recomputed
        var rows = await f.Db.WorkQueueEntries.AsNoTracking().Where(e => e.UserId == p.A).ToDictionaryAsync(e => e.DebtorId, Ct);
        (rows[d[2]].Tier, rows[d[2]].Points).ShouldBe((1, 0L));
        (rows[d[3]].Tier, rows[d[3]].Points > 0).ShouldBe((5, true));
        await QueueRefresh.AllAsync(f.Db, Today, Ct);
        (await p.PageAsync(p.A)).ShouldBe([d[2], d[0], d[1], d[3], d[4], d[5]]); // no weights: the rest by debtor id
        (await settings.CurrentAsync(Ct)).Tiers.ShouldBe([QueueTierFactor.CallbackDue, QueueTierFactor.BrokenPromise]);
        (await f.Db.AuditEntries.CountAsync(a => a.EntityType == nameof(WorkQueueSettingsRecord), Ct)).ShouldBe(1);
        (await Should.ThrowAsync<DomainException>(() => settings.SaveAsync("""{"tiers":["nope"]}""", Ct))).Field.ShouldBe("tiers");
        (await Should.ThrowAsync<DomainException>(() => settings.SaveAsync("""{"dpd":{"weight":1,"cap":0}}""", Ct))).Code.ShouldBe("invalid_priority");

        var assignment = await f.Db.DebtorAssignments.AsNoTracking().SingleAsync(x => x.DebtorId == d[2], Ct);
        await f.Service.EndAsync(assignment.Id, "Reasignación", Ct);
        (await p.PageAsync(p.A)).ShouldNotContain(d[2]); // even before the refresh
    }
}
