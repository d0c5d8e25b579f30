using System.Net;
using System.Net.Http.Json;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Scoring;

/// <summary>Best-next-action priors, outcomes, learning and experiments over the API: roles and behaviour (both providers).</summary>
public sealed class ActionLearningApiTests
{
    private static Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, TestContext.Current.CancellationToken);

    private static object Prior(string code, string cost, uint? version = null) =>
        new { code, lift = 1.25, recovery_share = 0.9, cost = new { amount = cost, currency = "COP" }, min_dpd = 0, enabled = true, version };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Admins_edit_priors_supervisors_record_outcomes_and_collectors_are_refused(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var admin = await host.ClientForAsync("admin@cartera.test");
        var supervisor = await host.ClientForAsync("supervisor@cartera.test");
        var analyst = await host.ClientForAsync("analista@cartera.test");
        var collector = await host.ClientForAsync("gestor@cartera.test");

        // Priors: admin writes, supervisor and analyst read, collector neither.
        (await PutJsonAsync(collector, "/api/v1/scoring/action-priors", Prior("whatsapp", "120.00"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await PutJsonAsync(supervisor, "/api/v1/scoring/action-priors", Prior("whatsapp", "120.00"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await collector.Get("/api/v1/scoring/action-priors")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var created = await PutJsonAsync(admin, "/api/v1/scoring/action-priors", Prior("whatsapp", "120.00"));
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var stored = await created.ReadJsonAsync();
        stored.GetProperty("cost").GetProperty("amount").GetString().ShouldBe("120.00");
        stored.GetProperty("source").GetString().ShouldBe("configured");
        var version = stored.GetProperty("version").GetUInt32();
        (await PutJsonAsync(admin, "/api/v1/scoring/action-priors", Prior("whatsapp", "150.00", version))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PutJsonAsync(admin, "/api/v1/scoring/action-priors", Prior("whatsapp", "170.00", version))).StatusCode.ShouldBe(HttpStatusCode.Conflict); // stale
        (await PutJsonAsync(admin, "/api/v1/scoring/action-priors", Prior("Bad code", "1.00"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var list = await (await analyst.Get("/api/v1/scoring/action-priors")).ReadJsonAsync();
        list.GetArrayLength().ShouldBe(1);
        list[0].GetProperty("cost").GetProperty("amount").GetString().ShouldBe("150.00");

        // Outcomes: supervisors and admins record them; a collector cannot; a duplicate is a conflict.
        var outcome = new { debtor_id = debtor.Id, decided_on = "2026-03-01", action_code = "whatsapp", arm = "challenger", experiment = "wa-vs-sms", predicted_probability = 0.42, amount_due = new { amount = "250000.00", currency = "COP" } };
        (await collector.PostJsonAsync("/api/v1/scoring/action-outcomes", outcome)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var recorded = await supervisor.PostJsonAsync("/api/v1/scoring/action-outcomes", outcome);
        recorded.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await recorded.ReadJsonAsync();
        body.GetProperty("amount_due_minor").GetInt64().ShouldBe(25_000_000);
        body.GetProperty("window_days").GetInt32().ShouldBe(30);
        (await supervisor.PostJsonAsync("/api/v1/scoring/action-outcomes", outcome)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await supervisor.PostJsonAsync("/api/v1/scoring/action-outcomes", new { debtor_id = debtor.Id, decided_on = "2026-03-02", action_code = "fax", arm = "champion", experiment = "wa-vs-sms", predicted_probability = 0.42, amount_due = new { amount = "1.00", currency = "COP" } }))
            .StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        // Learning: admin only; nothing observed yet, so nothing changes.
        (await supervisor.PostJsonAsync("/api/v1/scoring/action-priors/learn", new { apply = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var learned = await admin.PostJsonAsync("/api/v1/scoring/action-priors/learn", new { apply = true });
        learned.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await learned.ReadJsonAsync();
        report.GetProperty("outcomes").GetInt32().ShouldBe(0);
        report.GetProperty("applied").GetInt32().ShouldBe(0);
        report.GetProperty("result").GetProperty("actions")[0].GetProperty("code").GetString().ShouldBe("whatsapp");

        (await collector.Get("/api/v1/scoring/experiments")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var experiments = await supervisor.Get("/api/v1/scoring/experiments");
        experiments.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await experiments.ReadJsonAsync()).GetArrayLength().ShouldBe(0); // the outcome is not observed yet
        (await supervisor.Get("/api/v1/scoring/experiments?asOf=01-01-2026")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }
}
