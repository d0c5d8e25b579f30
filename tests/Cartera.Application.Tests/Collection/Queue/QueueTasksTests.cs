using Cartera.Application.Collection.Queue;
using Cartera.Application.Identity;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Assignments;
using Cartera.Domain.Collection.Queue;
using Cartera.Domain.Common;
using Cartera.Tests.Collection.Assignments;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Tests.Collection.Queue;

public sealed class QueueTasksTests
{
    private static readonly DateOnly Today = AssignmentFixture.Today;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_step_creates_one_task_per_debtor_step_and_due_date_audited(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var d = await f.AddDebtorsAsync(1);
        var tasks = new QueueTasks(f.Db, f.Clock, f.Actor);

        var first = await tasks.CreateAsync(new QueueTaskRequest(d[0], QueueTaskKind.Call, Today, "temprana", "llamada-d3", "b"), Ct);
        first.Created.ShouldBeTrue();
        (await tasks.CreateAsync(new QueueTaskRequest(d[0], QueueTaskKind.Call, Today, "temprana", "llamada-d3", "b"), Ct)).ShouldBe((first.Id, false));
        (await tasks.CreateAsync(new QueueTaskRequest(d[0], QueueTaskKind.Visit, Today, "temprana", "llamada-d3", null), Ct)).ShouldBe((first.Id, false));
        var later = await tasks.CreateAsync(new QueueTaskRequest(d[0], QueueTaskKind.Visit, Today.AddDays(3), "temprana", "visita-d10", null), Ct);
        later.Created.ShouldBeTrue();
        later.Id.ShouldNotBe(first.Id);

        (await Should.ThrowAsync<DomainException>(() => tasks.CreateAsync(new QueueTaskRequest(d[0] + 1000, QueueTaskKind.Call, Today, "temprana", "x", null), Ct))).Code.ShouldBe("not_found");
        (await Should.ThrowAsync<DomainException>(() => tasks.CreateAsync(new QueueTaskRequest(d[0], QueueTaskKind.Call, Today, " ", "x", null), Ct))).Code.ShouldBe("required");

        var open = await tasks.OpenForDebtorAsync(d[0], Today, Ct);
        open.ShouldHaveSingleItem().Id.ShouldBe(first.Id);
        open[0].ShouldBe(new QueueTaskView(first.Id, d[0], QueueTaskKind.Call, Today, "temprana", "llamada-d3", "b", QueueTaskStatus.Open, AssignmentFixture.Now, null, null));
        (await tasks.OpenForDebtorAsync(d[0], Today.AddDays(3), Ct)).Select(t => t.Id).ShouldBe([first.Id, later.Id]);

        (await f.Db.QueueTasks.CountAsync(Ct)).ShouldBe(2);
        var audit = await f.Db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(QueueTaskRecord)).ToListAsync(Ct);
        audit.Select(a => (a.Action, a.Actor)).ShouldBe([("create", f.Actor.Name), ("create", f.Actor.Name)]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_open_task_due_shows_on_the_queue_raises_priority_and_closes_when_its_visit_is_recorded(string provider)
    {
        await using var f = await AssignmentFixture.CreateAsync(provider);
        var collector = await f.AddUserAsync("ana@cartera.test", Roles.Collector);
        var d = await f.AddDebtorsAsync(3);
        await f.Service.AssignManyAsync(d, collector, AssignmentRole.Collector, Today.AddDays(-10), Ct);
        await f.CloseAsync(Today.AddDays(-1), (d[0], 30, "1-30", 500_000m), (d[1], 30, "1-30", 500_000m), (d[2], 30, "1-30", 500_000m));
        var tasks = new QueueTasks(f.Db, f.Clock, f.Actor);

        // d[1]: a visit due yesterday and a call due today; d[2]: a call due only tomorrow (not yet on the queue).
        var visit = await tasks.CreateAsync(new QueueTaskRequest(d[1], QueueTaskKind.Visit, Today.AddDays(-1), "tardia", "visita", null), Ct);
        var call = await tasks.CreateAsync(new QueueTaskRequest(d[1], QueueTaskKind.Call, Today, "tardia", "llamada", "a"), Ct);
        var tomorrow = await tasks.CreateAsync(new QueueTaskRequest(d[2], QueueTaskKind.Call, Today.AddDays(1), "tardia", "llamada", "a"), Ct);
        f.Db.ChangeTracker.Clear();
        await QueueRefresh.AllAsync(f.Db, Today, Ct);

        var rows = await f.Db.WorkQueueEntries.AsNoTracking().ToDictionaryAsync(e => e.DebtorId, Ct);
        rows[d[1]].StrategyTask.ShouldBe(QueueTaskKind.Visit);
        rows[d[0]].StrategyTask.ShouldBeNull();
        rows[d[2]].StrategyTask.ShouldBeNull();
        (rows[d[1]].Points - rows[d[0]].Points).ShouldBe(800); // the visit's action points (8) × 100, same facts otherwise
        rows[d[2]].Points.ShouldBe(rows[d[0]].Points);
        var page = await new WorkQueueService(f.Db, f.Actor, f.Clock).PageAsync(collector, null, null, 50, Ct);
        page.Items.Select(i => i.DebtorId).ShouldBe([d[1], d[0], d[2]]);
        page.Items[0].StrategyTask.ShouldBe(QueueTaskKind.Visit);

        // A visit recorded today closes the visit task (due yesterday), not the call task; the row shows the call now.
        f.Clock.Advance(TimeSpan.FromHours(1));
        f.Db.CollectionActivities.Add(CollectionActivity.Create(
            d[1], new ActivityInput(ActivityKind.Visit, ActivityDirection.Outbound, null, null, ActivityOutcome.Promise, null, false, null, "Visita"), null, f.Clock.GetUtcNow(), collector, "Ana Gestora"));
        await f.Db.SaveChangesAsync(Ct);
        f.Db.ChangeTracker.Clear();
        await QueueRefresh.DebtorsAsync(f.Db, [d[1], d[2]], Today, Ct);

        var closed = await f.Db.QueueTasks.AsNoTracking().SingleAsync(t => t.Id == visit.Id, Ct);
        closed.Status.ShouldBe(QueueTaskStatus.Done);
        closed.ClosedBy.ShouldBe("Ana Gestora");
        closed.ClosedAt.ShouldBe(f.Clock.GetUtcNow());
        (await f.Db.QueueTasks.AsNoTracking().SingleAsync(t => t.Id == call.Id, Ct)).Status.ShouldBe(QueueTaskStatus.Open);
        (await f.Db.QueueTasks.AsNoTracking().SingleAsync(t => t.Id == tomorrow.Id, Ct)).Status.ShouldBe(QueueTaskStatus.Open);
        (await f.Db.WorkQueueEntries.AsNoTracking().SingleAsync(e => e.DebtorId == d[1], Ct)).StrategyTask.ShouldBe(QueueTaskKind.Call);
        var audit = await f.Db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(QueueTaskRecord) && a.Action == "update").ToListAsync(Ct);
        audit.ShouldHaveSingleItem().EntityId.ShouldBe(visit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        audit[0].After!.ShouldContain("\"Status\":\"Done\"");

        // A visit recorded before a task's due date does not close it: d[2]'s call is due tomorrow.
        (await new QueueTasks(f.Db, f.Clock, f.Actor).OpenForDebtorAsync(d[2], Today.AddDays(1), Ct)).ShouldHaveSingleItem().Id.ShouldBe(tomorrow.Id);
    }
}
