using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests;

public sealed class HostTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Health_is_200_with_the_database_checked(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);

        var response = await host.Anonymous().Get("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_openapi_document_lists_debtor_and_obligation_paths_and_the_bearer_scheme()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        var client = await host.ClientForAsync("analista@cartera.test");

        var document = await (await client.Get("/openapi/v1.json")).ReadJsonAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/v1/debtors");
        paths.ShouldContain("/api/v1/debtors/{id}");
        paths.ShouldContain("/api/v1/obligations");
        paths.ShouldContain("/api/v1/obligations/{id}");
        paths.ShouldContain("/api/v1/auth/token");
        paths.ShouldNotContain(p => p.StartsWith("/cuenta", StringComparison.Ordinal));
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);

        var response = await host.Anonymous().Get("/cuenta/ingresar");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
        response.Headers.Contains("Server").ShouldBeFalse();
    }

    [Fact]
    public async Task The_stylesheet_is_served_anonymously_from_the_razor_class_library_path()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);

        var response = await host.Anonymous().Get("/_content/Cartera.Web/app.css");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain(".topbar");
    }

    [Fact]
    public async Task Anything_else_needs_a_signed_in_user()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        var client = host.Anonymous();

        var page = await client.Get("/deudores/1");
        var openapi = await client.Get("/openapi/v1.json");

        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/cuenta/ingresar?returnUrl=%2Fdeudores%2F1");
        openapi.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
