using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.Playwright;

namespace Cartera.Web.Tests.Shared;

public sealed class BrowserTests
{
    [Fact]
    public async Task A_collector_signs_in_finds_an_assigned_debtor_and_sees_the_obligation()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector, "Pedro Salazar");
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AddObligationAsync(debtor.Id, "CR-2026-0001");
        await host.AssignAsync(debtor.Id, collector.Id);

        await InBrowserAsync(host, async (page, pages) =>
        {
            await pages.SignInAsync("gestor@cartera.test", CarteraHost.Password);
            await pages.SearchAsync("52123456");
            await pages.OpenDebtorAsync("Ana María Rojas");

            await Assertions.Expect(pages.DebtorName).ToHaveTextAsync("Ana María Rojas");
            await Assertions.Expect(pages.ObligationLink("CR-2026-0001")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync("Gestor de cobranza");
        });
    }

    [Fact]
    public async Task An_admin_edits_a_rule_set_and_sees_the_new_version_and_the_audit_line()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin, "Laura Gómez");

        await InBrowserAsync(host, async (page, pages) =>
        {
            await pages.SignInAsync("admin@cartera.test", CarteraHost.Password);
            await page.GetByRole(AriaRole.Link, new() { Name = "Cumplimiento" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("rule-set-co-ley-2300").GetByTestId("current-version")).ToHaveTextAsync("co-ley-2300@1");
            await page.GetByTestId("edit-co-ley-2300").ClickAsync();
            await page.GetByTestId("text-hours").FillAsync("mon-fri 08:00-19:00; sat 08:00-15:00");
            await page.GetByTestId("change-note").FillAsync("Desde las 08:00 por política interna");
            await page.GetByTestId("save-rule-set").ClickAsync();

            await Assertions.Expect(page.GetByTestId("saved")).ToContainTextAsync("co-ley-2300@2");
            await Assertions.Expect(page.GetByTestId("rule-set-co-ley-2300").GetByTestId("current-version")).ToHaveTextAsync("co-ley-2300@2");
            await Assertions.Expect(page.GetByTestId("rule-set-co-ley-2300")).ToContainTextAsync("mon-fri 08:00-19:00; sat 08:00-15:00");
            var auditLine = page.GetByTestId("audit-trail").Locator("tbody tr").First;
            await Assertions.Expect(auditLine).ToContainTextAsync("admin@cartera.test");
            await Assertions.Expect(auditLine).ToContainTextAsync("co-ley-2300@2");
        });
    }

    [Fact]
    public async Task An_analyst_fills_the_credit_application_and_sees_the_recommendation_and_its_reasons()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst, "Sofía Mejía");

        await InBrowserAsync(host, async (page, pages) =>
        {
            await pages.SignInAsync("analista@cartera.test", CarteraHost.Password);
            await page.GetByRole(AriaRole.Link, new() { Name = "Solicitudes de crédito" }).ClickAsync();
            await page.GetByTestId("new-application").ClickAsync();
            await page.GetByLabel("Número de documento").FillAsync("1020304050");
            await page.GetByLabel("Nombre completo").FillAsync("Ana María Restrepo");
            await page.GetByLabel("Fecha de nacimiento").FillAsync("1985-03-10");
            await page.GetByLabel("Ingreso mensual").FillAsync("3000000");
            await page.GetByLabel("Gastos mensuales").FillAsync("1000000");
            await page.GetByLabel("Cuotas de deudas actuales (mes)").FillAsync("500000");
            await page.GetByLabel("Monto solicitado").FillAsync("10000000");
            await page.GetByLabel("Tasa efectiva anual (%)").FillAsync("18");
            await page.GetByLabel("Destino del crédito").SelectOptionAsync("used_car");
            await page.GetByLabel("Fecha del reporte de buró").FillAsync("2026-03-18");
            await page.GetByLabel("Puntaje de buró (0–999)").FillAsync("700");
            await page.GetByTestId("evaluate").ClickAsync();

            await Assertions.Expect(page.GetByTestId("recommendation-code")).ToHaveTextAsync("Revisar");
            await Assertions.Expect(page.GetByTestId("reasons")).ToContainTextAsync("Relación deuda/ingreso de 47\u00A0% supera el máximo de 40\u00A0%");
            await Assertions.Expect(page.GetByTestId("reasons")).ToContainTextAsync("Sin modelo de originación activo");
            await Assertions.Expect(page.GetByTestId("authority")).ToContainTextAsync("20.000.000");
        });
    }

    /// <summary>Runs <paramref name="steps"/> in a fresh Chromium page (Spanish, Bogotá); saves a screenshot when they fail.</summary>
    private static async Task InBrowserAsync(CarteraHost host, Func<IPage, CarteraPages, Task> steps)
    {
        var (playwright, browser) = await BrowserLauncher.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "es-CO",
            TimezoneId = "America/Bogota",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        try
        {
            await steps(page, new CarteraPages(page, host.Address));
        }
        catch
        {
            var shot = Path.Combine(Path.GetTempPath(), $"cartera-browser-failure-{Guid.NewGuid():N}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            TestContext.Current.SendDiagnosticMessage($"Screenshot of the failure: {shot}");
            throw;
        }
    }
}
