using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Assignments;

public sealed class AssignmentsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_supervisor_assigns_a_collector_who_then_sees_only_that_debtor(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        var ana = await host.AddUserAsync("ana@cartera.test", Roles.Collector);
        var mine = await host.AddDebtorAsync("D-MINE", "Ana María Rojas", "52123456");
        var other = await host.AddDebtorAsync("D-OTHER", "Carlos Pérez", "79123456");
        var supervisor = await host.ClientForAsync("supervisor@cartera.test");
        var collector = await host.ClientForAsync("ana@cartera.test");

        // Before any assignment the collector sees nothing.
        (await (await collector.Get("/api/v1/debtors")).ReadJsonAsync()).GetProperty("total").GetInt32().ShouldBe(0);

        var created = await supervisor.PostJsonAsync("/api/v1/assignments", new { debtor_id = mine.Id, assignee = "ana@cartera.test", role = "collector", valid_from = "2026-03-01" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.ReadJsonAsync();
        body.GetProperty("user_id").GetString().ShouldBe(ana.Id);
        body.GetProperty("role").GetString().ShouldBe("collector");
        body.GetProperty("active").GetBoolean().ShouldBeTrue();
        var again = await supervisor.PostJsonAsync("/api/v1/assignments", new { debtor_id = mine.Id, assignee = "ana@cartera.test", role = "collector", valid_from = "2026-03-01" });
        again.StatusCode.ShouldBe(HttpStatusCode.OK);

        var list = await (await collector.Get("/api/v1/debtors")).ReadJsonAsync();
        list.GetProperty("total").GetInt32().ShouldBe(1);
        list.GetProperty("items")[0].GetProperty("external_id").GetString().ShouldBe("D-MINE");
        (await collector.Get($"/api/v1/debtors/{mine.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await collector.Get($"/api/v1/debtors/{other.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The denial is audited (a missing id is not).
        (await collector.Get("/api/v1/debtors/987654")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using (var db = host.Db())
        {
            var denied = await db.AuditEntries.Where(a => a.Action == "access_denied").ToListAsync(Ct);
            denied.Count.ShouldBe(1);
            denied[0].EntityType.ShouldBe("Debtor");
            denied[0].EntityId.ShouldBe(CarteraHost.Id(other.Id));
            denied[0].Actor.ShouldContain("ana@cartera.test");
        }

        // An assignment from a later date does not count yet.
        await supervisor.PostJsonAsync("/api/v1/assignments", new { debtor_id = other.Id, assignee = "ana@cartera.test", role = "collector", valid_from = "2026-04-01" });
        (await collector.Get($"/api/v1/debtors/{other.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Ending the assignment takes the debtor away and keeps the history.
        var id = body.GetProperty("id").GetInt64();
        var ended = await supervisor.PostJsonAsync($"/api/v1/assignments/{id}/end", new { reason = "vacaciones" });
        ended.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ended.ReadJsonAsync()).GetProperty("end_reason").GetString().ShouldBe("vacaciones");
        (await collector.Get($"/api/v1/debtors/{mine.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var history = await (await supervisor.Get($"/api/v1/assignments/debtors/{mine.Id}")).ReadJsonAsync();
        history.GetArrayLength().ShouldBe(1);
        history[0].GetProperty("active").GetBoolean().ShouldBeFalse();
        var active = await (await supervisor.Get("/api/v1/assignments?assignee=ana@cartera.test&active=true")).ReadJsonAsync();
        active.GetProperty("total").GetInt32().ShouldBe(1);
        active.GetProperty("items")[0].GetProperty("debtor_id").GetInt64().ShouldBe(other.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_cannot_assign_and_a_wrong_role_is_a_problem_in_spanish(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        await host.AddUserAsync("ana@cartera.test", Roles.Collector);
        await host.AddUserAsync("campo@cartera.test", Roles.FieldAgent);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var collector = await host.ClientForAsync("ana@cartera.test");
        var supervisor = await host.ClientForAsync("supervisor@cartera.test");

        (await collector.PostJsonAsync("/api/v1/assignments", new { debtor_id = debtor.Id, assignee = "ana@cartera.test", role = "collector" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await collector.PostJsonAsync("/api/v1/assignments/bulk", new { assignee = "ana@cartera.test", role = "collector" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await collector.Get("/api/v1/assignments")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var wrong = await supervisor.PostJsonAsync("/api/v1/assignments", new { debtor_id = debtor.Id, assignee = "campo@cartera.test", role = "collector" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        wrong.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await wrong.ReadJsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("role_mismatch");
        problem.GetProperty("detail").GetString()!.ShouldContain("no tiene el rol collector");
        await using var db = host.Db();
        (await db.DebtorAssignments.CountAsync(Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bulk_assignment_of_the_unassigned_answers_the_counts(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        var ana = await host.AddUserAsync("ana@cartera.test", Roles.Collector);
        await host.AddUserAsync("campo@cartera.test", Roles.FieldAgent);
        var first = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456", segment: "consumo");
        await host.AddDebtorAsync("D-2", "Carlos Pérez", "79123456", segment: "consumo");
        await host.AddDebtorAsync("D-3", "Luz Gómez", "41123456", segment: "pyme");
        await host.AssignAsync(first.Id, ana.Id);
        var supervisor = await host.ClientForAsync("supervisor@cartera.test");

        var response = await supervisor.PostJsonAsync("/api/v1/assignments/bulk", new
        {
            filter = new { segment = "consumo", unassigned_only = true },
            assignee = "ana@cartera.test",
            role = "collector",
            valid_from = "2026-03-20",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var counts = await response.ReadJsonAsync();
        counts.GetProperty("matched").GetInt32().ShouldBe(1);
        counts.GetProperty("assigned").GetInt32().ShouldBe(1);

        var field = await (await supervisor.PostJsonAsync("/api/v1/assignments/bulk", new { filter = new { segment = "consumo" }, assignee = "campo@cartera.test", role = "field_agent" })).ReadJsonAsync();
        field.GetProperty("assigned").GetInt32().ShouldBe(2);
        await using var db = host.Db();
        (await db.AuditEntries.CountAsync(a => a.Action == "assign", Ct)).ShouldBe(3);
    }
}
