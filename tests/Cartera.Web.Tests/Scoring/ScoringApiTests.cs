using System.Net;
using Cartera.Application.Identity;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Scoring;

/// <summary>The score endpoints and pages: object-level access, reasons in Spanish, segments with counts and balances.</summary>
public sealed class ScoringApiTests
{
    private static readonly DateOnly Date = new(2026, 3, 19);

    private static async Task<(long Mine, long Other)> SeedAsync(CarteraHost host, string collectorId)
    {
        var mine = await host.AddDebtorAsync("D-MINE", "Ana María Rojas", "52123456");
        var other = await host.AddDebtorAsync("D-OTHER", "Carlos Pérez", "79123456");
        await host.AssignAsync(mine.Id, collectorId);
        await using var db = host.Db();
        var model = new StoredScoringModel { ModelVersion = "portfolio-gbt-test", Kind = "gbt", Algorithm = "lightgbm", DataAsOf = Date, DataSha256 = "ab", TrainedBy = "test", TrainedAt = CarteraHost.Now, Artifact = [1], Active = true };
        db.ScoringModels.Add(model);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        const string reasons = """[{"key":"dpd_now","lowers_payment":true,"es":"Días de mora hoy: 45","en":"Days past due today: 45"}]""";
        db.DebtorScores.AddRange(
            new DebtorScore { BusinessDate = Date, DebtorId = mine.Id, Probability = 0.31, Segment = "high|medium|31-90", RiskBand = "high", BalanceBand = "medium", DpdBand = "31-90", Dpd = 45, BalanceMinor = 500_000_000, CurrencyCode = "COP", ReasonsJson = reasons, ModelId = model.Id },
            new DebtorScore { BusinessDate = Date, DebtorId = other.Id, Probability = 0.92, Segment = "low|small|current", RiskBand = "low", BalanceBand = "small", DpdBand = "current", Dpd = 0, BalanceMinor = 10_000_000, CurrencyCode = "COP", ReasonsJson = "[]", ModelId = model.Id });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (mine.Id, other.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_reads_the_score_of_an_assigned_debtor_only_and_segments_count_only_assigned_debtors(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var (mine, other) = await SeedAsync(host, collector.Id);
        var client = await host.ClientForAsync("gestor@cartera.test");

        var score = await client.Get($"/api/v1/debtors/{mine}/score");
        score.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await score.ReadJsonAsync();
        body.GetProperty("probability").GetDouble().ShouldBe(0.31);
        body.GetProperty("segment").GetString().ShouldBe("high|medium|31-90");
        body.GetProperty("reasons")[0].GetProperty("es").GetString().ShouldBe("Días de mora hoy: 45");
        body.GetProperty("actions").GetArrayLength().ShouldBeGreaterThan(1);
        (await client.Get($"/api/v1/debtors/{other}/score")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var segments = await (await client.Get("/api/v1/scoring/segments?date=2026-03-19")).ReadJsonAsync();
        segments.GetProperty("segments").GetArrayLength().ShouldBe(1);
        segments.GetProperty("segments")[0].GetProperty("debtors").GetInt32().ShouldBe(1);
        segments.GetProperty("total").GetInt32().ShouldBe(1);

        var admin = await host.ClientForAsync("admin@cartera.test");
        var all = await (await admin.Get("/api/v1/scoring/segments")).ReadJsonAsync();
        all.GetProperty("segments").GetArrayLength().ShouldBe(2);
        all.GetProperty("debtors")[0].GetProperty("debtor_id").GetInt64().ShouldBe(mine); // lowest payment probability first
        (await admin.Get("/api/v1/scoring/segments?date=19-03-2026")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("gestor@cartera.test", CarteraHost.Password);
        var page = await browser.GetHtmlAsync($"/deudores/{mine}");
        page.ShouldContain("Puntaje de pago");
        page.ShouldContain("Días de mora hoy: 45");
        page.ShouldContain("Riesgo alto");
        var list = await browser.GetHtmlAsync("/segmentos");
        list.ShouldContain("Segmentos y puntaje");
        list.ShouldContain("Ana María Rojas");
        list.ShouldNotContain("Carlos Pérez");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_score_recommends_only_lawful_actions_and_says_why_the_others_are_left_out(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var (mine, _) = await SeedAsync(host, collector.Id);
        await using (var db = host.Db())
        {
            // Call consent given, then revoked; the e-mail address is marked do-not-contact; SMS consent stands.
            var debtor = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.Include(db.Debtors, d => d.Consents), d => d.Id == mine, TestContext.Current.CancellationToken);
            debtor.RecordConsent(Cartera.Domain.Portfolio.ConsentChannel.Calls, Cartera.Domain.Portfolio.ConsentPurpose.Collection, true, "system", "signed_form", null, CarteraHost.Now.AddDays(-10));
            debtor.RecordConsent(Cartera.Domain.Portfolio.ConsentChannel.Calls, Cartera.Domain.Portfolio.ConsentPurpose.Collection, false, "system", "phone", null, CarteraHost.Now.AddDays(-1));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var client = await host.ClientForAsync("gestor@cartera.test");
        var body = await (await client.Get($"/api/v1/debtors/{mine}/score")).ReadJsonAsync();

        var actions = body.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("code").GetString()).ToList();
        actions.ShouldBe(["sms", "none", "agreement"]);
        var excluded = body.GetProperty("excluded_actions").EnumerateArray().ToDictionary(
            e => e.GetProperty("code").GetString()!,
            e => e.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList());
        excluded["call"].ShouldBe(["unauthorized_channel"]);
        excluded["email"].ShouldBe(["unauthorized_channel", "contact_point_do_not_contact"]);
        excluded["visit"].ShouldBe(["unauthorized_channel"]);
        var callReason = body.GetProperty("excluded_actions").EnumerateArray().Single(e => e.GetProperty("code").GetString() == "call").GetProperty("reasons")[0];
        callReason.GetProperty("es").GetString().ShouldBe("El deudor no autorizó este canal o se opuso a él");
        callReason.GetProperty("en").GetString().ShouldBe("The debtor has not authorized this channel or opted out of it");

        using var browser = new FormClient(host.Address);
        await browser.SignInAsync("gestor@cartera.test", CarteraHost.Password);
        var page = await browser.GetHtmlAsync($"/deudores/{mine}");
        var next = System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"score-next-action\">([^<]*)<").Groups[1].Value;
        next.ShouldBe("SMS");
        page.ShouldContain("Acciones descartadas y por qué");
        page.ShouldContain("<li data-code=\"call\"><strong>Llamada</strong>: El deudor no autorizó este canal o se opuso a él</li>");
        page.ShouldContain("Los datos de contacto de este canal están marcados como no contactar");
    }
}
