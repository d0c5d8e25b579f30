using System.Net;
using System.Net.Http.Json;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Identity;

public sealed class ApiSecurityTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_anonymous_api_request_gets_401_and_never_a_redirect(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);

        var response = await host.Anonymous().Get("/api/v1/debtors");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.Location.ShouldBeNull();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_creating_an_obligation_gets_403(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AssignAsync(debtor.Id, (await host.AddUserAsync("otro@cartera.test", Roles.Collector)).Id);
        var collector = await host.ClientForAsync("gestor@cartera.test");

        var response = await collector.PostJsonAsync("/api/v1/obligations", Json.NewObligation(debtor.Id, "O-403"));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_auditor_is_read_only()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("auditor@cartera.test", Roles.Auditor);
        await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var auditor = await host.ClientForAsync("auditor@cartera.test");

        (await auditor.Get("/api/v1/debtors")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await auditor.PostJsonAsync("/api/v1/debtors", Json.NewDebtor("D-2"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_sees_an_assigned_debtor_and_gets_404_for_any_other(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var mine = await host.AddDebtorAsync("D-MINE", "Ana María Rojas", "52123456");
        var other = await host.AddDebtorAsync("D-OTHER", "Carlos Pérez", "79123456");
        var myLoan = await host.AddObligationAsync(mine.Id, "CR-MINE");
        var otherLoan = await host.AddObligationAsync(other.Id, "CR-OTHER");
        await host.AssignAsync(mine.Id, collector.Id);
        var client = await host.ClientForAsync("gestor@cartera.test");

        (await client.Get($"/api/v1/debtors/{mine.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var hidden = await client.Get($"/api/v1/debtors/{other.Id}");
        var missing = await client.Get("/api/v1/debtors/987654");
        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await hidden.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldNotContain("Carlos");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.Get($"/api/v1/obligations/{myLoan.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.Get($"/api/v1/obligations/{otherLoan.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await (await client.Get("/api/v1/debtors")).ReadJsonAsync();
        list.GetProperty("total").GetInt32().ShouldBe(1);
        list.GetProperty("items")[0].GetProperty("external_id").GetString().ShouldBe("D-MINE");
        var obligations = await (await client.Get("/api/v1/obligations")).ReadJsonAsync();
        obligations.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("external_id").GetString()).ShouldBe(["CR-MINE"]);
    }

    [Fact]
    public async Task A_wrong_password_gets_401_and_five_failures_lock_the_account()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("ana@cartera.test", Roles.Supervisor);
        var client = host.Anonymous();

        for (var i = 0; i < 5; i++)
        {
            var failed = await client.PostJsonAsync("/api/v1/auth/token", new { email = "ana@cartera.test", password = "wrong-password-1A!" });
            failed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var locked = await client.PostJsonAsync("/api/v1/auth/token", new { email = "ana@cartera.test", password = CarteraHost.Password });
        locked.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await locked.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("invalid_credentials");
    }

    [Fact]
    public async Task The_token_endpoint_is_rate_limited_per_client()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite, new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "3" });
        var client = host.Anonymous();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.PostJsonAsync("/api/v1/auth/token", new { email = "x@cartera.test", password = "nope" })).StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests]);
    }

    [Fact]
    public async Task A_valid_password_returns_a_bearer_token()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("ana@cartera.test", Roles.Analyst);

        var response = await host.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { email = "ana@cartera.test", password = CarteraHost.Password }, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = await response.ReadJsonAsync();
        token.GetProperty("token_type").GetString().ShouldBe("Bearer");
        token.GetProperty("access_token").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_user_without_a_role_gets_403_from_the_api()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        var user = await host.AddUserAsync("nadie@cartera.test", Roles.Analyst);
        await using (var db = host.Db())
        {
            db.UserRoles.RemoveRange(db.UserRoles.Where(r => r.UserId == user.Id));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var client = await host.ClientForAsync("nadie@cartera.test");

        (await client.Get("/api/v1/debtors")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
