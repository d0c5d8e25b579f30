using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.Playwright;

namespace Cartera.Web.Tests.Browser;

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
        var pages = new CarteraPages(page, host.Address);
        try
        {
            await pages.SignInAsync("gestor@cartera.test", CarteraHost.Password);
            await pages.SearchAsync("52123456");
            await pages.OpenDebtorAsync("Ana María Rojas");

            await Assertions.Expect(pages.DebtorName).ToHaveTextAsync("Ana María Rojas");
            await Assertions.Expect(pages.ObligationLink("CR-2026-0001")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync("Gestor de cobranza");
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
