using System.Net;
using System.Text.RegularExpressions;
using Cartera.Application.Communications.Outbox;
using Cartera.Application.Identity;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.Playwright;

namespace Cartera.Web.Tests.Communications;

/// <summary>Issue 14, pages: the outbox monitor (counts by status, blocked by reason, filters, paging; supervisors and
/// admins only) and the messages on the debtor's page, in Spanish words, never the address.</summary>
public sealed partial class OutboxPageTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    /// <summary>Raw codes a Spanish page must not show as words.</summary>
    internal static readonly string[] RawWords =
    [
        "queued", "sending", "sent", "delivered", "failed", "blocked", "suppressed", "expired", "opted_out", "email", "sms",
        "whatsapp", "do_not_contact", "hours", "smtp_550", "opt_out_keyword", "system", "true", "false", "null",
    ];

    /// <summary>One debtor (Ana) with one message in every status; a second (Luis) with 60 queued ones (paging).</summary>
    internal static async Task<(long Ana, long Luis)> SeedAsync(CarteraHost host)
    {
        var ana = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var luis = await host.AddDebtorAsync("D-2", "Luis Pérez", "80123456");
        await using var db = host.Db();
        var rows = new (OutboxStatus Status, ConsentChannel Channel, string? Error, int Day)[]
        {
            (OutboxStatus.Queued, ConsentChannel.Sms, "hours;sunday", 1),
            (OutboxStatus.Sent, ConsentChannel.Sms, null, 2),
            (OutboxStatus.Delivered, ConsentChannel.Sms, null, 3),
            (OutboxStatus.Failed, ConsentChannel.Email, "smtp_550", 4),
            (OutboxStatus.Blocked, ConsentChannel.Sms, "do_not_contact", 5),
            (OutboxStatus.OptedOut, ConsentChannel.Sms, "opt_out_keyword", 6),
            (OutboxStatus.Expired, ConsentChannel.Email, "expired", 7),
        };
        foreach (var (status, channel, error, day) in rows)
        {
            db.OutboxMessages.Add(Message(ana, status, channel, error, "preventiva", $"d{day}", new DateOnly(2026, 3, day)));
        }

        for (var i = 0; i < 60; i++)
        {
            db.OutboxMessages.Add(Message(luis, OutboxStatus.Queued, ConsentChannel.Sms, null, "temprana", $"p{i}", new DateOnly(2026, 3, 10)));
        }

        await db.SaveChangesAsync(Ct);
        return (ana.Id, luis.Id);

        static OutboxMessage Message(Debtor debtor, OutboxStatus status, ConsentChannel channel, string? error, string strategy, string step, DateOnly date) => new()
        {
            DebtorId = debtor.Id,
            Strategy = strategy,
            Variant = "champion",
            Step = step,
            SendDate = date,
            Channel = channel,
            Recipient = debtor.ContactPoints.First(c => c.Channel == (channel == ConsentChannel.Email ? ContactChannel.Email : ContactChannel.Mobile)).Id,
            ScheduledAt = CarteraHost.Now,
            Subject = channel == ConsentChannel.Email ? "Recordatorio" : null,
            Body = "Texto secreto del mensaje",
            Status = status,
            NextAttemptAt = CarteraHost.Now,
            LastError = error,
            CreatedAt = CarteraHost.Now,
            UpdatedAt = CarteraHost.Now,
        };
    }

    [Fact]
    public async Task A_supervisor_follows_the_outbox_by_status_and_reason_in_Spanish_and_opens_the_debtor_timeline()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("jefe@cartera.test", Roles.Supervisor);
        var (ana, _) = await SeedAsync(host);
        await BrowserSession.RunAsync(host, async (page, pages) =>
        {
            await pages.SignInAsync("jefe@cartera.test", CarteraHost.Password);
            await page.GetByTestId("nav-outbox").ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Bandeja de salida de mensajes" }).WaitForAsync();
            (await page.GetByTestId("count-queued").InnerTextAsync()).ShouldContain("61");
            (await page.GetByTestId("count-blocked").InnerTextAsync()).ShouldContain("1");
            (await page.GetByTestId("count-suppressed").InnerTextAsync()).ShouldContain("0");
            (await page.GetByTestId("blocked-reasons").InnerTextAsync()).ShouldContain("No contactar: 1");
            (await page.GetByTestId("outbox-total").InnerTextAsync()).ShouldBe("67 mensajes");

            await page.Locator("#estado").SelectOptionAsync(new SelectOptionValue { Label = "Fallido" });
            await page.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("estado=failed", StringComparison.Ordinal));
            var rows = page.GetByTestId("outbox-messages").Locator("tbody tr");
            (await rows.CountAsync()).ShouldBe(1);
            var row = await rows.First.InnerTextAsync();
            row.ShouldContain("Ana María Rojas");
            row.ShouldContain("el servidor de correo respondió 550");
            row.ShouldContain("Correo electrónico");

            await page.Locator("#estado").SelectOptionAsync(new SelectOptionValue { Label = "Todos" });
            await page.Locator("#canal").SelectOptionAsync(new SelectOptionValue { Label = "SMS" });
            await page.Locator("#desde").FillAsync("2026-03-05");
            await page.Locator("#hasta").FillAsync("2026-03-06");
            await page.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("desde=2026-03-05", StringComparison.Ordinal));
            (await rows.CountAsync()).ShouldBe(2);
            var text = await page.InnerTextAsync("body");
            text.ShouldContain("el deudor pidió la baja por mensaje (BAJA)");
            text.ShouldContain("Dado de baja");
            AssertSpanish(text);

            await page.GetByRole(AriaRole.Link, new() { Name = "Ana María Rojas" }).First.ClickAsync();
            await pages.DebtorName.WaitForAsync();
            var messages = await page.GetByTestId("debtor-messages").InnerTextAsync();
            messages.ShouldContain("Mensajes enviados y planeados");
            messages.ShouldContain("Fuera del horario permitido · Domingo");
            messages.ShouldContain("Vencido");
            messages.ShouldContain("preventiva · d4");
            messages.ShouldNotContain("Texto secreto");
            AssertSpanish(messages);
        });
        ana.ShouldBePositive();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_outbox_filters_and_pages_on_both_databases_and_only_supervisors_and_admins_open_it(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var gestor = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var (ana, luis) = await SeedAsync(host);
        await host.AssignAsync(ana, gestor.Id);
        using var admin = new FormClient(host.Address);
        await admin.SignInAsync("admin@cartera.test", CarteraHost.Password);
        using var collector = new FormClient(host.Address);
        await collector.SignInAsync("gestor@cartera.test", CarteraHost.Password);

        (await collector.GetAsync("/comunicaciones/bandeja")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await collector.GetHtmlAsync("/")).ShouldNotContain("/comunicaciones/bandeja");

        var first = await admin.GetHtmlAsync("/comunicaciones/bandeja?estado=queued");
        Rows(first).ShouldBe(50);
        first.ShouldContain("Página 1 de 2");
        first.ShouldContain("/comunicaciones/bandeja?estado=queued&pagina=2");
        var second = await admin.GetHtmlAsync("/comunicaciones/bandeja?estado=queued&pagina=2");
        Rows(second).ShouldBe(11);
        second.ShouldContain("Fuera del horario permitido · Domingo"); // Ana's queued message, the oldest, is last
        second.ShouldNotContain("+57 300 123 4567");

        var strategy = await admin.GetHtmlAsync("/comunicaciones/bandeja?estrategia=preventiva&canal=email");
        Rows(strategy).ShouldBe(2);
        strategy.ShouldNotContain("Luis Pérez");
        strategy.ShouldNotContain("@example.com");

        var english = await admin.GetHtmlAsync("/comunicaciones/bandeja?estado=opted_out", english: true);
        Rows(english).ShouldBe(1);
        english.ShouldContain("Opted out");
        english.ShouldContain("the debtor opted out by message (STOP)");

        // The collector sees the messages of their own debtor on its page (not the address, not the text).
        var debtorPage = await collector.GetHtmlAsync($"/deudores/{CarteraHost.Id(ana)}");
        var section = HtmlText.Section(debtorPage, "debtor-messages-list");
        Regex.Count(section, "<tr data-message=").ShouldBe(7);
        section.ShouldContain("el servidor de correo respondió 550");
        section.ShouldNotContain("Texto secreto");
        (await collector.GetAsync($"/deudores/{CarteraHost.Id(luis)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    internal static void AssertSpanish(string text)
    {
        foreach (var word in RawWords)
        {
            Regex.IsMatch(text, $@"(?<![\p{{L}}\d_.@-]){Regex.Escape(word)}(?![\p{{L}}\d_@-])").ShouldBeFalse($"the page shows \"{word}\"");
        }
    }

    private static int Rows(string html) => Regex.Count(html, "<tr data-message=");
}
