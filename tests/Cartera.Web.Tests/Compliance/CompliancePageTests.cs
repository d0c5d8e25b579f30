using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Compliance;

public sealed partial class PageTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_supervisor_sets_debtor_overrides_through_the_form_and_sees_the_audit_trail(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("jefe@cartera.test", Roles.Supervisor);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("jefe@cartera.test", CarteraHost.Password);
        var url = $"/deudores/{CarteraHost.Id(debtor.Id)}/cumplimiento";
        (await browser.GetHtmlAsync($"/deudores/{CarteraHost.Id(debtor.Id)}")).ShouldContain(url);

        var refused = await browser.PostPageFormAsync(url, "overrides", new() { ["Form.AgreedHours"] = "mon-fri 08:00-20:00" });
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("agreed_hours_document");

        var saved = await browser.PostPageFormAsync(url, "overrides", new()
        {
            ["Form.AgreedHours"] = "mon-fri 08:00-20:00",
            ["Form.AgreedHoursDocument"] = "Acuerdo 2026-03-01",
            ["Form.OptOutCalls"] = "true",
            ["Form.DisputeHold"] = "true",
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        saved.Headers.Location!.ToString().ShouldEndWith($"{url}?guardado=true");

        await using (var db = host.Db())
        {
            var stored = await db.DebtorComplianceOverrides.SingleAsync(o => o.DebtorId == debtor.Id, TestContext.Current.CancellationToken);
            stored.OptedOutChannels.ShouldBe("calls");
            stored.DisputeHold.ShouldBeTrue();
            stored.DoNotContact.ShouldBeFalse();
            stored.AgreedHoursDocument.ShouldBe("Acuerdo 2026-03-01");
        }

        var page = await browser.GetHtmlAsync(url + "?guardado=true");
        page.ShouldContain("data-testid=\"audit-trail\"");
        page.ShouldContain(":jefe@cartera.test");
        page.ShouldContain("Acuerdo 2026-03-01");
    }

    [Fact]
    public async Task Only_an_admin_opens_the_rule_sets_and_a_collector_cannot_open_overrides()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("jefe@cartera.test", Roles.Supervisor);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AssignAsync(debtor.Id, collector.Id);
        using var supervisor = new FormClient(host.Address);
        await supervisor.SignInAsync("jefe@cartera.test", CarteraHost.Password);
        using var gestor = new FormClient(host.Address);
        await gestor.SignInAsync("gestor@cartera.test", CarteraHost.Password);
        using var admin = new FormClient(host.Address);
        await admin.SignInAsync("admin@cartera.test", CarteraHost.Password);

        (await supervisor.GetAsync("/cumplimiento/reglas")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await gestor.GetAsync($"/deudores/{CarteraHost.Id(debtor.Id)}/cumplimiento")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await gestor.GetHtmlAsync($"/deudores/{CarteraHost.Id(debtor.Id)}")).ShouldNotContain("/cumplimiento");
        var rules = await admin.GetHtmlAsync("/cumplimiento/reglas");
        rules.ShouldContain("co-ley-2300@1");
        rules.ShouldContain("Ley 2300 de 2023, art. 3");
        rules.ShouldContain("[verify]");
        (await admin.GetAsync("/cumplimiento/reglas/no-existe/editar")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
