using System.Net;
using Cartera.Application.Communications.Outbox;
using Cartera.Application.Identity;
using Cartera.Domain.Communications.Outbox;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Communications;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Cartera.Web.Tests.Strategies;

/// <summary>Issue 14, pages: the strategy editor — import as JSON with errors per field path in Spanish, the list with
/// variants and shares, one strategy's steps in words, editing its JSON, activating and deactivating; audited.</summary>
public sealed class StrategyPageTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    internal const string Preventive = """
        {
          "code": "preventiva",
          "name": "Recordatorios preventivos",
          "send_time": "09:30",
          "variants": [{"code": "champion", "share": 80}, {"code": "challenger", "share": SHARE}],
          "steps": [
            {"id": "d-5", "stage": "preventive", "anchor": "due_date", "offset_days": -5, "action": "reminder",
             "channel": "email", "fallback_channels": ["sms"], "template": "recordatorio_preventivo_email"},
            {"id": "llamada", "stage": "early", "anchor": "stage_entry", "offset_days": 1, "action": "call", "channel": "calls"}
          ]
        }
        """;

    [Fact]
    public async Task A_supervisor_imports_a_strategy_sees_errors_by_field_path_edits_it_and_deactivates_it()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("jefe@cartera.test", Roles.Supervisor);
        await BrowserSession.RunAsync(host, async (page, pages) =>
        {
            await pages.SignInAsync("jefe@cartera.test", CarteraHost.Password);
            await page.GetByTestId("nav-strategies").ClickAsync();
            await page.GetByTestId("strategies-empty").WaitForAsync();
            await page.GetByTestId("import-strategies").ClickAsync();
            await page.GetByLabel("Estrategias en JSON").FillAsync(Preventive.Replace("SHARE", "30", StringComparison.Ordinal));
            await page.GetByRole(AriaRole.Button, new() { Name = "Importar" }).ClickAsync();
            var errors = await page.GetByTestId("strategy-errors").InnerTextAsync();
            errors.ShouldContain("No se guardó nada");
            errors.ShouldContain("variants");
            errors.ShouldContain("suman 110");

            await page.GetByLabel("Estrategias en JSON").FillAsync(Preventive.Replace("SHARE", "20", StringComparison.Ordinal));
            await page.GetByRole(AriaRole.Button, new() { Name = "Importar" }).ClickAsync();
            (await page.GetByTestId("import-result").InnerTextAsync()).ShouldBe("Importación hecha: 1 creadas, 0 actualizadas, 0 sin cambios.");
            await page.GetByRole(AriaRole.Link, new() { Name = "Volver a las estrategias" }).ClickAsync();

            var row = await page.Locator("tr[data-strategy='preventiva']").InnerTextAsync();
            row.ShouldContain("Recordatorios preventivos");
            row.ShouldContain("Campeón 80 % · Retador 20 %");
            row.ShouldContain("\t2\t");
            row.ShouldContain("Sí");
            OutboxPageTests.AssertSpanish(await page.InnerTextAsync("main"));

            await page.GetByRole(AriaRole.Link, new() { Name = "preventiva", Exact = true }).ClickAsync();
            await page.GetByTestId("strategy-name").WaitForAsync();
            var steps = await page.GetByTestId("strategy-steps").InnerTextAsync();
            steps.ShouldContain("5 días antes de la fecha de vencimiento de la cuota");
            steps.ShouldContain("1 día después de la entrada a la etapa");
            steps.ShouldContain("Recordatorio");
            steps.ShouldContain("Correo electrónico → SMS");
            steps.ShouldContain("Llamada");
            OutboxPageTests.AssertSpanish(await page.InnerTextAsync("main"));

            var json = await page.GetByTestId("strategy-json").InputValueAsync();
            json.ShouldContain("\"offset_days\": -5");
            await page.GetByTestId("strategy-json").FillAsync(json.Replace("\"offset_days\": -5", "\"offset_days\": 900", StringComparison.Ordinal));
            await page.GetByTestId("save-strategy").ClickAsync();
            var fieldErrors = await page.GetByTestId("strategy-errors").InnerTextAsync();
            fieldErrors.ShouldContain("steps[0].offset_days");
            fieldErrors.ShouldContain("no 900");

            await page.GetByTestId("strategy-json").FillAsync(json.Replace("\"offset_days\": -5", "\"offset_days\": -3", StringComparison.Ordinal));
            await page.GetByTestId("save-strategy").ClickAsync();
            await page.GetByTestId("strategy-saved").WaitForAsync();
            (await page.GetByTestId("strategy-steps").InnerTextAsync()).ShouldContain("3 días antes de la fecha de vencimiento de la cuota");

            await page.GetByRole(AriaRole.Button, new() { Name = "Desactivar" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Activar" }).WaitForAsync();
            (await page.GetByTestId("strategy-state").InnerTextAsync()).ShouldBe("Inactiva (no se ejecuta)");
        });

        await using var db = host.Db();
        var stored = await db.Strategies.SingleAsync(Ct);
        stored.Active.ShouldBeFalse();
        stored.DefinitionJson.ShouldContain("\"offset_days\":-3");
        stored.UpdatedBy.ShouldContain("jefe@cartera.test");
        (await db.AuditEntries.CountAsync(a => a.EntityType == "StrategyRecord" && a.Actor.Contains("jefe@cartera.test"), Ct)).ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_strategy_pages_are_for_supervisors_and_admins_and_a_strategy_page_edits_only_its_own_code(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        using var admin = new FormClient(host.Address);
        await admin.SignInAsync("admin@cartera.test", CarteraHost.Password);
        using var analyst = new FormClient(host.Address);
        await analyst.SignInAsync("analista@cartera.test", CarteraHost.Password);

        var imported = await admin.PostPageFormAsync("/estrategias/importar", "import", new() { ["Form.Json"] = "[" + Preventive.Replace("SHARE", "20", StringComparison.Ordinal) + "]" });
        imported.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await imported.Content.ReadAsStringAsync(Ct)).ShouldContain("1 creadas");

        (await analyst.GetAsync("/estrategias")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await analyst.GetAsync("/estrategias/preventiva")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await analyst.GetAsync("/estrategias/importar")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await admin.GetAsync("/estrategias/no-existe")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var other = await admin.PostPageFormAsync("/estrategias/preventiva", "strategy", new()
        {
            ["Form.Json"] = Preventive.Replace("SHARE", "20", StringComparison.Ordinal).Replace("\"preventiva\"", "\"otra\"", StringComparison.Ordinal),
        });
        other.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        WebUtility.HtmlDecode(await other.Content.ReadAsStringAsync(Ct)).ShouldContain("Esta página edita la estrategia preventiva");
        var broken = await admin.PostPageFormAsync("/estrategias/preventiva", "strategy", new() { ["Form.Json"] = "{\"code\": \"preventiva\"," });
        broken.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        WebUtility.HtmlDecode(await broken.Content.ReadAsStringAsync(Ct)).ShouldContain("no es JSON válido");
        await using (var db = host.Db())
        {
            (await db.Strategies.Select(s => s.Code).ToListAsync(Ct)).ShouldBe(["preventiva"]);
        }

        var english = await admin.GetHtmlAsync("/estrategias/preventiva", english: true);
        english.ShouldContain("5 days before the installment's due date");
        english.ShouldContain("Champion 80 % · Challenger 20 %");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_strategy_page_compares_its_variants_on_contact_and_promise_rates(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        using var admin = new FormClient(host.Address);
        await admin.SignInAsync("admin@cartera.test", CarteraHost.Password);
        (await admin.PostPageFormAsync("/estrategias/importar", "import", new() { ["Form.Json"] = "[" + Preventive.Replace("SHARE", "20", StringComparison.Ordinal) + "]" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetHtmlAsync("/estrategias/preventiva")).ShouldContain("Aún no hay mensajes de esta estrategia en el periodo.");

        // Three debtors messaged a week ago: two of the champion (one reached), one of the challenger (reached).
        var day = DateOnly.FromDateTime(CarteraHost.Now.UtcDateTime).AddDays(-7);
        var debtors = new List<(long Id, long Mobile)>();
        for (var i = 1; i <= 3; i++)
        {
            var debtor = await host.AddDebtorAsync($"V-{i}", $"Deudor {i}", $"7000000{i}");
            await using var db = host.Db();
            debtors.Add((debtor.Id, await db.ContactPoints.Where(c => c.DebtorId == debtor.Id && c.Channel == Domain.Portfolio.ContactChannel.Mobile).Select(c => c.Id).FirstAsync(Ct)));
        }

        await using (var db = host.Db())
        {
            var rows = new[] { (0, "campeon", OutboxStatus.Sent), (1, "campeon", OutboxStatus.Failed), (2, "retador", OutboxStatus.Delivered) };
            foreach (var (i, variant, status) in rows)
            {
                db.OutboxMessages.Add(new OutboxMessage
                {
                    DebtorId = debtors[i].Id,
                    Strategy = "preventiva",
                    Variant = variant,
                    Step = "d-5",
                    SendDate = day,
                    Channel = Domain.Portfolio.ConsentChannel.Sms,
                    Recipient = debtors[i].Mobile,
                    Body = "texto",
                    Status = status,
                    ScheduledAt = CarteraHost.Now.AddDays(-7),
                    NextAttemptAt = CarteraHost.Now.AddDays(-7),
                    CreatedAt = CarteraHost.Now.AddDays(-8),
                    UpdatedAt = CarteraHost.Now.AddDays(-7),
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        var html = WebUtility.HtmlDecode(await admin.GetHtmlAsync("/estrategias/preventiva"));
        html.ShouldContain("Comparación de variantes (envíos de los últimos 60 días)");
        var table = html[html.IndexOf("data-testid=\"variant-report\"", StringComparison.Ordinal)..];
        var champion = table[table.IndexOf("campeon", StringComparison.Ordinal)..table.IndexOf("retador", StringComparison.Ordinal)];
        champion.ShouldContain("50,00");
        table[table.IndexOf("retador", StringComparison.Ordinal)..].ShouldContain("100,00");
    }
}
