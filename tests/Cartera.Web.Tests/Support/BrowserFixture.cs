using Microsoft.Playwright;

namespace Cartera.Web.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (nothing is downloaded). <c>CARTERA_CHROMIUM</c> overrides the path. When the
/// browser is missing the test fails under CI (<c>CI=true</c>) and is skipped, with the reason, elsewhere.
/// </summary>
internal static class BrowserLauncher
{
    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("CARTERA_CHROMIUM") is { Length: > 0 } custom ? custom : "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            var reason = $"Chromium not found at {path} (set CARTERA_CHROMIUM or install Debian's chromium).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(reason);
            }

            Assert.Skip(reason);
        }

        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true, Args = Args });
        return (playwright, browser);
    }
}
