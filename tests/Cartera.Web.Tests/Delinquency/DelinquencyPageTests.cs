using System.Net;
using Cartera.Application.Delinquency;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cartera.Web.Tests.Support.HtmlText;

namespace Cartera.Web.Tests.Delinquency;

/// <summary>The delinquency pages: aging, the obligation's explanation, the cap table and product settings admin.</summary>
public sealed partial class PageTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_aging_page_groups_a_closed_date_by_bucket_and_category_and_drills_down_to_the_obligations(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        await using (var db = host.Db())
        {
            await DelinquencyPortfolio.SeedAsync(db);
        }

        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("supervisora@cartera.test", CarteraHost.Password);

        var page = await browser.GetHtmlAsync("/cartera/mora");
        var bucket = await browser.GetHtmlAsync("/cartera/mora?fecha=2026-03-20&tramo=31-60");
        var categoryB = await browser.GetHtmlAsync("/cartera/mora?fecha=2026-03-20&categoria=B");
        var medellin = await browser.GetHtmlAsync("/cartera/mora?fecha=2026-03-20&sucursal=Medell%C3%ADn&categoria=B");
        var notClosed = await browser.GetHtmlAsync("/cartera/mora?fecha=2026-03-21");

        page.ShouldContain("Cartera por altura de mora");
        Section(page, "aging-buckets").ShouldContain("31-60");
        Section(page, "aging-buckets").ShouldContain("61-90");
        Section(page, "aging-buckets").ShouldContain("Al día");
        Section(page, "aging-buckets").ShouldContain("31–60 días");
        Section(page, "aging-buckets").ShouldNotContain(">current<");
        Section(page, "aging-categories").ShouldContain(">B</a>");
        Section(page, "aging-categories").ShouldContain(">C</a>");
        Section(bucket, "aging-obligations").ShouldContain("CR-0001");
        Section(bucket, "aging-obligations").ShouldNotContain("CR-0002");
        Section(bucket, "aging-obligations").ShouldContain("Ana María Rojas");
        Section(categoryB, "aging-obligations").ShouldContain("CR-0002", Case.Sensitive, "current but B by arrastre");
        Section(medellin, "aging-obligations").ShouldContain("CR-0002");
        Section(medellin, "aging-obligations").ShouldNotContain("CR-0001");
        notClosed.ShouldContain("La fecha 21/03/2026 no está cerrada. Última fecha cerrada: 20/03/2026.");
    }

    [Fact]
    public async Task A_collector_sees_only_the_aging_of_assigned_debtors()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        await using (var db = host.Db())
        {
            var seeded = await DelinquencyPortfolio.SeedAsync(db);
            await host.AssignAsync(seeded.Carlos.Id, collector.Id);
        }

        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("gestor@cartera.test", CarteraHost.Password);

        var page = await browser.GetHtmlAsync("/cartera/mora");
        var late = await browser.GetHtmlAsync("/cartera/mora?fecha=2026-03-20&tramo=61-90");
        var hidden = await browser.GetHtmlAsync("/cartera/mora?fecha=2026-03-20&tramo=31-60");

        Section(page, "aging-buckets").ShouldContain("61-90");
        Section(page, "aging-buckets").ShouldNotContain("31-60");
        Section(late, "aging-obligations").ShouldContain("=CR-0003");
        hidden.ShouldContain("0 obligaciones");
        hidden.ShouldNotContain("CR-0001");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_obligation_page_explains_dpd_and_arrears_segment_by_segment_for_a_chosen_date(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        DelinquencyExplanation expected;
        long loanId;
        await using (var db = host.Db())
        {
            var seeded = await DelinquencyPortfolio.SeedAsync(db);
            loanId = seeded.AnaLate.Id;
            expected = await new DelinquencyExplainer(db).ExplainAsync(loanId, new DateOnly(2026, 3, 20), TestContext.Current.CancellationToken);
        }

        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("supervisora@cartera.test", CarteraHost.Password);

        var page = await browser.GetHtmlAsync($"/obligaciones/{loanId}?fecha=2026-03-20");
        var english = await browser.GetHtmlAsync($"/obligaciones/{loanId}?fecha=2026-03-20", english: true);
        var noCap = await browser.GetHtmlAsync($"/obligaciones/{loanId}?fecha=2027-02-01");

        page.ShouldContain("¿Cómo se calculó?");
        Between(page, "data-testid=\"explain-dpd\">", "<").ShouldBe("33");
        Between(page, "data-testid=\"explain-bucket\">", "<").ShouldBe("31–60 días");
        Between(page, "data-testid=\"explain-classification\">", "<").ShouldBe("B");
        page.ShouldContain("20/03/2026 − 15/02/2026 = 33 días");
        var segments = Section(page, "explain-segments");
        expected.Segments.Count.ShouldBe(2, "installment 2 since 2026-02-16 and installment 3 since 2026-03-16");
        var segment = expected.Segments[0];
        (segment.From, segment.To, segment.Days).ShouldBe((new DateOnly(2026, 2, 16), new DateOnly(2026, 3, 20), 33));
        segments.ShouldContain("16/02/2026");
        segments.ShouldContain("24,36 %");
        segments.ShouldContain("limitó la tasa");
        segments.ShouldContain(Cartera.Web.Shared.Formats.Money(segment.PerDay, "COP", System.Globalization.CultureInfo.GetCultureInfo("es-CO")));
        segments.ShouldContain(Cartera.Web.Shared.Formats.Money(segment.Amount, "COP", System.Globalization.CultureInfo.GetCultureInfo("es-CO")));
        Between(page, "data-testid=\"explain-snapshot\">", "<").ShouldBe("Coincide con este cálculo");
        english.ShouldContain("How was it calculated?");
        english.ShouldContain("capped the rate");

        // The cap table ends in 2026-12: the page computes with the last cap carried forward and says so (issue 11 item 3).
        var noCapEnglish = await browser.GetHtmlAsync($"/obligaciones/{loanId}?fecha=2027-02-01", english: true);
        noCap.ShouldNotContain("explain-error");
        Between(noCap, "data-testid=\"explain-cap-assumed\">", "<").ShouldContain("Tasa de usura supuesta");
        Between(noCap, "data-testid=\"explain-cap-assumed\">", "<").ShouldContain("consumo_ordinario para 2027-01, 2027-02");
        Section(noCap, "explain-segments").ShouldContain("tasa supuesta");
        Between(noCapEnglish, "data-testid=\"explain-cap-assumed\">", "<").ShouldContain("Assumed usury cap: no certification of consumo_ordinario is stored for 2027-01, 2027-02");

        // A closed date whose snapshots rest on the carried cap: the aging page warns, in Spanish and English.
        await using (var db = host.Db())
        {
            await DelinquencyPortfolio.CloseAsync(db, new DateOnly(2027, 2, 1));
        }

        var aging = await browser.GetHtmlAsync("/cartera/mora?fecha=2027-02-01");
        var agingEnglish = await browser.GetHtmlAsync("/cartera/mora?fecha=2027-02-01", english: true);
        var agingBefore = await browser.GetHtmlAsync("/cartera/mora?fecha=2026-03-20");
        Between(aging, "data-testid=\"aging-cap-assumed\">", "<").ShouldContain("se calcularon con una tasa de usura supuesta");
        Between(agingEnglish, "data-testid=\"aging-cap-assumed\">", "<").ShouldContain("were computed with an assumed usury cap");
        agingBefore.ShouldNotContain("aging-cap-assumed");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_adds_and_edits_cap_rows_through_the_form_and_overlaps_are_refused(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        using var admin = new FormClient(host.Address);
        using var supervisor = new FormClient(host.Address);
        await admin.SignInAsync("admin@cartera.test", CarteraHost.Password);
        await supervisor.SignInAsync("supervisora@cartera.test", CarteraHost.Password);
        var fields = new Dictionary<string, string>
        {
            ["modality"] = "consumo_ordinario",
            ["validFrom"] = "2026-04-01",
            ["validTo"] = "2026-04-30",
            ["usuryEa"] = "0,2553",
            ["bankingCurrentEa"] = "0.1702",
            ["source"] = "Resolución de prueba",
            ["verified"] = "on",
        };

        var saved = await admin.PostFormFromPageAsync("/admin/tasas", "/admin/tasas/guardar", fields);
        var overlap = await admin.PostFormFromPageAsync("/admin/tasas", "/admin/tasas/guardar", new Dictionary<string, string>(fields) { ["validFrom"] = "2026-04-15", ["validTo"] = "2026-05-15" });
        var denied = await supervisor.GetAsync("/admin/tasas");

        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        saved.Headers.Location!.ToString().ShouldStartWith("/admin/tasas?jurisdiccion=CO&ok=");
        overlap.Headers.Location!.ToString().ShouldContain("error=overlapping_caps");
        (await admin.GetHtmlAsync(overlap.Headers.Location!.ToString())).ShouldContain("No se guardó");
        denied.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        await using var db = host.Db();
        var row = await db.UsuryCaps.SingleAsync(TestContext.Current.CancellationToken);
        (row.UsuryEa, row.BankingCurrentEa, row.Verified).ShouldBe((0.2553m, (decimal?)0.1702m, true));
        (await db.AuditEntries.CountAsync(a => a.EntityType == "UsuryCapRow" && a.Actor.EndsWith(":admin@cartera.test"), TestContext.Current.CancellationToken)).ShouldBe(1);

        var edited = await admin.PostFormFromPageAsync($"/admin/tasas?editar={row.Id}", "/admin/tasas/guardar", new Dictionary<string, string>(fields) { ["id"] = CarteraHost.Id(row.Id), ["validTo"] = "2026-04-29", ["verified"] = "" });
        edited.Headers.Location!.ToString().ShouldStartWith("/admin/tasas?jurisdiccion=CO&ok=");
        await using var after = host.Db();
        (await after.UsuryCaps.SingleAsync(TestContext.Current.CancellationToken)).ValidTo.ShouldBe(new DateOnly(2026, 4, 29));
        var list = await admin.GetHtmlAsync("/admin/tasas");
        Section(list, "caps-consumo_ordinario").ShouldContain("25,53 %");
        Section(list, "caps-consumo_ordinario").ShouldContain("sin verificar");
        Section(list, "caps-jurisdiction").ShouldContain("Colombia");
        Section(list, "caps-jurisdiction").ShouldContain("México");

        // Another jurisdiction's table is its own: Mexico has no row, and a row saved there stays Mexican.
        var mexico = await admin.GetHtmlAsync("/admin/tasas?jurisdiccion=MX");
        mexico.ShouldNotContain("caps-consumo_ordinario");
        var mexican = await admin.PostFormFromPageAsync("/admin/tasas?jurisdiccion=MX", "/admin/tasas/guardar", new Dictionary<string, string>(fields) { ["jurisdiction"] = "MX", ["usuryEa"] = "0.9", ["bankingCurrentEa"] = "" });
        mexican.Headers.Location!.ToString().ShouldStartWith("/admin/tasas?jurisdiccion=MX&ok=");
        await using var last = host.Db();
        (await last.UsuryCaps.CountAsync(c => c.Jurisdiction == "MX", TestContext.Current.CancellationToken)).ShouldBe(1);
    }

    [Fact]
    public async Task An_admin_saves_product_settings_and_a_bad_bucket_list_is_refused()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        using var admin = new FormClient(host.Address);
        await admin.SignInAsync("admin@cartera.test", CarteraHost.Password);
        var fields = new Dictionary<string, string>
        {
            ["code"] = "libranza",
            ["classification"] = "consumer",
            ["capModality"] = "consumo_ordinario",
            ["strategy"] = "component_first",
            ["componentOrder"] = "fee, other, arrears_interest, interest, insurance, principal",
            ["prepayment"] = "credit_balance",
            ["buckets"] = "al-dia,0,0\nmora-30,1,30\nmora-mas,31,",
            ["toleranceMinor"] = "500",
            ["backdateWindowDays"] = "10",
            ["writeOffDpd"] = "150",
            ["feeRate"] = "0.1",
            ["feeCapMinor"] = "5000000",
            ["provisionA"] = "0.01",
            ["provisionB"] = "0.05",
            ["provisionC"] = "0.2",
            ["provisionD"] = "0.6",
            ["provisionE"] = "1",
            ["futureWindowDays"] = "15",
            ["maxAmountMajor"] = "5000000",
            ["maxAmountByCurrency"] = "COP=2500000; usd=1000",
            ["excessCreditBalanceInstallments"] = "2",
        };

        var form = await admin.GetHtmlAsync("/admin/productos?codigo=libranza");
        var saved = await admin.PostFormFromPageAsync("/admin/productos?codigo=libranza", "/admin/productos/guardar", fields);
        var bad = await admin.PostFormFromPageAsync("/admin/productos?codigo=libranza", "/admin/productos/guardar", new Dictionary<string, string>(fields) { ["buckets"] = "a,0,5\nb,7," });

        form.ShouldContain("current,0,0");
        saved.Headers.Location!.ToString().ShouldBe("/admin/productos?codigo=libranza&ok=1");
        bad.Headers.Location!.ToString().ShouldContain("error=invalid_buckets");
        await using var db = host.Db();
        var settings = await new ProductCatalog(db).ForCodeAsync("libranza", TestContext.Current.CancellationToken);
        settings.Buckets.Select(b => b.Label).ShouldBe(["al-dia", "mora-30", "mora-mas"]);
        settings.Allocation.Strategy.ShouldBe(Cartera.Domain.Delinquency.AllocationStrategy.ComponentFirst);
        settings.Allocation.Prepayment.ShouldBe(Cartera.Domain.Delinquency.PrepaymentPolicy.CreditBalance);
        (settings.ToleranceMinor, settings.BackdateWindowDays, settings.WriteOffDpd, settings.FeeRate, settings.FeeCapMinor).ShouldBe((500L, 10, 150, 0.1m, (long?)5_000_000));
        settings.ProvisionByCategory["D"].ShouldBe(0.6m);
        (settings.FutureWindowDays, settings.MaxAmountMajor, settings.ExcessCreditBalanceInstallments).ShouldBe((15, 5_000_000m, 2m));
        settings.MaxAmountMajorByCurrency.OrderBy(p => p.Key).ShouldBe([new("COP", 2_500_000m), new("USD", 1_000m)]);
        (await admin.GetHtmlAsync("/admin/productos?codigo=libranza")).ShouldContain("mora-mas,31,");
    }
}
