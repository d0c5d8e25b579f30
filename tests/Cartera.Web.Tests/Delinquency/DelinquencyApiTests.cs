using System.Globalization;
using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Delinquency;

public sealed class DelinquencyApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_explanation_of_an_obligation_adds_up_and_is_limited_to_visible_obligations(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        (Cartera.Domain.Portfolio.Debtor Ana, Cartera.Domain.Portfolio.Debtor Carlos, Cartera.Domain.Portfolio.Obligation AnaLate, Cartera.Domain.Portfolio.Obligation AnaCurrent, Cartera.Domain.Portfolio.Obligation CarlosLoan) seeded;
        await using (var db = host.Db())
        {
            seeded = await DelinquencyPortfolio.SeedAsync(db);
        }

        await host.AssignAsync(seeded.Carlos.Id, collector.Id);
        var analyst = await host.ClientForAsync("analista@cartera.test");
        var gestor = await host.ClientForAsync("gestor@cartera.test");

        var json = await (await analyst.Get($"/api/v1/obligations/{seeded.CarlosLoan.Id}/delinquency?date=2026-03-20")).ReadJsonAsync();
        var hidden = await gestor.Get($"/api/v1/obligations/{seeded.AnaLate.Id}/delinquency?date=2026-03-20");
        var own = await gestor.Get($"/api/v1/obligations/{seeded.CarlosLoan.Id}/delinquency?date=2026-03-20");
        var badDate = await analyst.Get($"/api/v1/obligations/{seeded.CarlosLoan.Id}/delinquency?date=20-03-2026");

        json.GetProperty("dpd").GetInt32().ShouldBe(64);
        json.GetProperty("bucket").GetString().ShouldBe("61-90");
        json.GetProperty("classification").GetString().ShouldBe("C");
        json.GetProperty("ifrs9_stage").GetInt32().ShouldBe(2);
        json.GetProperty("contract_arrears_rate_ea").GetDecimal().ShouldBe(0.30m);
        json.GetProperty("matches_snapshot").GetBoolean().ShouldBeTrue();
        var segments = json.GetProperty("segments").EnumerateArray().ToList();
        segments.ShouldNotBeEmpty();
        segments.ShouldAllBe(s => s.GetProperty("cap_bounded").GetBoolean() && s.GetProperty("annual_rate_ea").GetDecimal() == 0.2436m);
        segments.Sum(s => Amount(s.GetProperty("amount"))).ShouldBe(Amount(json.GetProperty("arrears_interest")));
        segments.ShouldAllBe(s => Amount(s.GetProperty("amount")) == Amount(s.GetProperty("per_day")) * s.GetProperty("days").GetInt32());
        json.GetProperty("installments")[0].GetProperty("components")[0].GetProperty("component").GetString().ShouldBe("principal");
        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        badDate.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task The_aging_report_covers_what_the_caller_sees_and_refuses_an_open_date()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("auditor@cartera.test", Roles.Auditor);
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        await using (var db = host.Db())
        {
            await DelinquencyPortfolio.SeedAsync(db);
        }

        var auditor = await host.ClientForAsync("auditor@cartera.test");
        var gestor = await host.ClientForAsync("gestor@cartera.test");

        var json = await (await auditor.Get("/api/v1/delinquency/aging")).ReadJsonAsync();
        var libranza = await (await auditor.Get("/api/v1/delinquency/aging?date=2026-03-20&product=libranza")).ReadJsonAsync();
        var open = await auditor.Get("/api/v1/delinquency/aging?date=2026-03-21");
        var unassigned = await gestor.Get("/api/v1/delinquency/aging?date=2026-03-20");

        json.GetProperty("date").GetString().ShouldBe("2026-03-20");
        var buckets = json.GetProperty("by_bucket").EnumerateArray().ToDictionary(b => b.GetProperty("key").GetString()!, b => b.GetProperty("count").GetInt32());
        buckets.ShouldBe(new Dictionary<string, int> { ["current"] = 1, ["31-60"] = 1, ["61-90"] = 1 }, ignoreOrder: true);
        json.GetProperty("by_bucket")[0].GetProperty("key").GetString().ShouldBe("current", "buckets come in DPD order");
        var categories = json.GetProperty("by_classification").EnumerateArray().ToDictionary(b => b.GetProperty("key").GetString()!, b => b.GetProperty("count").GetInt32());
        categories.ShouldBe(new Dictionary<string, int> { ["B"] = 2, ["C"] = 1 }, ignoreOrder: true);
        libranza.GetProperty("by_bucket").GetArrayLength().ShouldBe(1);
        open.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await open.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("date_not_closed");
        unassigned.StatusCode.ShouldBe(HttpStatusCode.OK, "the aging page is open to collectors, so is the API (scoped)");
        (await unassigned.ReadJsonAsync()).GetProperty("by_bucket").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_gets_the_aging_of_their_assigned_debtors_from_the_api_as_on_the_page(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        (Cartera.Domain.Portfolio.Debtor Ana, Cartera.Domain.Portfolio.Debtor Carlos, Cartera.Domain.Portfolio.Obligation AnaLate, Cartera.Domain.Portfolio.Obligation AnaCurrent, Cartera.Domain.Portfolio.Obligation CarlosLoan) seeded;
        await using (var db = host.Db())
        {
            seeded = await DelinquencyPortfolio.SeedAsync(db);
        }

        await host.AssignAsync(seeded.Carlos.Id, collector.Id);
        var gestor = await host.ClientForAsync("gestor@cartera.test");
        using var page = new FormClient(host.Address);
        await page.SignInAsync("gestor@cartera.test", CarteraHost.Password);

        var response = await gestor.Get("/api/v1/delinquency/aging?date=2026-03-20");
        var html = await page.GetHtmlAsync("/cartera/mora?fecha=2026-03-20&tramo=61-90");
        var others = await page.GetHtmlAsync("/cartera/mora?fecha=2026-03-20&tramo=31-60");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await response.ReadJsonAsync();
        var buckets = json.GetProperty("by_bucket").EnumerateArray().ToDictionary(b => b.GetProperty("key").GetString()!, b => b.GetProperty("count").GetInt32());
        buckets.ShouldBe(new Dictionary<string, int> { ["61-90"] = 1 });
        json.GetProperty("by_classification").EnumerateArray().Select(c => c.GetProperty("key").GetString()).ShouldBe(["C"]);
        html.ShouldContain(seeded.CarlosLoan.ExternalId);
        others.ShouldNotContain(seeded.AnaLate.ExternalId);
    }

    private static decimal Amount(System.Text.Json.JsonElement money) => decimal.Parse(money.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture);
}
