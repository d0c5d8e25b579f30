using Cartera.Application.Identity;
using Cartera.Application.Payments;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using static Cartera.Web.Tests.Support.HtmlText;

namespace Cartera.Web.Tests.Delinquency;

/// <summary>Issue 11 item 4: after a back-dated payment, the aging and obligation pages say the closed figures are
/// pending recompute (Spanish and English) instead of showing them as current.</summary>
public sealed partial class PageTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task After_a_back_dated_payment_the_aging_and_obligation_pages_say_the_closed_figures_are_pending_recompute(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        var seedDb = host.Db();
        var seeded = await DelinquencyPortfolio.SeedAsync(seedDb);
        await seedDb.DisposeAsync();

        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("supervisora@cartera.test", CarteraHost.Password);
        (await browser.GetHtmlAsync("/cartera/mora?fecha=2026-03-20")).ShouldNotContain("data-testid=\"pending-recompute\"");
        (await browser.GetHtmlAsync($"/obligaciones/{seeded.AnaLate.Id}")).ShouldNotContain("data-testid=\"pending-recompute\"");

        // Business date 2026-03-21 (the day after the last close): a payment value-dated 2026-03-10.
        await using (var db = host.Db())
        {
            await new PaymentPosting(db).PostAsync(new PostPaymentCommand(seeded.AnaLate.Id, 1_000m, "COP", new DateOnly(2026, 3, 10), PaymentChannel.Bank, null, "late-1"), TestContext.Current.CancellationToken);
        }

        var aging = await browser.GetHtmlAsync("/cartera/mora?fecha=2026-03-20");
        var agingEn = await browser.GetHtmlAsync("/cartera/mora?fecha=2026-03-20", english: true);
        var obligation = await browser.GetHtmlAsync($"/obligaciones/{seeded.AnaCurrent.Id}");
        var obligationEn = await browser.GetHtmlAsync($"/obligaciones/{seeded.AnaCurrent.Id}", english: true);
        var other = await browser.GetHtmlAsync($"/obligaciones/{seeded.CarlosLoan.Id}");

        Section(aging, "pending-recompute").ShouldContain("Pendiente de recálculo: 1 deudor(es)");
        Section(agingEn, "pending-recompute").ShouldContain("Pending recompute: 1 debtor(s)");
        Section(obligation, "pending-recompute").ShouldContain("(10/03/2026 a 20/03/2026)");
        Section(obligationEn, "pending-recompute").ShouldContain("Pending recompute");
        other.ShouldNotContain("data-testid=\"pending-recompute\"");
    }
}
