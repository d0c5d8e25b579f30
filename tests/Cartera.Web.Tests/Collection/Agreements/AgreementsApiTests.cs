using System.Net;
using Cartera.Application.Identity;
using Cartera.Application.Tests.Collection.Agreements;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Agreements;

/// <summary>Issue 13 item 7 through <c>/api/v1/agreements</c>: simulate, create, inbox, approve, reject, object-level security.</summary>
public sealed class AgreementsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_agrees_on_an_assigned_debtor_a_supervisor_approves_above_the_limit_and_another_collector_is_denied(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var gestor = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        await host.AddUserAsync("otro@cartera.test", Roles.Collector);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        long debtorId;
        long obligationId;
        await using (var db = host.Db())
        {
            (debtorId, obligationId) = await AgreementFixture.RulesObligationAsync(db);
        }

        await host.AssignAsync(debtorId, gestor.Id);
        await host.AddTeamAsync("cobranza", "supervisor@cartera.test", "gestor@cartera.test");
        var collector = await host.ClientForAsync("gestor@cartera.test");
        var other = await host.ClientForAsync("otro@cartera.test");
        var supervisor = await host.ClientForAsync("supervisor@cartera.test");
        var rulesCase = new { obligation_ids = new[] { obligationId }, date = "2026-03-20", installments = 6, rate = "0", arrears_waiver = "1" };

        var simulated = await collector.PostJsonAsync("/api/v1/agreements/simulate", rulesCase);
        var simulation = await simulated.ReadJsonAsync();
        simulated.StatusCode.ShouldBe(HttpStatusCode.OK);
        simulation.GetProperty("agreed_balance").GetProperty("amount").GetString().ShouldBe("3120000.00");
        simulation.GetProperty("down_payment").GetProperty("amount").GetString().ShouldBe("312000.00");
        simulation.GetProperty("financed").GetProperty("amount").GetString().ShouldBe("2808000.00");
        simulation.GetProperty("required_approver").GetString().ShouldBe("supervisor");
        simulation.GetProperty("installments").EnumerateArray().Select(i => i.GetProperty("amount").GetProperty("amount").GetString()).ShouldAllBe(a => a == "468000.00");

        // Another collector: 404 on simulate, create and read, each denial audited.
        (await other.PostJsonAsync("/api/v1/agreements/simulate", rulesCase)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostJsonAsync("/api/v1/agreements", rulesCase)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var created = await collector.PostJsonAsync("/api/v1/agreements", rulesCase);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var agreement = await created.ReadJsonAsync();
        agreement.GetProperty("status").GetString().ShouldBe("pending_approval");
        var id = agreement.GetProperty("id").GetInt64();
        (await other.Get($"/api/v1/agreements/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await collector.Get("/api/v1/agreements/inbox")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await collector.PostJsonAsync($"/api/v1/agreements/{id}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var inbox = await (await supervisor.Get("/api/v1/agreements/inbox")).ReadJsonAsync();
        inbox.EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ShouldBe([id]);

        // A supervisor of another team neither sees it in the inbox nor decides on it (404, audited).
        await host.AddUserAsync("otro-supervisor@cartera.test", Roles.Supervisor);
        var outsider = await host.ClientForAsync("otro-supervisor@cartera.test");
        (await (await outsider.Get("/api/v1/agreements/inbox")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);
        (await outsider.PostJsonAsync($"/api/v1/agreements/{id}/approve", new { note = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var rejectWithoutNote = await supervisor.PostJsonAsync($"/api/v1/agreements/{id}/reject", new { });
        rejectWithoutNote.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await rejectWithoutNote.ReadJsonAsync()).GetProperty("field").GetString().ShouldBe("note");
        var approved = await supervisor.PostJsonAsync($"/api/v1/agreements/{id}/approve", new { note = "Ingresos verificados", version = agreement.GetProperty("version").GetUInt32() });
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await approved.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("approved"); // booked once the down payment is posted
        (await supervisor.PostJsonAsync($"/api/v1/agreements/{id}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var read = await (await collector.Get($"/api/v1/agreements/{id}")).ReadJsonAsync();
        read.GetProperty("decided_by").GetString()!.ShouldContain("supervisor@cartera.test");
        read.GetProperty("installments").GetArrayLength().ShouldBe(6);

        var pdf = await collector.Get($"/api/v1/agreements/{id}/pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await other.Get($"/api/v1/agreements/{id}/pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await using var check = host.Db();
        // The other collector's four attempts and the other team's supervisor's approval.
        (await check.AuditEntries.CountAsync(a => a.Action == "access_denied", TestContext.Current.CancellationToken)).ShouldBe(5);
    }

    [Fact]
    public async Task Refused_terms_are_a_422_naming_the_field()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        long obligationId;
        await using (var db = host.Db())
        {
            (_, obligationId) = await AgreementFixture.RulesObligationAsync(db);
        }

        var client = await host.ClientForAsync("supervisor@cartera.test");
        async Task<(HttpStatusCode Status, string? Code, string? Field)> Post(object body)
        {
            var response = await client.PostJsonAsync("/api/v1/agreements/simulate", body);
            var json = await response.ReadJsonAsync();
            return (response.StatusCode, json.GetProperty("code").GetString(), json.GetProperty("field").GetString());
        }

        (await Post(new { obligation_ids = new[] { obligationId }, date = "2026-03-20", installments = 6, rate = "0.35" }))
            .ShouldBe((HttpStatusCode.UnprocessableEntity, "rate_above_cap", "rate"));
        (await Post(new { obligation_ids = new[] { obligationId }, date = "2026-03-20", installments = 6, rate = "0", principal_discount = "1.5" }))
            .ShouldBe((HttpStatusCode.UnprocessableEntity, "invalid_fraction", "principal_discount"));
        (await Post(new { obligation_ids = Array.Empty<long>(), date = "2026-03-20", installments = 6, rate = "0" }))
            .ShouldBe((HttpStatusCode.UnprocessableEntity, "required", "obligation_ids"));
    }
}
