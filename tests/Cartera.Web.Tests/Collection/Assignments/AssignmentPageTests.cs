using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Assignments;

public sealed class AssignmentPageTests
{
    [Fact]
    public async Task A_supervisor_assigns_selected_debtors_in_spanish_and_sees_the_history()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        var ana = await host.AddUserAsync("ana@cartera.test", Roles.Collector, "Ana Gestora");
        var first = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AddDebtorAsync("D-2", "Carlos Pérez", "79123456");
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("supervisor@cartera.test", CarteraHost.Password);

        var page = await browser.GetHtmlAsync("/asignaciones");
        page.ShouldContain("Asignaciones");
        page.ShouldContain("Asignar a");
        page.ShouldContain("Sin asignar");
        page.ShouldContain("Ana Gestora (ana@cartera.test) · Gestor de cobranza");
        page.ShouldNotContain("Assignments.");

        var post = await browser.PostFormAsync("/asignaciones/asignar", page, new Dictionary<string, string>
        {
            ["Scope"] = "selected",
            ["Debtor"] = CarteraHost.Id(first.Id),
            ["Assignee"] = "collector:" + ana.Id,
            ["ValidFrom"] = "2026-03-20",
        });
        post.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var back = post.Headers.Location!.OriginalString;
        back.ShouldContain("asignados=1");
        (await browser.GetHtmlAsync(back)).ShouldContain("1 deudor(es) asignado(s)");

        var history = await browser.GetHtmlAsync($"/asignaciones/deudores/{first.Id}");
        history.ShouldContain("Historial de asignaciones");
        history.ShouldContain("Ana Gestora");
        history.ShouldContain("Activa");
        await using var db = host.Db();
        (await db.DebtorAssignments.CountAsync(a => a.UserId == ana.Id && a.EndedAt == null, TestContext.Current.CancellationToken)).ShouldBe(1);
    }

    [Fact]
    public async Task A_collector_cannot_open_the_assignment_page()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("ana@cartera.test", Roles.Collector);
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("ana@cartera.test", CarteraHost.Password);

        var response = await browser.GetAsync("/asignaciones");

        response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (response.Headers.Location?.OriginalString ?? string.Empty).ShouldNotContain("asignaciones?");
    }
}
