using System.Globalization;
using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Shared;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Shared;

public sealed partial class PageTests
{
    [Fact]
    public async Task The_sign_in_page_is_in_Spanish_by_default_and_in_English_by_choice()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        var client = host.Anonymous();

        var spanish = WebUtility.HtmlDecode(await (await client.Get("/cuenta/ingresar")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var english = new HttpRequestMessage(HttpMethod.Get, "/cuenta/ingresar");
        english.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den-US%7Cuic%3Den-US");
        var englishHtml = await (await client.SendAsync(english, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        spanish.ShouldContain("<html lang=\"es\"");
        spanish.ShouldContain("Correo electrónico");
        spanish.ShouldContain("Contraseña");
        spanish.ShouldContain("name=\"__RequestVerificationToken\"");
        englishHtml.ShouldContain("<html lang=\"en\"");
        englishHtml.ShouldContain("Password");
    }

    [Fact]
    public async Task Signing_in_through_the_form_opens_the_portfolio_and_a_wrong_password_says_so_in_Spanish()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor, "Laura Gómez");
        await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        using var browser = new FormClient(host.Address);

        var wrong = await browser.SignInAsync("supervisora@cartera.test", "no-es-la-clave-1A!");
        wrong.Headers.Location!.ToString().ShouldStartWith("/cuenta/ingresar?error=invalid");
        (await browser.GetHtmlAsync(wrong.Headers.Location!.ToString())).ShouldContain("El correo o la contraseña no son válidos.");

        var ok = await browser.SignInAsync("supervisora@cartera.test", CarteraHost.Password);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var portfolio = await browser.GetHtmlAsync("/");
        portfolio.ShouldContain("Buscar en la cartera");
        portfolio.ShouldContain("Ana María Rojas");
        portfolio.ShouldContain("Laura Gómez");
        portfolio.ShouldContain("Supervisor");
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "supervisora@cartera.test", ["password"] = CarteraHost.Password });
        var response = await host.Anonymous().PostAsync(new Uri("/cuenta/sesion", UriKind.Relative), form, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_opens_an_assigned_debtor_page_and_gets_404_for_another(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var mine = await host.AddDebtorAsync("D-MINE", "Ana María Rojas", "52123456");
        var other = await host.AddDebtorAsync("D-OTHER", "Carlos Pérez", "79123456");
        var loan = await host.AddObligationAsync(mine.Id, "CR-0001");
        await host.AssignAsync(mine.Id, collector.Id);
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("gestor@cartera.test", CarteraHost.Password);

        var page = await browser.GetHtmlAsync($"/deudores/{mine.Id}");
        var portfolio = await browser.GetHtmlAsync("/");
        var denied = await browser.GetAsync($"/deudores/{other.Id}");
        var obligation = await browser.GetHtmlAsync($"/obligaciones/{loan.Id}");

        page.ShouldContain("Ana María Rojas");
        page.ShouldContain("CR-0001");
        page.ShouldContain("No contactar");
        page.ShouldContain("$ 12.345.678,90");
        page.ShouldContain("<dd>Colombia</dd>"); // names, not the codes CO and es
        page.ShouldContain("<dd>Español</dd>");
        portfolio.ShouldContain("<td>Colombia</td>");
        portfolio.ShouldNotContain("Carlos Pérez");
        denied.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        obligation.ShouldContain("Plan de pagos");
        obligation.ShouldContain("Desembolso");
    }

    [Fact]
    public async Task A_session_ends_after_30_idle_minutes_and_after_8_hours_even_when_active()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        using var idle = new FormClient(host.Address);
        using var busy = new FormClient(host.Address);
        await idle.SignInAsync("supervisora@cartera.test", CarteraHost.Password);
        await busy.SignInAsync("supervisora@cartera.test", CarteraHost.Password);

        host.Clock.Advance(TimeSpan.FromMinutes(31));
        (await idle.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await busy.SignInAsync("supervisora@cartera.test", CarteraHost.Password);

        // Active every 20 minutes: the sliding cookie is renewed, until the absolute limit.
        for (var minutes = 20; minutes <= 460; minutes += 20)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(20));
            (await busy.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK, $"{minutes} minutes after sign-in");
        }

        host.Clock.Advance(TimeSpan.FromMinutes(21));
        var expired = await busy.GetAsync("/");
        expired.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        expired.Headers.Location!.ToString().ShouldContain("/cuenta/ingresar");
    }

    [Fact]
    public void Money_follows_the_culture_and_names_foreign_currencies()
    {
        var esCo = CultureInfo.GetCultureInfo("es-CO");
        var enUs = CultureInfo.GetCultureInfo("en-US");

        // ICU's es-CO currency pattern (this runtime, ICU on Debian 12) is "$ n" with a plain space; thousands '.', decimals ','.
        Formats.Money(123_456_789, "COP", esCo).ShouldBe("$ 1.234.567,89");
        Formats.Money(123_450, "USD", esCo).ShouldBe("1.234,50\u00A0USD");
        Formats.Money(123_456_789, "COP", enUs).ShouldBe("1,234,567.89\u00A0COP");
        Formats.Money(123_450, "USD", enUs).ShouldBe("$1,234.50");
        Formats.Money(-5_000, "COP", esCo).ShouldBe("-$ 50,00");
    }
}
