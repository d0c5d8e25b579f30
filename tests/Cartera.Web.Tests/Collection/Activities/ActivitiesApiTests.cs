using System.Net;
using System.Net.Http.Json;
using Cartera.Application.Audit;
using Cartera.Application.Identity;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Activities;

public sealed class ActivitiesApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_logs_on_an_assigned_debtor_and_gets_404_with_an_audited_denial_on_another(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var mine = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var other = await host.AddDebtorAsync("D-2", "Carlos Pérez", "79123456");
        await host.AssignAsync(mine.Id, collector.Id);
        var client = await host.ClientForAsync("gestor@cartera.test");
        var mobile = mine.ContactPoints.Single(c => c.Channel == ContactChannel.Mobile).Id;

        // Friday 2026-03-20 10:00 in Bogotá; the debtor authorized SMS.
        var logged = await client.PostJsonAsync($"/api/v1/debtors/{mine.Id}/activities", new { kind = "sms", contact_point_id = mobile, outcome = "no_answer", default_cause = "forgot", note = "Recordatorio enviado." });
        logged.StatusCode.ShouldBe(HttpStatusCode.Created);
        var activity = await logged.ReadJsonAsync();
        activity.GetProperty("kind").GetString().ShouldBe("sms");
        activity.GetProperty("outcome").GetString().ShouldBe("no_answer");
        var attemptId = activity.GetProperty("contact_attempt_id").GetInt64();

        var timeline = await (await client.Get($"/api/v1/debtors/{mine.Id}/activities")).ReadJsonAsync();
        timeline.GetArrayLength().ShouldBe(1);
        timeline[0].GetProperty("note").GetString().ShouldBe("Recordatorio enviado.");

        var denied = await client.PostJsonAsync($"/api/v1/debtors/{other.Id}/activities", new { kind = "note", note = "x" });
        denied.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.Get($"/api/v1/debtors/{other.Id}/activities")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.Get($"/api/v1/debtors/{other.Id}/contact-check?channel=call")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await using var db = host.Db();
        var attempt = await db.ContactAttempts.SingleAsync(Ct);
        attempt.Id.ShouldBe(attemptId);
        attempt.ActorId.ShouldBe(collector.Id);
        (await db.CollectionActivities.CountAsync(a => a.DebtorId == other.Id, Ct)).ShouldBe(0);
        var denials = await db.AuditEntries.Where(a => a.Action == AccessDenials.Action).ToListAsync(Ct);
        denials.Count.ShouldBe(3);
        denials.ShouldAllBe(a => a.EntityType == nameof(Debtor) && a.EntityId == other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) && a.Actor == $"user:{collector.Id}:gestor@cartera.test");
        denials.Select(a => a.After).ShouldBe(["log_activity", "read_activities", "contact_check"], ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_contact_the_gate_blocks_is_a_409_with_the_reasons_and_the_next_allowed_instant_and_contact_check_says_so(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var mobile = debtor.ContactPoints.Single(c => c.Channel == ContactChannel.Mobile).Id;
        var client = await host.ClientForAsync("supervisora@cartera.test");

        // Calls were never authorized: blocked with no next instant; SMS is allowed now.
        var call = await (await client.Get($"/api/v1/debtors/{debtor.Id}/contact-check?channel=call")).ReadJsonAsync();
        call.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        call.GetProperty("reasons")[0].GetString().ShouldBe("unauthorized_channel");
        var sms = await (await client.Get($"/api/v1/debtors/{debtor.Id}/contact-check?channel=sms")).ReadJsonAsync();
        sms.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        sms.GetProperty("contact_points")[0].GetProperty("id").GetInt64().ShouldBe(mobile);

        // Saturday 2026-03-21 16:00 in Bogotá: after 15:00. Monday the 23rd is a holiday, so the next instant is Tuesday 07:00.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 21, 21, 0, 0, TimeSpan.Zero));
        client = await host.ClientForAsync("supervisora@cartera.test"); // tokens follow the clock: the first one expired
        var blocked = await client.PostJsonAsync($"/api/v1/debtors/{debtor.Id}/activities", new { kind = "sms", contact_point_id = mobile, outcome = "no_answer" });

        blocked.StatusCode.ShouldBe(HttpStatusCode.Conflict, await blocked.Content.ReadAsStringAsync(Ct));
        blocked.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await blocked.ReadJsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("contact_blocked");
        problem.GetProperty("reasons")[0].GetString().ShouldBe("hours");
        problem.GetProperty("next_allowed_at").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 24, 7, 0, 0, TimeSpan.FromHours(-5)));
        var check = await (await client.Get($"/api/v1/debtors/{debtor.Id}/contact-check?channel=sms")).ReadJsonAsync();
        check.GetProperty("next_allowed_at").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 3, 24, 7, 0, 0, TimeSpan.FromHours(-5)));

        var invalid = await client.PostJsonAsync($"/api/v1/debtors/{debtor.Id}/activities", new { kind = "note", contact_point_id = mobile, note = "x" });
        invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await invalid.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("contact_point_not_allowed");

        await using var db = host.Db();
        (await db.CollectionActivities.CountAsync(Ct)).ShouldBe(0);
        (await db.ContactAttempts.SingleAsync(Ct)).Outcome.ShouldBe(ContactOutcome.Blocked);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_call_guide_follows_the_debtors_stage_and_only_a_supervisor_or_admin_edits_it(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AssignAsync(debtor.Id, collector.Id);

        // First installment due 2026-02-15, unpaid on 2026-03-20: 33 days past due → late.
        await host.AddObligationAsync(debtor.Id, "CR-1");
        var gestor = await host.ClientForAsync("gestor@cartera.test");
        var guide = await (await gestor.Get($"/api/v1/debtors/{debtor.Id}/call-guide")).ReadJsonAsync();
        guide.GetProperty("dpd").GetInt32().ShouldBe(33);
        guide.GetProperty("stage").GetString().ShouldBe("late");
        guide.GetProperty("guide").GetProperty("script").GetString()!.ShouldContain("más de 30 días de mora");

        var body = new { script = "Salude, confirme identidad y negocie cuánto, cuándo y cómo.", objections = new[] { new { objection = "No tengo dinero.", answer = "Ofrezca un abono con fecha." } } };
        (await gestor.PutAsJsonAsync("/api/v1/call-guides/late", body, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var supervisor = await host.ClientForAsync("supervisora@cartera.test");
        (await supervisor.PutAsJsonAsync("/api/v1/call-guides/late", body, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await supervisor.PutAsJsonAsync("/api/v1/call-guides/late", new { script = " " }, Ct)).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        var edited = await (await gestor.Get($"/api/v1/debtors/{debtor.Id}/call-guide")).ReadJsonAsync();
        edited.GetProperty("guide").GetProperty("objections")[0].GetProperty("answer").GetString().ShouldBe("Ofrezca un abono con fecha.");
        var all = await (await gestor.Get("/api/v1/call-guides")).ReadJsonAsync();
        all.EnumerateArray().Select(g => g.GetProperty("stage").GetString()).ShouldBe(["preventive", "early", "late", "pre_legal", "legal"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_spanish_debtor_page_logs_an_activity_from_its_form_and_shows_it_on_the_timeline_with_the_call_guide_and_the_gates_answer(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AssignAsync(debtor.Id, collector.Id);
        var mobile = debtor.ContactPoints.Single(c => c.Channel == ContactChannel.Mobile).Id;
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("gestor@cartera.test", CarteraHost.Password);

        var page = await browser.GetHtmlAsync($"/deudores/{debtor.Id}");
        page.ShouldContain("Registrar gestión");
        page.ShouldContain("Guion de llamada · Preventiva (al día)");
        page.ShouldContain("Se puede enviar SMS ahora");
        page.ShouldContain("Aún no hay gestiones registradas.");
        page.ShouldContain("Número equivocado");
        page.ShouldContain("Sobreendeudamiento");

        var post = await browser.PostFormAsync($"/deudores/{debtor.Id}/gestiones", page, new Dictionary<string, string>
        {
            ["kind"] = "sms",
            ["direction"] = "outbound",
            ["contactPointId"] = mobile.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["outcome"] = "callback",
            ["defaultCause"] = "illness",
            ["nextActionAt"] = "2026-03-24T09:30",
            ["note"] = "Pide que le escriban el martes.",
        });
        post.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        post.Headers.Location!.OriginalString.ShouldStartWith($"/deudores/{debtor.Id}?gestion=");

        var after = await browser.GetHtmlAsync(post.Headers.Location.OriginalString);
        after.ShouldContain("Gestión registrada.");
        after.ShouldContain("Historial de gestiones");
        after.ShouldContain("Volver a llamar");
        after.ShouldContain("Enfermedad");
        after.ShouldContain("Pide que le escriban el martes.");

        // A second SMS the same day: the gate's refusal is shown in Spanish with the next allowed moment.
        var again = await browser.PostFormAsync($"/deudores/{debtor.Id}/gestiones", after, new Dictionary<string, string>
        {
            ["kind"] = "sms",
            ["contactPointId"] = mobile.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["outcome"] = "no_answer",
        });
        var refused = await browser.GetHtmlAsync(again.Headers.Location!.OriginalString);
        refused.ShouldContain("El control de cumplimiento no permite este contacto ahora");
        refused.ShouldContain("Próximo momento permitido:");

        await using var db = host.Db();
        var stored = await db.CollectionActivities.SingleAsync(Ct);
        stored.Outcome.ShouldBe(ActivityOutcome.Callback);
        stored.NextActionAt.ShouldBe(new DateTimeOffset(2026, 3, 24, 9, 30, 0, TimeSpan.FromHours(-5)));
        stored.UserId.ShouldBe(collector.Id);
    }
}
