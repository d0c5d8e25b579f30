using System.Net;
using System.Net.Http.Json;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Compliance;

public sealed class ComplianceApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_checks_an_assigned_debtor_now_the_attempt_is_recorded_and_others_are_404(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        var mine = await host.AddDebtorAsync("D-MINE", "Ana María Rojas", "52123456");
        var other = await host.AddDebtorAsync("D-OTHER", "Carlos Pérez", "79123456");
        await host.AssignAsync(mine.Id, collector.Id);
        var client = await host.ClientForAsync("gestor@cartera.test");

        var first = await client.PostJsonAsync("/api/v1/compliance/checks", new { debtor_id = mine.Id, channel = "sms" });
        var second = await client.PostJsonAsync("/api/v1/compliance/checks", new { debtor_id = mine.Id, channel = "sms" });
        var call = await client.PostJsonAsync("/api/v1/compliance/checks", new { debtor_id = mine.Id, channel = "call" });

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var allowed = await first.ReadJsonAsync();
        allowed.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        allowed.GetProperty("rule_set_version").GetString().ShouldBe("co-ley-2300@1");
        allowed.GetProperty("at").GetDateTimeOffset().ShouldBe(CarteraHost.Now);
        var blocked = await second.ReadJsonAsync();
        blocked.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        blocked.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldBe(["daily_limit"]);
        blocked.GetProperty("next_allowed_at").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 21, 8, 0, 0, TimeSpan.FromHours(-5)));
        (await call.ReadJsonAsync()).GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldBe(["daily_limit", "weekly_channel", "unauthorized_channel"]);

        (await client.PostJsonAsync("/api/v1/compliance/checks", new { debtor_id = other.Id, channel = "sms" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var badChannel = await client.PostJsonAsync("/api/v1/compliance/checks", new { debtor_id = mine.Id, channel = "pigeon" });
        badChannel.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await badChannel.ReadJsonAsync()).GetProperty("field").GetString().ShouldBe("channel");
        var analyst = await host.ClientForAsync("analista@cartera.test");
        (await analyst.PostJsonAsync("/api/v1/compliance/checks", new { debtor_id = mine.Id, channel = "sms" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await using var db = host.Db();
        var attempts = await db.ContactAttempts.OrderBy(a => a.Id).ToListAsync(Ct);
        attempts.Select(a => a.Allowed).ShouldBe([true, false, false]);
        attempts.ShouldAllBe(a => a.DebtorId == mine.Id && a.ActorId == collector.Id && a.ActorKind == Cartera.Domain.Compliance.ActorKind.Collector);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_report_is_for_supervisors_admins_and_auditors(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("jefe@cartera.test", Roles.Supervisor);
        await host.AddUserAsync("auditor@cartera.test", Roles.Auditor);
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var supervisor = await host.ClientForAsync("jefe@cartera.test");
        await supervisor.PostJsonAsync("/api/v1/compliance/checks", new { debtor_id = debtor.Id, channel = "sms" });
        await supervisor.PostJsonAsync("/api/v1/compliance/checks", new { debtor_id = debtor.Id, channel = "sms" });

        var report = await (await host.ClientForAsync("auditor@cartera.test")).Get("/api/v1/compliance/report?from=2026-03-01&to=2026-03-31");

        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = (await report.ReadJsonAsync()).EnumerateArray().Select(r => (r.GetProperty("dimension").GetString(), r.GetProperty("key").GetString(), r.GetProperty("attempts").GetInt64(), r.GetProperty("blocked").GetInt64())).ToList();
        rows.ShouldContain(("total", "all", 2L, 1L));
        rows.ShouldContain(("reason", "daily_limit", 1L, 1L));
        rows.ShouldContain(("channel", "sms", 2L, 1L));
        (await (await host.ClientForAsync("gestor@cartera.test")).Get("/api/v1/compliance/report?from=2026-03-01&to=2026-03-31")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_edits_a_rule_set_as_a_new_version_and_a_supervisor_sets_overrides(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        await host.AddUserAsync("jefe@cartera.test", Roles.Supervisor);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var admin = await host.ClientForAsync("admin@cartera.test");
        var supervisor = await host.ClientForAsync("jefe@cartera.test");

        var list = await (await admin.Get("/api/v1/compliance/rule-sets")).ReadJsonAsync();
        list.GetArrayLength().ShouldBe(4);
        var colombia = (await (await admin.Get("/api/v1/compliance/rule-sets/co-ley-2300")).ReadJsonAsync())[0];
        colombia.GetProperty("rules").GetProperty("weekly_channel").GetProperty("source").GetProperty("verify").GetBoolean().ShouldBeTrue();
        var rules = colombia.GetProperty("rules").Clone();
        var edited = System.Text.Json.Nodes.JsonNode.Parse(rules.GetRawText())!;
        edited["hours"]!["windows"] = "mon-fri 08:00-19:00; sat 08:00-15:00";
        var body = new System.Text.Json.Nodes.JsonObject { ["jurisdiction"] = "CO", ["valid_from"] = "2023-07-10", ["rules"] = edited, ["change_note"] = "Desde las 08:00" };

        (await supervisor.PutAsJsonAsync("/api/v1/compliance/rule-sets/co-ley-2300", body, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var saved = await admin.PutAsJsonAsync("/api/v1/compliance/rule-sets/co-ley-2300", body, Ct);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await saved.ReadJsonAsync()).GetProperty("version").GetInt32().ShouldBe(2);
        edited["hours"]!["windows"] = "mon-fri 19:00-08:00";
        var invalid = await admin.PutAsJsonAsync("/api/v1/compliance/rule-sets/co-ley-2300", body, Ct);
        invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await invalid.ReadJsonAsync()).GetProperty("field").GetString().ShouldBe("hours");

        var overrideBody = new { agreed_hours = (string?)null, agreed_hours_document = (string?)null, opted_out_channels = "calls", do_not_contact = true, dispute_hold = false, insolvency_proceedings = false, deceased = false, note = "Solicitud escrita" };
        (await supervisor.PutAsJsonAsync($"/api/v1/compliance/overrides/{debtor.Id}", overrideBody, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await supervisor.PutAsJsonAsync("/api/v1/compliance/overrides/987654", overrideBody, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var stored = await (await supervisor.Get($"/api/v1/compliance/overrides/{debtor.Id}")).ReadJsonAsync();
        stored.GetProperty("do_not_contact").GetBoolean().ShouldBeTrue();
        stored.GetProperty("opted_out_channels").GetString().ShouldBe("calls");
        var check = await (await supervisor.PostJsonAsync("/api/v1/compliance/checks", new { debtor_id = debtor.Id, channel = "sms" })).ReadJsonAsync();
        check.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldBe(["do_not_contact"]);
        check.GetProperty("rule_set_version").GetString().ShouldBe("co-ley-2300@2");
    }
}
