using System.Globalization;
using System.Net;
using Cartera.Application.Disputes;
using Cartera.Application.Identity;
using Cartera.Domain.Disputes;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Disputes;

/// <summary>The debtor 360 shows the open disputes (in Spanish, with the answer deadline) and hides them once resolved.</summary>
public sealed class DisputesPageTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_debtor_page_lists_open_disputes_in_spanish(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("jefe@cartera.test", Roles.Supervisor);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        long id;
        await using (var db = host.Db())
        {
            id = (await new DisputeCases(db, TimeProvider.System).OpenAsync(new DisputeOpenRequest("D-1", null, DisputeReason.AlreadyPaid, "Pagó el 5 de marzo", [], new DateOnly(2026, 3, 18)), ct)).Id;
        }

        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("jefe@cartera.test", CarteraHost.Password);
        var url = $"/deudores/{CarteraHost.Id(debtor.Id)}";
        var html = WebUtility.HtmlDecode(await browser.GetHtmlAsync(url));
        html.ShouldContain("data-testid=\"debtor-disputes\"");
        html.ShouldContain("Reclamos abiertos");
        html.ShouldContain("Ya pagó");
        html.ShouldContain("Pagó el 5 de marzo");
        html.ShouldContain(new DateOnly(2026, 4, 13).ToString("d", CultureInfo.GetCultureInfo("es-CO")));
        html.ShouldNotContain("already_paid");

        await using (var db = host.Db())
        {
            await new DisputeCases(db, TimeProvider.System).ResolveAsync(id, DisputeStatus.Rejected, null, "No procede", ct);
        }

        WebUtility.HtmlDecode(await browser.GetHtmlAsync(url)).ShouldNotContain("debtor-disputes");
    }
}
