using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Payments;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Collection.Promises;

/// <summary>The promises API (issue 13 item 6) on both databases: create, read, list, cancel, rule errors as ProblemDetails, object-level access.</summary>
public sealed class PromisesApiTests
{
    private static object Promise(string amount, string due = "2026-03-25", string? madeOn = null, string[]? obligations = null, string currency = "COP") => new
    {
        currency,
        obligation_ids = obligations,
        made_on = madeOn,
        installments = new[] { new { due_on = due, amount } },
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_records_a_promise_on_an_assigned_debtor_and_rule_errors_are_422_with_their_code(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await PaymentsApiTests.AddCapAsync(host);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        await host.AddUserAsync("otro@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AddObligationAsync(debtor.Id, "CR-1", principal: 1_200_000m);
        await host.AssignAsync(debtor.Id, collector.Id);
        var client = await host.ClientForAsync("gestor@cartera.test");
        var other = await host.ClientForAsync("otro@cartera.test");

        var created = await client.PostJsonAsync($"/api/v1/debtors/{debtor.Id}/promises", new
        {
            currency = "COP",
            obligation_ids = new[] { "CR-1" },
            installments = new[] { new { due_on = "2026-03-25", amount = "100000.00" }, new { due_on = "2026-04-10", amount = "50000" } },
        });
        var exceeds = await client.PostJsonAsync($"/api/v1/debtors/{debtor.Id}/promises", Promise("99000000"));
        var horizon = await client.PostJsonAsync($"/api/v1/debtors/{debtor.Id}/promises", Promise("1000", due: "2026-05-30"));
        var before = await client.PostJsonAsync($"/api/v1/debtors/{debtor.Id}/promises", Promise("1000", due: "2026-03-19"));
        var zero = await client.PostJsonAsync($"/api/v1/debtors/{debtor.Id}/promises", Promise("0"));
        var unknown = await client.PostJsonAsync($"/api/v1/debtors/{debtor.Id}/promises", Promise("1000", obligations: ["NO-EXISTE"]));
        var foreign = await other.PostJsonAsync($"/api/v1/debtors/{debtor.Id}/promises", Promise("1000"));

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var json = await created.ReadJsonAsync();
        var id = json.GetProperty("id").GetInt64();
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/promises/{id}");
        json.GetProperty("status").GetString().ShouldBe("pending");
        json.GetProperty("made_on").GetString().ShouldBe("2026-03-20");
        json.GetProperty("made_by").GetString()!.ShouldEndWith(":gestor@cartera.test");
        json.GetProperty("total").GetProperty("amount").GetString().ShouldBe("150000.00");
        json.GetProperty("grace_days").GetInt32().ShouldBe(2);
        json.GetProperty("installments").GetArrayLength().ShouldBe(2);
        json.GetProperty("obligation_ids")[0].GetString().ShouldBe("CR-1");

        foreach (var (response, code) in new[] { (exceeds, "exceeds_due"), (horizon, "beyond_horizon"), (before, "due_before_made"), (zero, "invalid_amount"), (unknown, "unknown_obligation") })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, code);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe(code);
        }

        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Get($"/api/v1/promises/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Get($"/api/v1/debtors/{debtor.Id}/promises")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var listed = await (await client.Get($"/api/v1/debtors/{debtor.Id}/promises")).ReadJsonAsync();
        listed.GetArrayLength().ShouldBe(1);
        (await (await client.Get($"/api/v1/promises/{id}")).ReadJsonAsync()).GetProperty("promise_id").GetString().ShouldBe(json.GetProperty("promise_id").GetString());

        var cancelled = await client.PostJsonAsync($"/api/v1/promises/{id}/cancellation", new { reason = "El deudor pide reprogramar" });
        var again = await client.PostJsonAsync($"/api/v1/promises/{id}/cancellation", new { reason = "otra vez" });
        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cancelledJson = await cancelled.ReadJsonAsync();
        cancelledJson.GetProperty("status").GetString().ShouldBe("cancelled");
        cancelledJson.GetProperty("installments")[0].GetProperty("status").GetString().ShouldBe("cancelled");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("promise_not_pending");
    }
}
