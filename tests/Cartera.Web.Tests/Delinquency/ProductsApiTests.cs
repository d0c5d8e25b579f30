using System.Net;
using System.Net.Http.Json;
using Cartera.Application.Delinquency;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Delinquency;

/// <summary>Issue 11 item 5: <c>/api/v1/products</c> — list, one, change with the page's rules, roles and audit (both providers).</summary>
public sealed class ProductsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Admins_change_a_products_back_dating_window_others_read_and_errors_name_their_fields(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        await host.AddObligationAsync(debtor.Id, "O-1", product: "microcredito");
        var admin = await host.ClientForAsync("admin@cartera.test");
        var supervisor = await host.ClientForAsync("supervisor@cartera.test");
        var collector = await host.ClientForAsync("gestor@cartera.test");

        var list = await (await supervisor.Get("/api/v1/products")).ReadJsonAsync();
        var one = await (await admin.Get("/api/v1/products/microcredito")).ReadJsonAsync();
        var forbiddenRead = await collector.Get("/api/v1/products");
        var forbiddenWrite = await supervisor.PutAsJsonAsync("/api/v1/products/microcredito", new { backdate_window_days = 400 }, Ct);
        var saved = await admin.PutAsJsonAsync("/api/v1/products/microcredito", new { backdate_window_days = 400, allocation = new { prepayment = "credit_balance" } }, Ct);
        var invalid = await admin.PutAsJsonAsync("/api/v1/products/microcredito", new { backdate_window_days = -1, fee_rate = 2, colour = "red" }, Ct);
        var invalidValues = await admin.PutAsJsonAsync("/api/v1/products/microcredito", new { backdate_window_days = -1, fee_rate = 2, provision_by_category = new { E = 1.5 } }, Ct);
        var wrongKind = await admin.PutAsJsonAsync("/api/v1/products/microcredito", new { write_off_dpd = "many" }, Ct);
        var notFound = await admin.Get("/api/v1/products/nada");

        list.GetArrayLength().ShouldBe(1);
        list[0].GetProperty("code").GetString().ShouldBe("microcredito");
        list[0].GetProperty("stored").GetBoolean().ShouldBeFalse();
        list[0].GetProperty("obligations").GetInt32().ShouldBe(1);
        one.GetProperty("settings").GetProperty("backdate_window_days").GetInt32().ShouldBe(30);
        one.GetProperty("settings").GetProperty("classification").GetString().ShouldBe("microcredit");
        forbiddenRead.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        forbiddenWrite.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var stored = (await saved.ReadJsonAsync()).GetProperty("settings");
        stored.GetProperty("backdate_window_days").GetInt32().ShouldBe(400);
        stored.GetProperty("allocation").GetProperty("prepayment").GetString().ShouldBe("credit_balance");
        stored.GetProperty("allocation").GetProperty("strategy").GetString().ShouldBe("installment_first", "fields not named keep their value");
        stored.GetProperty("classification").GetString().ShouldBe("microcredit", "the product's defaults, not the consumer ones");
        stored.GetProperty("write_off_dpd").GetInt32().ShouldBe(120);

        invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await invalid.ReadJsonAsync();
        problem.GetProperty("field").GetString().ShouldBe("colour");
        problem.GetProperty("code").GetString().ShouldBe("unknown_field");
        invalidValues.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await invalidValues.ReadJsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        errors.ShouldBe(["backdate_window_days", "fee_rate", "provision_by_category.E"], ignoreOrder: true);
        wrongKind.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await wrongKind.ReadJsonAsync()).GetProperty("field").GetString().ShouldBe("write_off_dpd");
        notFound.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await using var db = host.Db();
        var catalog = await new ProductCatalog(db).ForCodeAsync("microcredito", Ct);
        catalog.BackdateWindowDays.ShouldBe(400, "the rejected changes stored nothing");
        (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityType.Contains("ProductConfiguration"), Ct)).ShouldBe(1);
    }
}
