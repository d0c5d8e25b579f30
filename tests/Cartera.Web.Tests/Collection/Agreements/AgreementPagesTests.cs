using System.Net;
using Cartera.Application.Identity;
using Cartera.Application.Tests.Collection.Agreements;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Collection.Agreements;

/// <summary>The agreement pages in Spanish: the simulator on the debtor page, creation, the supervisor's inbox, the PDF link.</summary>
public sealed class AgreementPagesTests
{
    [Fact]
    public async Task A_collector_simulates_and_creates_and_the_supervisor_approves_from_the_inbox()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        var gestor = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        await host.AddUserAsync("otro@cartera.test", Roles.Collector);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        long debtorId;
        long obligationId;
        await using (var db = host.Db())
        {
            (debtorId, obligationId) = await AgreementFixture.RulesObligationAsync(db);
        }

        await host.AssignAsync(debtorId, gestor.Id);
        await host.AddTeamAsync("cobranza", "supervisor@cartera.test", "gestor@cartera.test");
        using var collector = new FormClient(host.Address);
        await collector.SignInAsync("gestor@cartera.test", CarteraHost.Password);
        var page = $"/deudores/{CarteraHost.Id(debtorId)}/acuerdos/nuevo";
        (await collector.GetHtmlAsync($"/deudores/{CarteraHost.Id(debtorId)}")).ShouldContain(page);

        var simulated = await collector.GetHtmlAsync($"{page}?obligaciones={obligationId}&fecha=2026-03-20&cuotas=6&tasa=0&condonacion_mora=100");
        simulated.ShouldContain("Saldo acordado");
        simulated.ShouldContain("3.120.000,00");
        simulated.ShouldContain("312.000,00");
        simulated.ShouldContain("468.000,00");
        simulated.ShouldContain("Crear acuerdo");
        simulated.ShouldNotContain("pending_approval");
        var refused = await collector.GetHtmlAsync($"{page}?obligaciones={obligationId}&fecha=2026-03-20&cuotas=6&tasa=45");
        refused.ShouldContain("La tasa supera la tasa máxima legal vigente en la fecha del acuerdo."); // a sentence, not the code
        refused.ShouldNotContain("rate_above_cap");

        var created = await collector.PostFormAsync($"/deudores/{CarteraHost.Id(debtorId)}/acuerdos", simulated, new Dictionary<string, string>
        {
            ["obligations"] = CarteraHost.Id(obligationId),
            ["date"] = "2026-03-20",
            ["installments"] = "6",
            ["ratePercent"] = "0",
            ["arrearsWaiverPercent"] = "100",
            ["downPayment"] = string.Empty,
            ["discountPercent"] = "0",
            ["feeWaiverPercent"] = "0",
            ["firstDue"] = string.Empty,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        created.Headers.Location!.ToString().ShouldContain("acuerdo=");
        var after = await collector.GetHtmlAsync(created.Headers.Location!.ToString());
        after.ShouldContain("Pendiente de aprobación");
        after.ShouldContain("Descargar PDF");

        using var other = new FormClient(host.Address);
        await other.SignInAsync("otro@cartera.test", CarteraHost.Password);
        (await other.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        long id;
        await using (var db = host.Db())
        {
            id = await db.PaymentAgreements.Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        (await collector.GetAsync($"/acuerdos/{CarteraHost.Id(id)}/pdf")).Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        using var supervisor = new FormClient(host.Address);
        await supervisor.SignInAsync("supervisor@cartera.test", CarteraHost.Password);
        var inbox = await supervisor.GetHtmlAsync("/acuerdos/aprobaciones");
        inbox.ShouldContain("Aprobación de acuerdos");
        inbox.ShouldContain("3.120.000,00");
        var approved = await supervisor.PostFormAsync($"/acuerdos/{CarteraHost.Id(id)}/aprobar", inbox, new Dictionary<string, string> { ["note"] = "Ingresos verificados", ["version"] = string.Empty });
        approved.Headers.Location!.ToString().ShouldContain("hecho=");
        (await supervisor.GetHtmlAsync("/acuerdos/aprobaciones")).ShouldContain("No hay acuerdos pendientes de aprobación.");
        await using var check = host.Db();
        (await check.PaymentAgreements.SingleAsync(TestContext.Current.CancellationToken)).DecidedBy!.ShouldContain("supervisor@cartera.test");
    }
}
