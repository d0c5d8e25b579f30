using Microsoft.Playwright;

namespace Cartera.Web.Tests.Support;

/// <summary>A fresh Chromium page (Spanish, Bogotá) on a host, at a chosen viewport; a screenshot is saved when the steps fail.</summary>
internal static class BrowserSession
{
    public static async Task RunAsync(CarteraHost host, Func<IPage, CarteraPages, Task> steps, int width = 1280, int height = 900)
    {
        var (playwright, browser) = await BrowserLauncher.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "es-CO",
            TimezoneId = "America/Bogota",
            ViewportSize = new ViewportSize { Width = width, Height = height },
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
