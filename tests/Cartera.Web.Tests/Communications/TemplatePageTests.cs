using System.Net;
using Cartera.Application.Audit;
using Cartera.Application.Communications;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Cartera.Web.Tests.Communications;

/// <summary>Issue 14, pages: the template editor — the list with SMS length and segments, saving through
/// MessageTemplates with its problems next to the field (with the line), and the preview with a real debtor.</summary>
public sealed class TemplatePageTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static async Task<long> SeedAsync(CarteraHost host)
    {
        await using (var db = host.Db())
        {
            await new MessageTemplates(db, FixedActor.Seed, host.Clock, new LenderContact()).SeedDefaultsAsync(Ct);
        }

        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AddObligationAsync(debtor.Id, "OBL-1");
        return debtor.Id;
    }

    [Fact]
    public async Task A_supervisor_creates_a_template_sees_the_unknown_variables_by_line_and_previews_it_with_a_debtor()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("jefe@cartera.test", Roles.Supervisor);
        var debtorId = await SeedAsync(host);
        await BrowserSession.RunAsync(host, async (page, pages) =>
        {
            await pages.SignInAsync("jefe@cartera.test", CarteraHost.Password);
            await page.GetByTestId("nav-templates").ClickAsync();
            var sms = await page.Locator("tr[data-template='recordatorio_preventivo_sms-es']").InnerTextAsync();
            sms.ShouldContain("SMS");
            sms.ShouldContain("Español");
            sms.ShouldContain("Sistema"); // the shipped templates are the system's
            sms.ShouldContain("160 caracteres · 2 segmentos (alfabeto GSM de 7 bits)"); // the Liquid text as written, tags included
            (await page.Locator("tr[data-template='recordatorio_preventivo_email-en']").InnerTextAsync()).ShouldContain("Correo electrónico");
            OutboxPageTests.AssertSpanish(await page.InnerTextAsync("main"));

            await page.GetByTestId("new-template").ClickAsync();
            await page.GetByLabel("Código").FillAsync("aviso_mora");
            await page.GetByLabel("Canal").SelectOptionAsync(new SelectOptionValue { Label = "SMS" });
            await page.GetByLabel("Cuerpo").FillAsync("Hola {{ first_name }}, debe {{ saldo_pendiente }}.\nLlame a {{ nombre_gestor }}.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Guardar plantilla" }).ClickAsync();
            await page.GetByTestId("form-error").WaitForAsync();
            var problems = await page.GetByTestId("problems").InnerTextAsync();
            problems.ShouldContain("Variable desconocida «saldo_pendiente» en el cuerpo, línea 1");
            problems.ShouldContain("Variable desconocida «nombre_gestor» en el cuerpo, línea 2");

            await page.GetByLabel("Cuerpo").FillAsync("Hola {{ first_name }}, su cuota de {{ installment_value }} vence el {{ due_date }}.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Guardar plantilla" }).ClickAsync();
            await page.GetByTestId("template-saved").WaitForAsync();
            page.Url.ShouldContain("/comunicaciones/plantillas/aviso_mora/es");

            await page.GetByLabel("Número interno del deudor").FillAsync(CarteraHost.Id(debtorId));
            await page.GetByRole(AriaRole.Button, new() { Name = "Ver vista previa" }).ClickAsync();
            await page.GetByTestId("preview-body").WaitForAsync();
            var body = await page.GetByTestId("preview-body").InnerTextAsync();
            body.ShouldStartWith("Hola Ana, su cuota de ");
            body.ShouldContain("2026");
            body.ShouldNotContain("{{");
            (await page.GetByTestId("preview-length").InnerTextAsync()).ShouldMatch(@"^\d+ caracteres · 1 segmento \(alfabeto GSM de 7 bits\)$");
            OutboxPageTests.AssertSpanish(await page.InnerTextAsync("main"));
        });

        await using var check = host.Db();
        var saved = await check.MessageTemplates.SingleAsync(t => t.Code == "aviso_mora", Ct);
        saved.Body.ShouldContain("{{ installment_value }}");
        saved.UpdatedBy.ShouldContain("jefe@cartera.test");
        (await check.AuditEntries.CountAsync(a => a.EntityType == "MessageTemplateRecord" && a.Actor.Contains("jefe@cartera.test"), Ct)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_editor_refuses_a_subject_on_SMS_a_stale_version_and_a_duplicate_and_only_supervisors_and_admins_open_it(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        await SeedAsync(host);
        using var admin = new FormClient(host.Address);
        await admin.SignInAsync("admin@cartera.test", CarteraHost.Password);
        using var collector = new FormClient(host.Address);
        await collector.SignInAsync("gestor@cartera.test", CarteraHost.Password);
        (await collector.GetAsync("/comunicaciones/plantillas")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await collector.GetAsync("/comunicaciones/plantillas/recordatorio_preventivo_sms/es")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await admin.GetAsync("/comunicaciones/plantillas/no_existe/es")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        const string url = "/comunicaciones/plantillas/recordatorio_preventivo_sms/es";
        Dictionary<string, string> Fields(string version, string? subject) => new()
        {
            ["Form.Code"] = "recordatorio_preventivo_sms",
            ["Form.Language"] = "es",
            ["Form.Version"] = version,
            ["Form.Channel"] = "sms",
            ["Form.Subject"] = subject ?? string.Empty,
            ["Form.Body"] = "{{ first_name }}: su cuota vence el {{ due_date }}.",
            ["Form.Active"] = "true",
        };
        uint version;
        await using (var db = host.Db())
        {
            version = (await db.MessageTemplates.SingleAsync(t => t.Code == "recordatorio_preventivo_sms" && t.Language == "es", Ct)).Version;
        }

        var v = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var subject = await admin.PostPageFormAsync(url, "template", Fields(v, "Asunto"));
        subject.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        WebUtility.HtmlDecode(await subject.Content.ReadAsStringAsync(Ct)).ShouldContain("Solo el correo electrónico lleva asunto.");

        var stale = await admin.PostPageFormAsync(url, "template", Fields((version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), null));
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync(Ct)).ShouldContain("Otra persona cambió la plantilla");

        var duplicate = await admin.PostPageFormAsync("/comunicaciones/plantillas/nueva", "template", Fields(v, null));
        duplicate.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        WebUtility.HtmlDecode(await duplicate.Content.ReadAsStringAsync(Ct)).ShouldContain("Ya existe una plantilla con ese código en ese idioma");

        var saved = await admin.PostPageFormAsync(url, "template", Fields(v, null));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = host.Db())
        {
            (await db.MessageTemplates.SingleAsync(t => t.Code == "recordatorio_preventivo_sms" && t.Language == "es", Ct)).Body.ShouldStartWith("{{ first_name }}: su cuota");
        }

        (await admin.GetHtmlAsync(url + "?deudor=999999")).ShouldContain("No se encontró ese deudor.");
        var english = await admin.GetHtmlAsync("/comunicaciones/plantillas", english: true);
        english.ShouldContain("Message templates");
        english.ShouldContain("2 segments (GSM 7-bit alphabet)");
    }
}
