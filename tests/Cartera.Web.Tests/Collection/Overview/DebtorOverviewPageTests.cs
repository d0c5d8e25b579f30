using System.Globalization;
using System.Net;
using Cartera.Application.Audit;
using Cartera.Application.Identity;
using Cartera.Application.Payments;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Shared;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Overview;

/// <summary>
/// The debtor 360 page and its API on one host per database: the Spanish sections with the figures Payments computes,
/// a note added from the page, and a collector the debtor is not assigned to denied (404, audited) on both.
/// </summary>
public sealed class DebtorOverviewPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_spanish_360_shows_every_section_with_the_amount_to_pay_today_and_an_unassigned_collector_is_denied(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var other = await host.AddUserAsync("otro@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AssignAsync(debtor.Id, collector.Id);
        // 12,345,678.90 at 24 % EA over 12 months from 2026-02-15: on Friday 2026-03-20 installments 1 and 2 are unpaid.
        var obligation = await host.AddObligationAsync(debtor.Id, "CR-1");
        var today = new DateOnly(2026, 3, 20);
        AmountDue due;
        await using (var db = host.Db())
        {
            await DelinquencyPortfolio.AddCapAsync(db);
            due = (await new PaymentFacts(db).AmountsDueAsync([obligation.Id], today, Ct)).Single();
        }

        due.DueInstallments.ShouldBe(2);
        due.ArrearsInterest.ShouldBeGreaterThan(0);
        var es = CultureInfo.GetCultureInfo("es-CO");
        string M(long minor) => Formats.Money(minor, "COP", es);

        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("gestor@cartera.test", CarteraHost.Password);
        var page = await browser.GetHtmlAsync($"/deudores/{debtor.Id}");

        HtmlText.Between(page, "data-testid=\"summary-due-today\">", "</span>").ShouldBe(M(due.DueTodayMinor));
        HtmlText.Between(page, "data-testid=\"summary-payoff\">", "</span>").ShouldBe(M(due.PayoffMinor));
        HtmlText.Between(page, "data-testid=\"summary-dpd\">", "</span>").ShouldBe("33");
        HtmlText.Between(page, "data-testid=\"summary-assigned\">", "</span>").ShouldContain("gestor@cartera.test");
        HtmlText.Between(page, "data-testid=\"explained-due-today\">", "</strong>").ShouldBe(M(due.DueTodayMinor));
        HtmlText.Between(page, "data-testid=\"explained-arrears\">", "</dd>").ShouldBe(M(due.ArrearsInterest));
        page.ShouldContain("¿Cómo se compone el valor a pagar hoy de CR-1?");
        page.ShouldContain("Cuotas vencidas o que vencen hoy: 2");
        page.ShouldContain(M(due.DueInstallmentsMinor));
        page.ShouldContain("Intereses de mora hasta hoy");
        page.ShouldContain("Para cancelar la totalidad hoy");
        page.ShouldContain("Plan de pagos de CR-1");
        foreach (var section in new[]
        {
            "Saldos y valor a pagar hoy", "Pagos recientes", "Sin pagos registrados.", "Promesas y acuerdos anteriores", "Sin promesas de pago.",
            "Contacto y autorizaciones", "¿Puedo llamar ahora?", "Se puede enviar SMS ahora", "Próximo momento permitido", "Historial de gestiones",
            "Causas del no pago", "Sin notas.", "Agregar una nota", "Codeudores y avalistas", "Sin garantías.", "Sin pólizas de seguro.", "Puntaje de pago",
        })
        {
            page.ShouldContain(section);
        }

        foreach (var anchor in new[] { "#saldos", "#pagos", "#compromisos", "#contacto", "#gestiones", "#causas", "#relacionados", "#score" })
        {
            page.ShouldContain($"href=\"{anchor}\"");
        }

        // A note from the page's form shows under "Notas".
        var posted = await browser.PostFormAsync($"/deudores/{debtor.Id}/gestiones", page, new Dictionary<string, string> { ["kind"] = "note", ["note"] = "Prefiere hablar en la tarde." });
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await browser.GetHtmlAsync($"/deudores/{debtor.Id}");
        HtmlText.Between(after, "data-testid=\"debtor-notes\">", "</ul>").ShouldContain("gestor@cartera.test: Prefiere hablar en la tarde.");

        // The same data as JSON for integrators.
        var api = await host.ClientForAsync("gestor@cartera.test");
        var json = await (await api.Get($"/api/v1/debtors/{debtor.Id}/360")).ReadJsonAsync();
        var first = json.GetProperty("obligations")[0];
        first.GetProperty("due_today").GetProperty("total").GetProperty("amount").GetString().ShouldBe(MoneyDto.FromMinor(due.DueTodayMinor, "COP").Amount);
        first.GetProperty("total").GetProperty("amount").GetString().ShouldBe(MoneyDto.FromMinor(due.PayoffMinor, "COP").Amount);
        json.GetProperty("days_past_due").GetInt32().ShouldBe(33);
        json.GetProperty("notes")[0].GetProperty("note").GetString().ShouldBe("Prefiere hablar en la tarde.");
        var call = json.GetProperty("contact_points").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "mobile")
            .GetProperty("can_contact_now").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "call");
        call.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        call.GetProperty("reasons")[0].GetString().ShouldBe("unauthorized_channel");

        // A collector the debtor is not assigned to: 404 on the page and the API, both denials audited.
        using var stranger = new FormClient(host.Address);
        await stranger.SignInAsync("otro@cartera.test", CarteraHost.Password);
        (await stranger.GetAsync($"/deudores/{debtor.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var strangerApi = await host.ClientForAsync("otro@cartera.test");
        (await strangerApi.Get($"/api/v1/debtors/{debtor.Id}/360")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using var check = host.Db();
        var denials = await check.AuditEntries.Where(a => a.Action == AccessDenials.Action && a.EntityType == nameof(Debtor)).ToListAsync(Ct);
        denials.Count.ShouldBe(2);
        denials.ShouldAllBe(a => a.EntityId == CarteraHost.Id(debtor.Id) && a.Actor.StartsWith($"user:{other.Id}:", StringComparison.Ordinal));
        denials.Select(a => a.After).ShouldContain("read_overview");
    }
}
