using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Portfolio;

public sealed class ObligationsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_obligation_comes_with_its_schedule_and_ledger_and_money_as_decimal_strings(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var loan = await host.AddObligationAsync(debtor.Id, "CR-1", principal: 12_345_678.90m);
        var client = await host.ClientForAsync("analista@cartera.test");

        var json = await (await client.Get($"/api/v1/obligations/{loan.Id}")).ReadJsonAsync();

        json.GetProperty("principal").GetProperty("amount").GetString().ShouldBe("12345678.90");
        json.GetProperty("principal").GetProperty("currency").GetString().ShouldBe("COP");
        json.GetProperty("balance").GetProperty("amount").GetString().ShouldBe("12345678.90");
        var installments = json.GetProperty("installments");
        installments.GetArrayLength().ShouldBe(12);
        installments.EnumerateArray().Sum(i => decimal.Parse(i.GetProperty("principal").GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(12_345_678.90m);
        installments[0].GetProperty("total_paid").GetProperty("amount").GetString().ShouldBe("0.00");
        json.GetProperty("ledger").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task The_obligation_list_filters_by_debtor_status_product_and_number()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        var ana = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var carlos = await host.AddDebtorAsync("D-2", "Carlos Pérez", "79123456");
        await host.AddObligationAsync(ana.Id, "CR-1");
        await host.AddObligationAsync(ana.Id, "TC-2", product: "tarjeta");
        await host.AddObligationAsync(carlos.Id, "CR-3");
        var client = await host.ClientForAsync("supervisor@cartera.test");

        async Task<string?[]> Numbers(string query) =>
            (await (await client.Get("/api/v1/obligations" + query)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(o => o.GetProperty("external_id").GetString()).ToArray();

        (await Numbers($"?debtorId={ana.Id}")).ShouldBe(["CR-1", "TC-2"]);
        (await Numbers("?product=tarjeta")).ShouldBe(["TC-2"]);
        (await Numbers("?q=CR-")).ShouldBe(["CR-1", "CR-3"]);
        (await Numbers("?status=active&pageSize=2")).ShouldBe(["CR-1", "CR-3"]);
        (await Numbers("?status=paid_off")).ShouldBeEmpty();
        (await client.Get("/api/v1/obligations?status=dormant")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Broken_terms_are_a_422_naming_the_field(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var client = await host.ClientForAsync("admin@cartera.test");

        var tooManyDecimals = await client.PostJsonAsync("/api/v1/obligations", Json.NewObligation(debtor.Id, "CR-1", amount: "1000.005"));
        var noHolder = await client.PostJsonAsync("/api/v1/obligations", Json.NewObligation(999_999, "CR-2"));
        var zero = await client.PostJsonAsync("/api/v1/obligations", Json.NewObligation(debtor.Id, "CR-3", amount: "0"));

        tooManyDecimals.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await tooManyDecimals.ReadJsonAsync()).GetProperty("field").GetString().ShouldBe("principal.amount");
        (await noHolder.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("unknown_debtor");
        (await zero.ReadJsonAsync()).GetProperty("field").GetString().ShouldBe("principal");
    }

    [Fact]
    public async Task A_duplicate_obligation_number_is_a_409()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AddObligationAsync(debtor.Id, "CR-1");
        var client = await host.ClientForAsync("admin@cartera.test");

        var response = await client.PostJsonAsync("/api/v1/obligations", Json.NewObligation(debtor.Id, "CR-1"));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
