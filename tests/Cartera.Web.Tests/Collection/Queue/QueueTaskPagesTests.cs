using System.Net;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Identity;
using Cartera.Domain.Collection.Queue;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Queue;

/// <summary>A strategy's call task on the queue page, the API and the debtor page, closed by the call that does it.</summary>
public sealed class QueueTaskPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_strategy_call_task_shows_on_the_queue_and_the_debtor_page_until_a_call_is_logged(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var ana = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var plain = await host.AddDebtorAsync("D-2", "Luz Marina Díaz", "41123456");
        await host.AssignAsync(debtor.Id, ana.Id);
        await host.AssignAsync(plain.Id, ana.Id);
        var clock = host.Service<TimeProvider>();
        long taskId;
        await using (var db = host.Db())
        {
            var today = new WorkQueueService(db, FixedActor.System, clock).Today;
            taskId = (await new QueueTasks(db, clock, FixedActor.System).CreateAsync(new QueueTaskRequest(debtor.Id, QueueTaskKind.Call, today, "temprana", "llamada-d3", "b"), Ct)).Id;
            await QueueRefresh.AllAsync(db, today, Ct);
        }

        // The debtor with the task comes first (same facts otherwise), flagged in Spanish; the API gives the code.
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("gestor@cartera.test", CarteraHost.Password);
        var queue = await browser.GetHtmlAsync("/cola");
        queue.ShouldContain("Llamada programada por estrategia");
        queue.IndexOf("Ana María Rojas", StringComparison.Ordinal).ShouldBeLessThan(queue.IndexOf("Luz Marina Díaz", StringComparison.Ordinal));
        var client = await host.ClientForAsync("gestor@cartera.test");
        var items = (await (await client.Get("/api/v1/queue")).ReadJsonAsync()).GetProperty("items");
        items[0].GetProperty("debtor_id").GetInt64().ShouldBe(debtor.Id);
        items[0].GetProperty("strategy_task").GetString().ShouldBe("call");
        items[1].GetProperty("strategy_task").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        var page = await browser.GetHtmlAsync($"/deudores/{debtor.Id}");
        page.ShouldContain("Tareas de estrategia abiertas");
        page.ShouldContain("temprana");
        page.ShouldContain("llamada-d3");

        // The debtor calls in: the call task is done (by the collector who logged it) and leaves the queue row and the page.
        var mobile = debtor.ContactPoints.Single(c => c.Channel == ContactChannel.Mobile).Id;
        var logged = await client.PostJsonAsync($"/api/v1/debtors/{debtor.Id}/activities", new { kind = "call", direction = "inbound", contact_point_id = mobile, outcome = "right_party_contact" });
        logged.StatusCode.ShouldBe(HttpStatusCode.Created, await logged.Content.ReadAsStringAsync(Ct));
        await using (var db = host.Db())
        {
            var task = await db.QueueTasks.AsNoTracking().SingleAsync(t => t.Id == taskId, Ct);
            task.Status.ShouldBe(QueueTaskStatus.Done);
            task.ClosedAt.ShouldNotBeNull();
            (await db.WorkQueueEntries.AsNoTracking().SingleAsync(e => e.DebtorId == debtor.Id, Ct)).StrategyTask.ShouldBeNull();
            (await db.AuditEntries.CountAsync(a => a.EntityType == nameof(QueueTaskRecord) && a.EntityId == CarteraHost.Id(taskId), Ct)).ShouldBe(2); // created, closed
        }

        var after = await browser.GetHtmlAsync($"/deudores/{debtor.Id}");
        after.ShouldContain("Ninguna tarea de estrategia abierta.");
        after.ShouldNotContain("llamada-d3");
    }
}
