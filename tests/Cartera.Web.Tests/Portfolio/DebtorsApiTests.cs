using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Portfolio;

public sealed class DebtorsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_supervisor_creates_a_debtor_and_an_obligation_and_both_are_audited_with_the_supervisor(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var supervisor = await host.AddUserAsync("supervisora@cartera.test", Roles.Supervisor);
        var client = await host.ClientForAsync("supervisora@cartera.test");

        var created = await client.PostJsonAsync("/api/v1/debtors", Json.NewDebtor("D-100"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var debtor = await created.ReadJsonAsync();
        var debtorId = debtor.GetProperty("id").GetInt64();
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/debtors/{debtorId}");
        debtor.GetProperty("id_number").GetString().ShouldBe("900123456-8");
        debtor.GetProperty("time_zone").GetString().ShouldBe("America/Bogota");
        debtor.GetProperty("contact_points").GetArrayLength().ShouldBe(2);

        var loan = await client.PostJsonAsync("/api/v1/obligations", Json.NewObligation(debtorId, "CR-100"));
        loan.StatusCode.ShouldBe(HttpStatusCode.Created);
        var obligation = await loan.ReadJsonAsync();
        obligation.GetProperty("installments").GetArrayLength().ShouldBe(12);
        obligation.GetProperty("principal").GetProperty("amount").GetString().ShouldBe("10000000.00");
        obligation.GetProperty("balance").GetProperty("currency").GetString().ShouldBe("COP");
        obligation.GetProperty("ledger")[0].GetProperty("kind").GetString().ShouldBe("disbursement");

        await using var db = host.Db();
        var actor = $"user:{supervisor.Id}:supervisora@cartera.test";
        var audit = await db.AuditEntries.Where(a => a.Action == "create" && (a.EntityType == "Debtor" || a.EntityType == "Obligation")).ToListAsync(TestContext.Current.CancellationToken);
        audit.Select(a => a.EntityType).Order().ShouldBe(["Debtor", "Obligation"]);
        audit.ShouldAllBe(a => a.Actor == actor && a.Source == "127.0.0.1");
        var ledger = await db.LedgerEntries.SingleAsync(TestContext.Current.CancellationToken);
        ledger.CreatedBy.ShouldBe(actor);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_invalid_NIT_check_digit_is_a_422_problem_naming_the_field(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var client = await host.ClientForAsync("admin@cartera.test");

        var response = await client.PostJsonAsync("/api/v1/debtors", Json.NewDebtor("D-1", idNumber: "900123456-7"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadJsonAsync();
        problem.GetProperty("status").GetInt32().ShouldBe(422);
        problem.GetProperty("code").GetString().ShouldBe("invalid_nit_check_digit");
        problem.GetProperty("field").GetString().ShouldBe("id_number");
    }

    [Fact]
    public async Task An_unknown_kind_or_country_is_a_422_naming_the_field()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var client = await host.ClientForAsync("admin@cartera.test");

        var badKind = await client.PostJsonAsync("/api/v1/debtors", new { external_id = "D-1", kind = "alien", id_type = "CC", id_number = "52123456", full_name = "Ana", country = "CO" });
        var badCountry = await client.PostJsonAsync("/api/v1/debtors", new { external_id = "D-1", kind = "person", id_type = "CC", id_number = "52123456", full_name = "Ana", country = "ZZ" });

        (await badKind.ReadJsonAsync()).GetProperty("field").GetString().ShouldBe("kind");
        badCountry.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await badCountry.ReadJsonAsync()).GetProperty("field").GetString().ShouldBe("country");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_duplicate_external_id_or_identity_is_a_409(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var client = await host.ClientForAsync("admin@cartera.test");
        (await client.PostJsonAsync("/api/v1/debtors", Json.NewDebtor("D-1"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var sameId = await client.PostJsonAsync("/api/v1/debtors", Json.NewDebtor("D-1", idNumber: "800197268"));
        var sameDocument = await client.PostJsonAsync("/api/v1/debtors", Json.NewDebtor("D-2"));

        sameId.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await sameId.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("duplicate_external_id");
        sameDocument.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await sameDocument.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("duplicate_identity");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var client = await host.ClientForAsync("admin@cartera.test");

        using var body = new StringContent("{ \"external_id\": ", System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/api/v1/debtors", UriKind.Relative), body, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("bad_request");
        problem.TryGetProperty("exception", out _).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_debtor_list_pages_and_filters(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        for (var i = 1; i <= 7; i++)
        {
            await host.AddDebtorAsync($"D-{i:00}", $"Deudor {i:00}", $"5210000{i}", segment: i % 2 == 0 ? "pyme" : "personas");
        }

        var mx = await host.AddDebtorAsync("D-MX", "Lucía Hernández", "HEGL850412MDFRRC09", country: "MX", idType: Domain.Portfolio.IdType.CURP);
        var other = await host.AddDebtorAsync("D-LOAN", "Jorge Gómez", "80111222");
        await host.AddObligationAsync(other.Id, "CR-777");
        var client = await host.ClientForAsync("analista@cartera.test");

        var page2 = await (await client.Get("/api/v1/debtors?q=Deudor&page=2&pageSize=3")).ReadJsonAsync();
        page2.GetProperty("total").GetInt32().ShouldBe(7);
        page2.GetProperty("page").GetInt32().ShouldBe(2);
        page2.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("full_name").GetString()).ShouldBe(["Deudor 04", "Deudor 05", "Deudor 06"]);

        (await (await client.Get("/api/v1/debtors?segment=pyme")).ReadJsonAsync()).GetProperty("total").GetInt32().ShouldBe(3);
        var byCountry = await (await client.Get("/api/v1/debtors?country=mx")).ReadJsonAsync();
        byCountry.GetProperty("items")[0].GetProperty("id").GetInt64().ShouldBe(mx.Id);
        var byIdNumber = await (await client.Get("/api/v1/debtors?q=52100003")).ReadJsonAsync();
        byIdNumber.GetProperty("items")[0].GetProperty("external_id").GetString().ShouldBe("D-03");
        var byObligation = await (await client.Get("/api/v1/debtors?q=CR-777")).ReadJsonAsync();
        byObligation.GetProperty("items")[0].GetProperty("id").GetInt64().ShouldBe(other.Id);
        var byName = await (await client.Get("/api/v1/debtors?q=lucía")).ReadJsonAsync();
        byName.GetProperty("total").GetInt32().ShouldBe(1);

        var tooBig = await client.Get("/api/v1/debtors?pageSize=201");
        tooBig.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await tooBig.ReadJsonAsync()).GetProperty("field").GetString().ShouldBe("pageSize");
    }

    [Fact]
    public async Task A_debtor_comes_with_contact_points_and_current_consents()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await host.AddUserAsync("analista@cartera.test", Roles.Analyst);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var client = await host.ClientForAsync("analista@cartera.test");

        var json = await (await client.Get($"/api/v1/debtors/{debtor.Id}")).ReadJsonAsync();

        json.GetProperty("full_name").GetString().ShouldBe("Ana María Rojas");
        var email = json.GetProperty("contact_points").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "email");
        email.GetProperty("do_not_contact").GetBoolean().ShouldBeTrue();
        var consent = json.GetProperty("consents")[0];
        consent.GetProperty("channel").GetString().ShouldBe("sms");
        consent.GetProperty("granted").GetBoolean().ShouldBeTrue();
    }
}
