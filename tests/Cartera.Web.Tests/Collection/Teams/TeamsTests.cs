using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Teams;

public sealed class TeamsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_builds_teams_and_each_supervisor_sees_only_their_teams_debtors_in_the_api_and_the_pages(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        await host.AddUserAsync("norte@cartera.test", Roles.Supervisor, "Nora Norte");
        await host.AddUserAsync("sur@cartera.test", Roles.Supervisor, "Saúl Sur");
        var ana = await host.AddUserAsync("ana@cartera.test", Roles.Collector, "Ana Gestora");
        var beto = await host.AddUserAsync("beto@cartera.test", Roles.Collector, "Beto Gestor");
        var north = await host.AddDebtorAsync("D-N", "Deudor del Norte", "52123456");
        var south = await host.AddDebtorAsync("D-S", "Deudor del Sur", "79123456");
        var nobody = await host.AddDebtorAsync("D-0", "Deudor sin asignar", "80123456");
        await host.AssignAsync(north.Id, ana.Id);
        await host.AssignAsync(south.Id, beto.Id);
        var admin = await host.ClientForAsync("admin@cartera.test");

        (await admin.PostJsonAsync("/api/v1/teams", new { code = "norte", name = "Equipo Norte", supervisor = "norte@cartera.test" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostJsonAsync("/api/v1/teams", new { code = "sur", name = "Equipo Sur", supervisor = "sur@cartera.test" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostJsonAsync("/api/v1/teams/norte/members", new { member = "ana@cartera.test" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostJsonAsync("/api/v1/teams/sur/members", new { member = "beto@cartera.test" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await admin.PostJsonAsync("/api/v1/teams/sur/members", new { member = "norte@cartera.test" });
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("role_mismatch");
        (await admin.PostJsonAsync("/api/v1/teams/nada/members", new { member = "ana@cartera.test" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var supervisor = await host.ClientForAsync("norte@cartera.test");
        var teams = await (await supervisor.Get("/api/v1/teams")).ReadJsonAsync();
        teams.GetArrayLength().ShouldBe(1);
        teams[0].GetProperty("code").GetString().ShouldBe("norte");
        teams[0].GetProperty("members")[0].GetProperty("email").GetString().ShouldBe("ana@cartera.test");
        (await supervisor.PostJsonAsync("/api/v1/teams", new { code = "x", name = "X", supervisor = "norte@cartera.test" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await supervisor.Get($"/api/v1/debtors/{north.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await supervisor.Get($"/api/v1/debtors/{nobody.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await supervisor.Get($"/api/v1/debtors/{south.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await supervisor.Get("/api/v1/debtors")).ReadJsonAsync()).GetProperty("total").GetInt32().ShouldBe(2);
        await using (var db = host.Db())
        {
            var denied = await db.AuditEntries.Where(a => a.Action == "access_denied").ToListAsync(Ct);
            denied.Count.ShouldBe(1);
            denied[0].EntityId.ShouldBe(CarteraHost.Id(south.Id));
            (await db.AuditEntries.CountAsync(a => a.EntityType == "Team", Ct)).ShouldBe(2);
        }

        using var pages = new FormClient(host.Address);
        await pages.SignInAsync("norte@cartera.test", CarteraHost.Password);
        var teamPage = await pages.GetHtmlAsync("/equipos");
        teamPage.ShouldContain("Equipos de cobranza");
        teamPage.ShouldContain("Ana Gestora");
        teamPage.ShouldNotContain("Beto Gestor");
        teamPage.ShouldNotContain("Crear equipo");
        (await pages.GetAsync($"/deudores/{south.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var adminPages = new FormClient(host.Address);
        await adminPages.SignInAsync("admin@cartera.test", CarteraHost.Password);
        var moved = await adminPages.PostFormFromPageAsync("/equipos", "/equipos/sur/miembros", new() { ["Member"] = "ana@cartera.test" });
        moved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        moved.Headers.Location!.OriginalString.ShouldBe("/equipos?hecho=sur");
        var adminPage = await adminPages.GetHtmlAsync("/equipos");
        adminPage.ShouldContain("Crear equipo");
        adminPage.ShouldContain("Saúl Sur");

        // Ana moved to the south team: her debtor moved with her.
        (await supervisor.Get($"/api/v1/debtors/{north.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var southSupervisor = await host.ClientForAsync("sur@cartera.test");
        (await southSupervisor.Get($"/api/v1/debtors/{north.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
