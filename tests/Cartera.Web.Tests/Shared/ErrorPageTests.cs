using System.Collections.Concurrent;
using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Serilog.Core;
using Serilog.Events;

namespace Cartera.Web.Tests.Shared;

/// <summary>A person who hits an error in the browser sees a page in their language; the API keeps problem details.</summary>
public sealed class ErrorPageTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_collector_opening_an_unassigned_debtor_or_an_unknown_page_sees_a_Spanish_404_page_and_English_by_choice()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector, "Pedro Salazar");
        var other = await host.AddDebtorAsync("D-OTHER", "Carlos Pérez", "79123456");

        await BrowserSession.RunAsync(host, async (page, pages) =>
        {
            await pages.SignInAsync("gestor@cartera.test", CarteraHost.Password);

            var debtor = await page.GotoAsync(new Uri(host.Address, $"/deudores/{other.Id}").ToString());
            debtor!.Status.ShouldBe(404);
            (await debtor.HeaderValueAsync("content-type"))!.ShouldStartWith("text/html");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Página no encontrada");
            (await page.ContentAsync()).ShouldNotContain("\"status\":404");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");

            var unknown = await page.GotoAsync(new Uri(host.Address, "/no-existe/para-nada").ToString());
            unknown!.Status.ShouldBe(404);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Página no encontrada");
            (await page.InnerTextAsync("body")).ShouldNotContain("Status Code");

            await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = ".AspNetCore.Culture", Value = "c%3Den-US%7Cuic%3Den-US", Url = host.Address.ToString() }]);
            await page.GotoAsync(new Uri(host.Address, "/no-existe").ToString());
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        });

        // The API still answers RFC 9457 problem details for the same cases.
        var api = await host.ClientForAsync("gestor@cartera.test");
        var problem = await api.Get($"/api/v1/debtors/{other.Id}");
        problem.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        problem.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.Get("/api/v1/no-existe")).Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Too_many_sign_in_attempts_show_a_429_page_with_Retry_After_and_the_token_endpoint_a_problem_with_it()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite, new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "2" });
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector);

        await BrowserSession.RunAsync(host, async (page, _) =>
        {
            IResponse? last = null;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                await page.GotoAsync(new Uri(host.Address, "/cuenta/ingresar").ToString());
                await page.GetByLabel("Correo electrónico").FillAsync("gestor@cartera.test");
                await page.GetByLabel("Contraseña").FillAsync("no-es-la-clave-1A!");
                last = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Ingresar" }).ClickAsync(), r => r.Url.Contains("/cuenta/sesion", StringComparison.Ordinal));
                await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
            }

            last!.Status.ShouldBe(429);
            int.Parse((await last.HeaderValueAsync("retry-after"))!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Demasiados intentos");
            await Assertions.Expect(page.GetByTestId("retry-after")).ToContainTextAsync("Puede intentar de nuevo en");
        });

        var client = host.Anonymous();
        HttpResponseMessage response;
        var tries = 0;
        do
        {
            response = await client.PostJsonAsync("/api/v1/auth/token", new { email = "gestor@cartera.test", password = "no-es-la-clave-1A!" });
        }
        while (response.StatusCode != HttpStatusCode.TooManyRequests && ++tries < 5);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter.ShouldNotBeNull();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task An_unexpected_failure_shows_a_500_page_with_the_correlation_id_that_is_in_the_log()
    {
        var sink = new CapturingSink();
        var clock = new ExplodingClock(new FakeTimeProvider(CarteraHost.Now));
        await using var host = await CarteraHost.StartAsync(
            TestDatabase.Sqlite,
            services: services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<ILogEventSink>(sink);
            });
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector);

        await BrowserSession.RunAsync(host, async (page, pages) =>
        {
            await pages.SignInAsync("gestor@cartera.test", CarteraHost.Password);
            clock.Explode = true;
            var response = await page.GotoAsync(new Uri(host.Address, "/").ToString());
            clock.Explode = false;

            response!.Status.ShouldBe(500);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ocurrió un error");
            var correlation = (await page.GetByTestId("correlation-id").InnerTextAsync()).Trim();
            correlation.ShouldMatch("^[0-9a-f]{32}$"); // the request's W3C trace id
            (await page.InnerTextAsync("body")).ShouldNotContain(nameof(InvalidOperationException));

            // The exception is in the log under the page's id, and so is the request's 500. The browser's own favicon
            // request fails too while the clock explodes; its events carry another id.
            bool Logged() => Errors().Any(e => e.Exception is InvalidOperationException { Message: "boom" }) && Errors().Any(e => e.Properties.ContainsKey("StatusCode"));
            for (var wait = 0; wait < 200 && !Logged(); wait++)
            {
                await Task.Delay(50, Ct);
            }

            Logged().ShouldBeTrue($"the 500 page's correlation id {correlation} is the id of the request's exception and status in the log; logged: {string.Join(" | ", sink.Events.Select(Describe))}");

            IEnumerable<LogEvent> Errors() => sink.Events.Where(e => e.Level == LogEventLevel.Error && Id(e) == correlation);
        });
    }

    private static string? Id(LogEvent e) => e.Properties.TryGetValue("TraceId", out var id) && id is ScalarValue { Value: string s } ? s : null;

    private static string Describe(LogEvent e) =>
        $"{e.Level} {Id(e)} {e.MessageTemplate.Text} {e.Exception?.GetType().Name}";

    /// <summary>A clock that throws while <see cref="Explode"/> is set: an unexpected failure anywhere in a request.</summary>
    private sealed class ExplodingClock(TimeProvider inner) : TimeProvider
    {
        public volatile bool Explode;

        public override DateTimeOffset GetUtcNow() => Explode ? throw new InvalidOperationException("boom") : inner.GetUtcNow();

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;
    }

    private sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Events => [.. _events];

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
