using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Payments;

public sealed class PaymentPageTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_supervisor_records_a_payment_on_the_obligation_page_sees_its_allocation_and_reverses_it(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await PaymentsApiTests.AddCapAsync(host);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var loan = await host.AddObligationAsync(debtor.Id, "CR-1", principal: 1_200_000m);
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("supervisora@cartera.test", CarteraHost.Password);
        var page = await browser.GetHtmlAsync($"/obligaciones/{loan.Id}");
        page.ShouldContain("Registrar pago");
        var key = System.Text.RegularExpressions.Regex.Match(page, "name=\"key\" value=\"([0-9a-f]+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string> { ["amount"] = "150000,00", ["receivedOn"] = "2026-03-20", ["channel"] = "cash", ["reference"] = "caja 3", ["key"] = key };

        var posted = await browser.PostFormAsync($"/obligaciones/{loan.Id}/pagos", page, fields);
        var twice = await browser.PostFormAsync($"/obligaciones/{loan.Id}/pagos", page, fields);

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        twice.Headers.Location.ShouldBe(posted.Headers.Location, "the same form sent twice is one payment");
        var shown = await browser.GetHtmlAsync(posted.Headers.Location!.OriginalString);
        shown.ShouldContain("Imputación del pago");
        shown.ShouldContain("Interés de mora");
        shown.ShouldContain("caja 3");
        shown.ShouldContain("Aplicado");
        await using (var db = host.Db())
        {
            db.Payments.Count().ShouldBe(1);
        }

        var paymentId = posted.Headers.Location.OriginalString.Split("pago=")[1].Split('#')[0];
        var reversed = await browser.PostFormAsync($"/pagos/{paymentId}/reversion", shown, new Dictionary<string, string> { ["reason"] = "billete falso" });
        reversed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await browser.GetHtmlAsync(reversed.Headers.Location!.OriginalString);
        after.ShouldContain("Reversado");
        after.ShouldContain("billete falso");

        var late = await browser.PostFormAsync($"/obligaciones/{loan.Id}/pagos", after, new Dictionary<string, string> { ["amount"] = "10", ["receivedOn"] = "2025-12-01", ["channel"] = "bank", ["reference"] = "", ["key"] = "otro" });
        late.StatusCode.ShouldBe(HttpStatusCode.Redirect, await late.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var error = await browser.GetHtmlAsync(late.Headers.Location!.OriginalString);
        error.ShouldContain("outside_window");
    }

    [Fact]
    public async Task A_collector_sees_no_payment_form_and_cannot_post_one()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AssignAsync(debtor.Id, collector.Id);
        var loan = await host.AddObligationAsync(debtor.Id, "CR-1", principal: 1_200_000m);
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("gestor@cartera.test", CarteraHost.Password);

        var page = await browser.GetHtmlAsync($"/obligaciones/{loan.Id}");
        page.ShouldContain("Pagos");
        page.ShouldNotContain("payment-form");
        var post = await browser.PostFormAsync($"/obligaciones/{loan.Id}/pagos", page, new Dictionary<string, string> { ["amount"] = "10", ["receivedOn"] = "2026-03-20", ["channel"] = "cash", ["reference"] = "", ["key"] = "x" });
        (post.Headers.Location?.OriginalString ?? string.Empty).ShouldNotContain("pago=");
        await using var db = host.Db();
        db.Payments.Count().ShouldBe(0);
    }
}
