using System.Net;
using Cartera.Application.Identity;
using Cartera.Application.Scoring.Actions;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cartera.Web.Tests.Support.HtmlText;

namespace Cartera.Web.Tests.Scoring;

/// <summary>The best-next-action priors page (<c>/admin/acciones</c>).</summary>
public sealed partial class PageTests
{
    [Fact]
    public async Task An_admin_edits_a_prior_and_learns_a_supervisor_only_reads_and_a_collector_is_denied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        await host.AddUserAsync("jefe@cartera.test", Roles.Supervisor);
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        uint version;
        await using (var db = host.Db())
        {
            await new ActionPriorCatalog(db).SeedIfEmptyAsync(ct);
            foreach (var (arm, action, paid) in new[] { ("champion", "sms", 0L), ("challenger", "call", 50_000L) })
            {
                db.ActionOutcomes.Add(new ActionOutcome
                {
                    DebtorId = debtor.Id,
                    DecidedOn = new DateOnly(2026, 1, arm == "champion" ? 10 : 11),
                    ActionCode = action,
                    Arm = arm,
                    ExperimentCode = "exp-1",
                    PredictedProbability = 0.5,
                    AmountDueMinor = 50_000,
                    CurrencyCode = "COP",
                    WindowDays = 30,
                    PaidMinor = paid,
                    Paid = paid > 0,
                    ObservedAt = CarteraHost.Now,
                    RecordedBy = "test",
                    RecordedAt = CarteraHost.Now,
                });
            }

            await db.SaveChangesAsync(ct);
            version = (await db.ActionPriors.AsNoTracking().SingleAsync(p => p.Code == "call", ct)).Version;
        }

        using var admin = new FormClient(host.Address);
        await admin.SignInAsync("admin@cartera.test", CarteraHost.Password);
        using var supervisor = new FormClient(host.Address);
        await supervisor.SignInAsync("jefe@cartera.test", CarteraHost.Password);
        using var gestor = new FormClient(host.Address);
        await gestor.SignInAsync("gestor@cartera.test", CarteraHost.Password);
        var fields = new Dictionary<string, string>
        {
            ["code"] = "call",
            ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["lift"] = "1,2",
            ["recovery_share"] = "0.9",
            ["cost"] = "3000",
            ["currency"] = "COP",
            ["min_dpd"] = "5",
            ["enabled"] = "on",
        };

        var page = await admin.GetHtmlAsync("/admin/acciones");
        var saved = await admin.PostFormFromPageAsync("/admin/acciones?codigo=call", "/admin/acciones/guardar", fields);
        var stale = await admin.PostFormFromPageAsync("/admin/acciones?codigo=call", "/admin/acciones/guardar", fields);
        var badLift = await admin.PostFormFromPageAsync("/admin/acciones?codigo=call", "/admin/acciones/guardar", new Dictionary<string, string>(fields) { ["lift"] = "0", ["version"] = "" });

        page.ShouldContain("Acciones de cobro: supuestos y aprendizaje");
        Section(page, "action-priors").ShouldContain("legal");
        var experiments = Section(page, "experiments");
        experiments.ShouldContain("exp-1");
        experiments.ShouldContain("campeón");
        experiments.ShouldContain("retador");
        experiments.ShouldContain("sin ganador");
        saved.Headers.Location!.ToString().ShouldBe("/admin/acciones?codigo=call&ok=1");
        stale.Headers.Location!.ToString().ShouldContain("error=concurrency_conflict");
        (await admin.GetHtmlAsync(stale.Headers.Location!.ToString())).ShouldContain("Otra persona cambió esta acción");
        badLift.Headers.Location!.ToString().ShouldContain("field=lift");
        (await admin.GetHtmlAsync(badLift.Headers.Location!.ToString())).ShouldContain("data-testid=\"error-lift\">The lift is above 0 and at most 10.");
        await using (var db = host.Db())
        {
            var call = await db.ActionPriors.AsNoTracking().SingleAsync(p => p.Code == "call", ct);
            (call.Lift, call.RecoveryShare, call.CostMinor, call.MinDpd, call.Source).ShouldBe((1.2, 0.9, 300_000L, 5, ActionPriorSources.Configured));
        }

        var after = await admin.GetHtmlAsync("/admin/acciones?codigo=call");
        Section(after, "action-priors").ShouldContain("1,200");
        var audit = Section(after, "audit-trail");
        audit.ShouldContain(":admin@cartera.test");
        audit.ShouldContain("Cambio");
        audit.ShouldContain("Efecto (lift):</span> 1,2");
        audit.ShouldNotContain("\"Lift\"");

        var learned = await admin.PostPageFormAsync("/admin/acciones", "learn", new Dictionary<string, string> { ["AsOf"] = "" });
        learned.StatusCode.ShouldBe(HttpStatusCode.OK);
        var learnedHtml = WebUtility.HtmlDecode(await learned.Content.ReadAsStringAsync(ct));
        learnedHtml.ShouldContain("Se leyeron 2 resultados observados; se actualizaron 0 acciones.");
        Section(learnedHtml, "learned").ShouldContain("no (pocos resultados)");

        var readOnly = await supervisor.GetHtmlAsync("/admin/acciones");
        readOnly.ShouldContain("data-testid=\"action-priors\"");
        readOnly.ShouldNotContain("data-testid=\"prior-form\"");
        readOnly.ShouldNotContain("data-testid=\"learn-form\"");
        var forbidden = await supervisor.PostFormFromPageAsync("/admin/acciones", "/admin/acciones/guardar", new Dictionary<string, string>(fields) { ["version"] = "", ["lift"] = "2" });
        forbidden.Headers.Location!.ToString().ShouldContain("/cuenta/acceso-denegado");
        await using (var db = host.Db())
        {
            (await db.ActionPriors.AsNoTracking().SingleAsync(p => p.Code == "call", ct)).Lift.ShouldBe(1.2);
        }

        var denied = await gestor.GetAsync("/admin/acciones");
        denied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        denied.Headers.Location!.ToString().ShouldContain("/cuenta/acceso-denegado");
    }
}
