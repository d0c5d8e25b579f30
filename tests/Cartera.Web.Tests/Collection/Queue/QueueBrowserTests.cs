using System.Net;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Queue;
using Cartera.Application.Identity;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Cartera.Web.Tests.Collection.Queue;

/// <summary>
/// In Chromium, in Spanish (issue 13, "Done when"): a collector signs in, opens the queue, opens the first debtor, logs a
/// call with a promise and sees it on the timeline and among the promises; a second collector cannot open that debtor,
/// neither the page nor the API.
/// </summary>
public sealed class QueueBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_collector_works_the_queue_logs_a_call_with_a_promise_and_another_collector_cannot_open_the_debtor()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        var gestor = await host.AddUserAsync("gestor@cartera.test", Roles.Collector, "Gloria Gestora");
        await host.AddUserAsync("otro@cartera.test", Roles.Collector, "Óscar Otro");
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AddObligationAsync(debtor.Id, "CR-2026-0001");
        await host.AssignAsync(debtor.Id, gestor.Id);
        await using (var db = host.Db())
        {
            // The debtor authorized calls for collection (the host's debtors only authorized SMS).
            var tracked = await db.Debtors.Include(d => d.Consents).SingleAsync(d => d.Id == debtor.Id, Ct);
            tracked.RecordConsent(ConsentChannel.Calls, ConsentPurpose.Collection, true, "system", "signed_form", null, CarteraHost.Now);
            await db.SaveChangesAsync(Ct);
            await QueueRefresh.AllAsync(db, new WorkQueueService(db, FixedActor.System, host.Service<TimeProvider>()).Today, Ct);
        }

        await BrowserSession.RunAsync(host, async (page, pages) =>
        {
            await pages.SignInAsync("gestor@cartera.test", CarteraHost.Password);
            await page.GetByTestId("nav-queue").ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cola de trabajo" })).ToBeVisibleAsync();
            await page.GetByTestId("queue-next").ClickAsync();
            await Assertions.Expect(pages.DebtorName).ToHaveTextAsync("Ana María Rojas");

            await page.Locator("#act-kind").SelectOptionAsync("call");
            await page.Locator("#act-contact").SelectOptionAsync(new SelectOptionValue { Index = 1 }); // the mobile number: the e-mail is marked do-not-contact
            await page.Locator("#act-outcome").SelectOptionAsync("promise");
            await page.Locator("input[name=conversation]").CheckAsync();
            await page.GetByTestId("promise-amount").FillAsync("250.000");
            await page.GetByTestId("promise-due").FillAsync("2026-03-27");
            await page.Locator("#act-note").FillAsync("Pagará el viernes con la prima");
            await page.GetByRole(AriaRole.Button, new() { Name = "Registrar gestión" }).ClickAsync();

            await Assertions.Expect(page.GetByTestId("activity-logged")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("promise-result")).ToHaveTextAsync("Promesa de pago registrada.");
            var timeline = page.GetByTestId("timeline");
            await Assertions.Expect(timeline).ToContainTextAsync("Llamada");
            await Assertions.Expect(timeline).ToContainTextAsync("Promesa de pago");
            await Assertions.Expect(timeline).ToContainTextAsync("Pagará el viernes con la prima");
        });

        await using (var db = host.Db())
        {
            var promise = await db.Promises.Include(p => p.Installments).SingleAsync(Ct);
            promise.DebtorId.ShouldBe(debtor.Id);
            promise.Installments.Single().AmountMinor.ShouldBe(25_000_000);
            promise.Installments.Single().DueOn.ShouldBe(new DateOnly(2026, 3, 27));
        }

        // The second collector: the page and the API answer 404 (existence is not leaked) and both denials are audited.
        using var other = new FormClient(host.Address);
        await other.SignInAsync("otro@cartera.test", CarteraHost.Password);
        (await other.GetAsync($"/deudores/{debtor.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var api = await host.ClientForAsync("otro@cartera.test");
        (await api.Get($"/api/v1/debtors/{debtor.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using (var db = host.Db())
        {
            (await db.AuditEntries.CountAsync(a => a.Action == "access_denied" && a.Actor.Contains("otro@cartera.test"), Ct)).ShouldBe(2);
        }
    }
}
