using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Cartera.Application.Audit;
using Cartera.Application.Identity;
using Cartera.Cli;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Collection.Visits;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Visits;

public sealed class VisitPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_field_agent_sees_their_day_by_area_in_spanish_records_a_result_as_an_activity_and_cannot_reach_another_agents_visit(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        var agent = await host.AddUserAsync("campo@cartera.test", Roles.FieldAgent, "Lucía Campo");
        var other = await host.AddUserAsync("campo2@cartera.test", Roles.FieldAgent);
        var suba = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var chapinero = await host.AddDebtorAsync("D-2", "Carlos Pérez", "79123456");
        var notMine = await host.AddDebtorAsync("D-3", "Marta Gómez", "41123456");
        await host.AssignAsync(suba.Id, agent.Id);
        await host.AssignAsync(chapinero.Id, agent.Id);
        await host.AssignAsync(notMine.Id, other.Id);
        await using (var db = host.Db())
        {
            var debtor = await db.Debtors.Include(d => d.Consents).SingleAsync(d => d.Id == chapinero.Id, Ct);
            debtor.RecordConsent(ConsentChannel.Visits, ConsentPurpose.Collection, true, "system", "signed_form", "Formulario 9", CarteraHost.Now);
            await db.SaveChangesAsync(Ct);
        }

        // The supervisor plans through the API (Friday 2026-03-20 is the lender's today); an unassigned agent is refused.
        var supervisor = await host.ClientForAsync("supervisora@cartera.test");
        async Task<long> PlanAsync(long debtorId, string email, string area, string purpose)
        {
            var response = await supervisor.PostJsonAsync("/api/v1/visits", new { debtor_id = debtorId, agent_email = email, purpose, planned_on = "2026-03-20", area });
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
            return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
        }

        var subaVisit = await PlanAsync(suba.Id, "campo@cartera.test", "Suba", "collateral_verification");
        var chapineroVisit = await PlanAsync(chapinero.Id, "campo@cartera.test", "Chapinero", "collection");
        var otherVisit = await PlanAsync(notMine.Id, "campo2@cartera.test", "Usaquén", "maintenance");
        var refused = await supervisor.PostJsonAsync("/api/v1/visits", new { debtor_id = notMine.Id, agent_email = "campo@cartera.test", purpose = "collection", planned_on = "2026-03-20" });
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("agent_not_assigned");

        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("campo@cartera.test", CarteraHost.Password);
        var page = await browser.GetHtmlAsync("/visitas?fecha=2026-03-20");
        page.ShouldContain("Visitas de campo");
        page.ShouldContain("2 visitas");
        page.IndexOf("Chapinero", StringComparison.Ordinal).ShouldBeLessThan(page.IndexOf("Suba", StringComparison.Ordinal));
        page.ShouldContain("Verificación de garantía");
        page.ShouldContain("Programada");
        page.ShouldNotContain("Marta Gómez");
        page.ShouldNotContain("collateral_verification");
        page.ShouldNotContain("Planned");
        // Before going: Chapinero's debtor authorized visits (allowed now), Suba's did not (the reason, and no moment allowed).
        page.ShouldContain("Se puede visitar ahora");
        page.ShouldContain("Canal no autorizado");
        page.ShouldContain("No habrá un momento permitido");

        // Suba's debtor never authorized visits: the gate refuses, in Spanish, and the visit stays planned.
        var blocked = await browser.PostFormAsync($"/visitas/{CarteraHost.Id(subaVisit)}/resultado", page, new Dictionary<string, string>
        {
            ["status"] = "done",
            ["outcome"] = "right_party_contact",
        });
        blocked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var blockedPage = await browser.GetHtmlAsync(blocked.Headers.Location!.OriginalString);
        blockedPage.ShouldContain("Las reglas de contacto no permiten registrar esta visita ahora");
        blockedPage.ShouldContain("Canal no autorizado");

        var done = await browser.PostFormAsync($"/visitas/{CarteraHost.Id(chapineroVisit)}/resultado", page, new Dictionary<string, string>
        {
            ["status"] = "done",
            ["outcome"] = "right_party_contact",
            ["defaultCause"] = "illness",
            ["note"] = "Atendió el titular; pagará al recibir la incapacidad.",
        });
        var after = await browser.GetHtmlAsync(done.Headers.Location!.OriginalString);
        after.ShouldContain("Resultado registrado como gestión de visita.");
        after.ShouldContain("Realizada");

        // Printable: the same list without forms.
        var printable = await browser.GetHtmlAsync("/visitas?fecha=2026-03-20&imprimir=1");
        printable.ShouldContain("Chapinero");
        printable.ShouldNotContain("Registrar resultado");

        // Another agent's visit: 404 on the API and the form, each denial audited.
        var api = await host.ClientForAsync("campo@cartera.test");
        (await api.Get($"/api/v1/visits/{CarteraHost.Id(otherVisit)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.PostJsonAsync($"/api/v1/visits/{CarteraHost.Id(otherVisit)}/result", new { status = "failed", outcome = "no_answer" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await (await api.Get("/api/v1/visits?date=2026-03-20")).ReadJsonAsync();
        list.EnumerateArray().Select(v => v.GetProperty("area").GetString()).ShouldBe(["Chapinero", "Suba"]);
        (await supervisor.Get("/api/v1/visits?date=2026-03-20&agent=campo2@cartera.test")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var check = host.Db();
        var visit = await check.FieldVisits.AsNoTracking().SingleAsync(v => v.Id == chapineroVisit, Ct);
        visit.Status.ShouldBe(VisitStatus.Done);
        var activity = await check.CollectionActivities.AsNoTracking().SingleAsync(Ct);
        activity.Id.ShouldBe(visit.ActivityId!.Value);
        activity.Kind.ShouldBe(ActivityKind.Visit);
        activity.DefaultCause.ShouldBe(DefaultCause.Illness);
        activity.UserId.ShouldBe(agent.Id);
        (await check.FieldVisits.AsNoTracking().SingleAsync(v => v.Id == subaVisit, Ct)).Status.ShouldBe(VisitStatus.Planned);
        var denials = await check.AuditEntries.Where(a => a.Action == AccessDenials.Action).ToListAsync(Ct);
        denials.ShouldAllBe(a => a.EntityType == nameof(FieldVisit) && a.EntityId == otherVisit.ToString(CultureInfo.InvariantCulture));
        denials.Select(a => a.After).ShouldBe(["read_visit", "record_visit"], ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_debtor_page_offers_an_appointment_only_above_the_threshold_and_schedules_it(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AddObligationAsync(debtor.Id, "CR-1");
        await host.AssignAsync(debtor.Id, collector.Id);
        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("gestor@cartera.test", CarteraHost.Password);

        var missing = await browser.GetHtmlAsync($"/deudores/{CarteraHost.Id(debtor.Id)}");
        missing.ShouldContain("Citas presenciales");
        missing.ShouldContain("no hay umbral configurado para COP; no se ofrece cita presencial");
        missing.ShouldNotContain("Agendar cita");

        var admin = await host.ClientForAsync("admin@cartera.test");
        (await admin.PutAsJsonAsync("/api/v1/appointment-thresholds/COP", new { minimum_balance = 10_000_000m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PutAsJsonAsync("/api/v1/appointment-thresholds/COP", new { minimum_balance = -1m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var offered = await browser.GetHtmlAsync($"/deudores/{CarteraHost.Id(debtor.Id)}");
        offered.ShouldContain("por encima del umbral");
        offered.ShouldContain("Agendar cita");

        var post = await browser.PostFormAsync($"/deudores/{CarteraHost.Id(debtor.Id)}/citas", offered, new Dictionary<string, string>
        {
            ["date"] = "2026-03-24",
            ["time"] = "09:30",
            ["place"] = "Oficina Chapinero",
            ["purpose"] = "Revisar la propuesta de acuerdo",
        });
        var after = await browser.GetHtmlAsync(post.Headers.Location!.OriginalString);
        after.ShouldContain("Cita guardada.");
        after.ShouldContain("Oficina Chapinero");
        after.ShouldContain("Agendada");

        var json = await (await (await host.ClientForAsync("gestor@cartera.test")).Get($"/api/v1/debtors/{CarteraHost.Id(debtor.Id)}/appointments")).ReadJsonAsync();
        json.GetProperty("offer").GetProperty("offered").GetBoolean().ShouldBeTrue();
        json.GetProperty("appointments")[0].GetProperty("time").GetString().ShouldBe("09:30");
        json.GetProperty("appointments")[0].GetProperty("time_zone").GetString().ShouldBe("America/Bogota");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_promise_made_at_a_visit_is_offered_in_the_currency_of_the_debtors_obligations(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        var agent = await host.AddUserAsync("campo@cartera.test", Roles.FieldAgent, "Lucía Campo");
        var dollars = await host.AddDebtorAsync("D-USD", "Ana María Rojas", "52123456");
        var pesos = await host.AddDebtorAsync("D-COP", "Carlos Pérez", "79123456");
        await host.AddObligationAsync(dollars.Id, "CR-USD", 8_000m, currency: Domain.Common.Currency.USD);
        await host.AddObligationAsync(pesos.Id, "CR-COP");
        await host.AssignAsync(dollars.Id, agent.Id);
        await host.AssignAsync(pesos.Id, agent.Id);
        await using (var db = host.Db())
        {
            var debtor = await db.Debtors.Include(d => d.Consents).SingleAsync(d => d.Id == dollars.Id, Ct);
            debtor.RecordConsent(ConsentChannel.Visits, ConsentPurpose.Collection, true, "system", "signed_form", "Formulario 9", CarteraHost.Now);
            await db.SaveChangesAsync(Ct);
        }

        var supervisor = await host.ClientForAsync("supervisora@cartera.test");
        async Task<long> PlanAsync(long debtorId, string area)
        {
            var response = await supervisor.PostJsonAsync("/api/v1/visits", new { debtor_id = debtorId, agent_email = "campo@cartera.test", purpose = "collection", planned_on = "2026-03-20", area });
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
            return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
        }

        var dollarVisit = await PlanAsync(dollars.Id, "Chapinero");
        var pesoVisit = await PlanAsync(pesos.Id, "Suba");

        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("campo@cartera.test", CarteraHost.Password);
        var page = await browser.GetHtmlAsync("/visitas?fecha=2026-03-20");
        Form(page, dollarVisit).ShouldContain("name=\"promiseCurrency\" maxlength=\"3\" value=\"USD\"");
        Form(page, pesoVisit).ShouldContain("name=\"promiseCurrency\" maxlength=\"3\" value=\"COP\"");

        // Recorded with the offered currency, the promise is the debtor's, in dollars.
        var done = await browser.PostFormAsync($"/visitas/{CarteraHost.Id(dollarVisit)}/resultado", page, new Dictionary<string, string>
        {
            ["status"] = "done",
            ["outcome"] = "promise",
            ["promiseDueOn"] = "2026-03-27",
            ["promiseAmount"] = "500",
            ["promiseCurrency"] = "USD",
        });
        var after = await browser.GetHtmlAsync(done.Headers.Location!.OriginalString);
        after.ShouldNotContain("data-testid=\"visit-promise-error\"");
        await using var check = host.Db();
        var promise = await check.Promises.AsNoTracking().SingleAsync(Ct);
        promise.DebtorId.ShouldBe(dollars.Id);
        promise.CurrencyCode.ShouldBe("USD");

        // The part of the page between the visit's result form and the next form.
        static string Form(string html, long visitId)
        {
            var start = html.IndexOf($"/visitas/{CarteraHost.Id(visitId)}/resultado", StringComparison.Ordinal);
            start.ShouldBeGreaterThan(0);
            var end = html.IndexOf("</form>", start, StringComparison.Ordinal);
            return html[start..end];
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Visits_list_prints_the_agents_day_in_route_order_as_csv(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        string[] target = ["--provider", provider, "--connection", database.Options.ConnectionString!];
        (await CliHarness.RunRawAsync(["users", "add", "--email", "campo@cartera.test", "--role", "field_agent", .. target])).ExitCode.ShouldBe(ExitCodes.Ok);
        (await CliHarness.RunRawAsync(["users", "add", "--email", "campo2@cartera.test", "--role", "field_agent", .. target])).ExitCode.ShouldBe(ExitCodes.Ok);
        await using (var db = database.Context())
        {
            var agent = await db.Users.Where(u => u.Email == "campo@cartera.test").Select(u => u.Id).SingleAsync(Ct);
            var other = await db.Users.Where(u => u.Email == "campo2@cartera.test").Select(u => u.Id).SingleAsync(Ct);
            var debtors = new[] { ("D1", "52123456", "Medellín"), ("D2", "79123456", "Bogotá"), ("D3", "41123456", "Cali") }
                .Select(d => Debtor.Create(new DebtorData(d.Item1, PartyKind.Person, IdentityDocument.Parse(IdType.CC, d.Item2), "Deudor " + d.Item1, null, "CO", null, d.Item3, "Calle " + d.Item1, null, "es", null), CliHarness.Now))
                .ToList();
            db.Debtors.AddRange(debtors);
            await db.SaveChangesAsync(Ct);
            var day = new DateOnly(2026, 3, 20);
            foreach (var (debtor, who) in new[] { (debtors[0], agent), (debtors[1], agent), (debtors[2], other) })
            {
                db.FieldVisits.Add(FieldVisit.Plan(new VisitPlan(debtor.Id, who, VisitPurpose.Collection, day, "Calle " + debtor.ExternalId, debtor.City!, null, null, null, null), day, "test", CliHarness.Now));
            }

            await db.SaveChangesAsync(Ct);
        }

        var mine = await CliHarness.RunRawAsync(["visits", "list", "--date", "2026-03-20", "--agent", "campo@cartera.test", "--format", "csv", .. target]);
        mine.ExitCode.ShouldBe(ExitCodes.Ok, mine.Error);
        var lines = mine.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].ShouldBe("order,visit_id,planned_on,agent_email,area,address,debtor_id,purpose,status");
        lines.Skip(1).Select(l => l.Split(',')[6]).ShouldBe(["D2", "D1"]);
        lines[1].ShouldEndWith(",2026-03-20,campo@cartera.test,Bogotá,Calle D2,D2,collection,planned");
        var all = await CliHarness.RunRawAsync(["visits", "list", "--date", "2026-03-20", "--format", "csv", .. target]);
        all.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[4]).ShouldBe(["Bogotá", "Cali", "Medellín"]);
        (await CliHarness.RunRawAsync(["visits", "list", "--date", "20-03-2026", "--format", "csv", .. target])).ExitCode.ShouldNotBe(ExitCodes.Ok);
    }
}
