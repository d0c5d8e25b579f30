using System.Collections.Concurrent;
using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Payments;
using Cartera.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Cartera.Web.Tests.Shared;

/// <summary>The request log tells what the client got, and carries no personal data.</summary>
public sealed class RequestLogTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rule_error_is_logged_as_the_422_the_client_got_not_as_an_error_and_without_personal_data()
    {
        var sink = new CapturingSink();
        await using var host = await CarteraHost.StartAsync(
            TestDatabase.Sqlite,
            new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
            services => services.AddSingleton<ILogEventSink>(sink));
        await PaymentsApiTests.AddCapAsync(host);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var loan = await host.AddObligationAsync(debtor.Id, "CR-1", principal: 1_200_000m);
        var client = await host.ClientForAsync("admin@cartera.test");

        var response = await PaymentsApiTests.PostPaymentAsync(client, PaymentsApiTests.Body(loan.Id, "100.00", currency: "USD"), "log-1");
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var ok = await client.GetAsync($"/api/v1/debtors/{debtor.Id}", Ct);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);

        // The request log is written when the middleware unwinds, which may be just after the client has its answer.
        static bool Request(LogEvent e, string path) =>
            e.Properties.ContainsKey("StatusCode") && e.Properties.TryGetValue("RequestPath", out var p) && p.ToString().Contains(path, StringComparison.Ordinal);
        for (var wait = 0; wait < 100 && !(sink.Events.Any(e => Request(e, "/api/v1/payments")) && sink.Events.Any(e => Request(e, "/api/v1/debtors/"))); wait++)
        {
            await Task.Delay(50, Ct);
        }

        var payment = sink.Events.Single(e => Request(e, "/api/v1/payments"));
        payment.Properties["StatusCode"].ToString().ShouldBe("422");
        payment.Level.ShouldBe(LogEventLevel.Information);
        payment.Exception.ShouldBeNull();
        sink.Events.ShouldNotContain(e => e.Level >= LogEventLevel.Error);

        // The debtor's name and document were sent and read back; neither reaches the log.
        var text = string.Join('\n', sink.Events.Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " " + string.Join(' ', e.Properties.Values)));
        text.ShouldNotContain("Rojas");
        text.ShouldNotContain("52123456");
    }

    private sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Events => [.. _events];

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
