using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.Playwright;

namespace Cartera.Web.Tests.Portfolio;

/// <summary>Search ignores accents and letter case on both databases, and counts say "1 deudor", not "1 deudores".</summary>
public sealed class SearchTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Names_match_without_accents_or_case_and_codes_match_in_any_case(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        var perez = await host.AddDebtorAsync("DEMO-D-0001", "Carlos Pérez Muñoz", "79123456");
        var lopez = await host.AddDebtorAsync("DEMO-D-0002", "ÁNGELA LÓPEZ", "52123456");
        await host.AddDebtorAsync("OTRO-9", "Ana María Rojas", "41123456");
        await host.AddObligationAsync(lopez.Id, "DEMO-O-000123");
        var client = await host.ClientForAsync("analista@cartera.test");

        async Task<string[]> NamesAsync(string q)
        {
            var json = await (await client.Get($"/api/v1/debtors?q={Uri.EscapeDataString(q)}")).ReadJsonAsync();
            return [.. json.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("full_name").GetString()!).Order(StringComparer.Ordinal)];
        }

        (await NamesAsync("Perez")).ShouldBe(["Carlos Pérez Muñoz"]);
        (await NamesAsync("pérez")).ShouldBe(["Carlos Pérez Muñoz"]);
        (await NamesAsync("PEREZ MUNOZ")).ShouldBe(["Carlos Pérez Muñoz"]);
        (await NamesAsync("angela lopez")).ShouldBe(["ÁNGELA LÓPEZ"]);
        (await NamesAsync("Ángela")).ShouldBe(["ÁNGELA LÓPEZ"]);
        (await NamesAsync("maria")).ShouldBe(["Ana María Rojas"]);
        (await NamesAsync("demo-o-000123")).ShouldBe(["ÁNGELA LÓPEZ"]);
        (await NamesAsync("DEMO-O-000123")).ShouldBe(["ÁNGELA LÓPEZ"]);
        (await NamesAsync("demo-d-")).ShouldBe(["Carlos Pérez Muñoz", "ÁNGELA LÓPEZ"]);
        (await NamesAsync("xyz")).ShouldBeEmpty();

        var obligations = await (await client.Get($"/api/v1/obligations?q=demo-o-0001")).ReadJsonAsync();
        obligations.GetProperty("items").GetArrayLength().ShouldBe(1);
        perez.Id.ShouldBePositive();
    }

    [Fact]
    public async Task The_search_page_finds_without_accents_and_says_1_deudor()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        await host.AddDebtorAsync("D-1", "Carlos Pérez", "79123456");
        await host.AddDebtorAsync("D-2", "Lucía Pérez", "79123457");
        await host.AddDebtorAsync("D-3", "Ana María Rojas", "52123456");

        await BrowserSession.RunAsync(host, async (page, pages) =>
        {
            await pages.SignInAsync("analista@cartera.test", CarteraHost.Password);
            await pages.SearchAsync("lucia perez");
            await Assertions.Expect(page.GetByTestId("result-count")).ToHaveTextAsync("1 deudor");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Lucía Pérez" })).ToBeVisibleAsync();
            await pages.SearchAsync("PEREZ");
            await Assertions.Expect(page.GetByTestId("result-count")).ToHaveTextAsync("2 deudores");
            await pages.SearchAsync("nadie");
            await Assertions.Expect(page.GetByTestId("result-count")).ToHaveTextAsync("0 deudores");
        });

        (await host.Anonymous().Get("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
