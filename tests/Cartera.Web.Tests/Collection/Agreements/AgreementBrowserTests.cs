using Cartera.Application.Identity;
using Cartera.Application.Tests.Collection.Agreements;
using Cartera.Domain.Collection.Agreements;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Cartera.Web.Tests.Collection.Agreements;

/// <summary>In Chromium, in Spanish: a collector simulates an agreement above their limit, a supervisor approves it in the inbox, the PDF downloads with the agreed amounts and dates.</summary>
public sealed class AgreementBrowserTests
{
    [Fact]
    public async Task A_collector_proposes_above_their_limit_a_supervisor_approves_and_the_PDF_holds_the_agreed_amounts_and_dates()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        var gestor = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        long debtorId;
        await using (var db = host.Db())
        {
            (debtorId, _) = await AgreementFixture.RulesObligationAsync(db);
        }

        await host.AssignAsync(debtorId, gestor.Id);
        await host.AddTeamAsync("cobranza", "supervisor@cartera.test", "gestor@cartera.test");
        var agreementPage = new Uri(host.Address, $"/deudores/{CarteraHost.Id(debtorId)}/acuerdos/nuevo").ToString();
        string? pdfText = null;
        await BrowserSession.RunAsync(host, async (page, pages) =>
        {
            await pages.SignInAsync("gestor@cartera.test", CarteraHost.Password);
            await page.GotoAsync(agreementPage);
            // RULES §14: 6 installments at 0 % with the whole arrears interest waived — above a collector's limit (w_a ≤ 50 %).
            await page.Locator("#ag-date").FillAsync("2026-03-20");
            await page.Locator("#ag-n").FillAsync("6");
            await page.Locator("#ag-rate").FillAsync("0");
            await page.Locator("#ag-wa").FillAsync("100");
            await page.GetByRole(AriaRole.Button, new() { Name = "Simular" }).ClickAsync();
            await page.GetByText("3.120.000,00").First.WaitForAsync();
            (await page.ContentAsync()).ShouldContain("468.000,00");
            await page.GetByRole(AriaRole.Button, new() { Name = "Crear acuerdo" }).ClickAsync();
            await page.GetByText("Pendiente de aprobación").First.WaitForAsync();

            await page.Context.ClearCookiesAsync();
            await pages.SignInAsync("supervisor@cartera.test", CarteraHost.Password);
            await page.GotoAsync(new Uri(host.Address, "/acuerdos/aprobaciones").ToString());
            await page.GetByText("3.120.000,00").First.WaitForAsync();
            await page.GetByPlaceholder("Observación").First.FillAsync("Ingresos verificados");
            await page.GetByRole(AriaRole.Button, new() { Name = "Aprobar" }).ClickAsync();
            await page.GetByText("No hay acuerdos pendientes de aprobación.").WaitForAsync();

            await page.GotoAsync(agreementPage);
            await page.GetByText("Aprobado, espera la cuota inicial").First.WaitForAsync(); // booked once the down payment is posted
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Descargar PDF" }).ClickAsync());
            download.SuggestedFilename.ShouldEndWith(".pdf");
            using var pdf = PdfDocument.Open(await download.PathAsync());
            pdfText = string.Join('\n', pdf.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))));
        });

        pdfText.ShouldNotBeNull();
        pdfText.ShouldContain("Saldo acordado 3.120.000,00 COP");
        pdfText.ShouldContain("Cuota inicial (vence el 20/03/2026) 312.000,00 COP");
        pdfText.ShouldContain("Valor financiado 2.808.000,00 COP");
        pdfText.ShouldContain("1 20/04/2026 468.000,00 COP");
        pdfText.ShouldContain("6 20/09/2026 468.000,00 COP");
        await using var check = host.Db();
        var agreement = await check.PaymentAgreements.SingleAsync(TestContext.Current.CancellationToken);
        agreement.Status.ShouldBe(AgreementStatus.Approved); // booked once the down payment is posted
        agreement.RequestedBy.ShouldContain("gestor@cartera.test");
        agreement.DecidedBy!.ShouldContain("supervisor@cartera.test");
    }
}
