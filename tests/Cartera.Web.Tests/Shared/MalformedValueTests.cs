using System.Net;
using System.Text;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Shared;

/// <summary>A well-formed JSON body with a value its field cannot hold names the field and a code.</summary>
public sealed class MalformedValueTests
{
    [Theory]
    [InlineData("""{ "obligation_id": 1, "amount": { "amount": "100.00", "currency": "COP" }, "received_on": "2026-13-45", "channel": "cash" }""", "received_on")]
    [InlineData("""{ "obligation_id": 1, "amount": { "amount": 1e400, "currency": "COP" }, "received_on": "2026-03-20", "channel": "cash" }""", "amount.amount")]
    [InlineData("""{ "obligation_id": "uno", "amount": { "amount": "100.00", "currency": "COP" }, "received_on": "2026-03-20", "channel": "cash" }""", "obligation_id")]
    public async Task A_value_that_does_not_fit_its_field_is_a_400_naming_the_field(string body, string field)
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        var client = await host.ClientForAsync("supervisor@cartera.test");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "pay-malformed");
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadJsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("invalid_value");
        problem.GetProperty("field").GetString().ShouldBe(field);
        problem.GetProperty("detail").GetString()!.ShouldNotContain("System.");
    }

    [Fact]
    public async Task Broken_json_stays_bad_request()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        var client = await host.ClientForAsync("supervisor@cartera.test");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments") { Content = new StringContent("""{ "obligation_id": 1, "received_on": """, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "pay-broken");
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("bad_request");
    }
}
