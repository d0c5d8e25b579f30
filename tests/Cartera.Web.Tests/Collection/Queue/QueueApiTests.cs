using System.Net;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Queue;

public sealed class QueueApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_reads_and_works_only_their_own_queue_and_every_denial_is_audited(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var ana = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var beto = await host.AddUserAsync("gestor2@cartera.test", Roles.Collector);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        var mine = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var second = await host.AddDebtorAsync("D-2", "Luz Marina Díaz", "41123456");
        var other = await host.AddDebtorAsync("D-3", "Carlos Pérez", "79123456");
        await host.AssignAsync(mine.Id, ana.Id);
        await host.AssignAsync(second.Id, ana.Id);
        await host.AssignAsync(other.Id, beto.Id);
        await using (var db = host.Db())
        {
            var today = new WorkQueueService(db, FixedActor.System, host.Service<TimeProvider>()).Today;
            (await QueueRefresh.AllAsync(db, today, Ct)).ShouldBe(3);
        }

        var client = await host.ClientForAsync("gestor@cartera.test");
        var page = await (await client.Get("/api/v1/queue")).ReadJsonAsync();
        page.GetProperty("user_id").GetString().ShouldBe(ana.Id);
        var items = page.GetProperty("items");
        items.GetArrayLength().ShouldBe(2);
        items[0].GetProperty("debtor_id").GetInt64().ShouldBe(mine.Id); // same tier and points: by debtor id
        items[1].GetProperty("debtor_id").GetInt64().ShouldBe(second.Id);
        page.GetProperty("counts").GetProperty("open").GetInt32().ShouldBe(2);

        var next = await (await client.PostJsonAsync("/api/v1/queue/next", new { current_debtor_id = mine.Id })).ReadJsonAsync();
        next.GetProperty("debtor_id").GetInt64().ShouldBe(second.Id);
        next.GetProperty("url").GetString().ShouldBe($"/deudores/{second.Id}");

        var skipped = await client.PostJsonAsync("/api/v1/queue/states", new { debtor_id = mine.Id, state = "skipped", reason = "Viaja hoy" });
        skipped.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await skipped.ReadJsonAsync()).GetProperty("state").GetString().ShouldBe("skipped");
        var after = await (await client.Get("/api/v1/queue")).ReadJsonAsync();
        after.GetProperty("items").GetArrayLength().ShouldBe(1);
        after.GetProperty("counts").GetProperty("skipped").GetInt32().ShouldBe(1);
        var badSnooze = await client.PostJsonAsync("/api/v1/queue/states", new { debtor_id = second.Id, state = "snoozed" });
        badSnooze.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await badSnooze.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("invalid_snooze");

        // Another collector's queue and debtor: 403 and 404, both audited.
        var foreign = await client.Get($"/api/v1/queue?user_id={beto.Id}");
        foreign.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await foreign.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("forbidden");
        (await client.PostJsonAsync("/api/v1/queue/states", new { debtor_id = other.Id, state = "skipped" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using (var db = host.Db())
        {
            var denials = await db.AuditEntries.Where(a => a.Action == AccessDenials.Action).ToListAsync(Ct);
            denials.Select(a => (a.EntityType, a.EntityId)).ShouldBe([("WorkQueue", beto.Id), ("Debtor", CarteraHost.Id(other.Id))], ignoreOrder: true);
            (await db.QueueItemStates.CountAsync(s => s.DebtorId == other.Id, Ct)).ShouldBe(0);
        }

        // A supervisor may read a collector's queue.
        var supervisor = await host.ClientForAsync("supervisora@cartera.test");
        var theirs = await (await supervisor.Get($"/api/v1/queue?user_id={beto.Id}")).ReadJsonAsync();
        theirs.GetProperty("items")[0].GetProperty("debtor_id").GetInt64().ShouldBe(other.Id);
    }

    [Fact]
    public async Task The_queue_page_is_in_spanish_with_counts_and_the_next_key_and_opens_the_first_debtor()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        var ana = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var mine = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AssignAsync(mine.Id, ana.Id);
        await using (var db = host.Db())
        {
            await QueueRefresh.AllAsync(db, new WorkQueueService(db, FixedActor.System, host.Service<TimeProvider>()).Today, Ct);
        }

        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("gestor@cartera.test", CarteraHost.Password);
        var html = await browser.GetHtmlAsync("/cola");
        html.ShouldContain("Cola de trabajo");
        html.ShouldContain("Siguiente deudor");
        html.ShouldContain("(tecla n)");
        html.ShouldContain("Resto de deudores asignados");
        html.ShouldContain("Ana María Rojas");
        html.ShouldContain("data-queue-next");
        html.ShouldNotContain("Queue.");
        html.ShouldNotContain("broken_promise");

        var next = await browser.GetAsync("/cola/siguiente");
        next.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        next.Headers.Location!.OriginalString.ShouldBe($"/deudores/{mine.Id}");
        var debtor = await browser.GetHtmlAsync($"/deudores/{mine.Id}");
        debtor.ShouldContain("Siguiente en la cola (tecla n)");
    }
}
