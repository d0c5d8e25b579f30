using System.Net;
using System.Net.Http.Json;
using Cartera.Application.Delinquency;
using Cartera.Application.Identity;
using Cartera.Domain.Delinquency;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Payments;

public sealed class PaymentsApiTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    internal static async Task AddCapAsync(CarteraHost host)
    {
        await using var db = host.Db();
        db.UsuryCaps.Add(new UsuryCapRow { Jurisdiction = "CO", Modality = CapModalities.ConsumerAndOrdinary, ValidFrom = new(2025, 1, 1), ValidTo = new(2027, 12, 31), UsuryEa = 0.2436m, Source = "test" });
        await db.SaveChangesAsync(Ct);
    }

    internal static object Body(long obligationId, string amount, string receivedOn = "2026-03-20", string currency = "COP", string channel = "bank") => new
    {
        obligation_id = obligationId,
        amount = new { amount, currency },
        received_on = receivedOn,
        channel,
        reference = "consignación 123",
    };

    internal static Task<HttpResponseMessage> PostPaymentAsync(HttpClient client, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request, Ct);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_payment_is_created_with_its_allocation_repeated_with_200_and_a_different_body_is_409(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await AddCapAsync(host);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var loan = await host.AddObligationAsync(debtor.Id, "CR-1", principal: 1_200_000m);
        var client = await host.ClientForAsync("supervisor@cartera.test");

        var created = await PostPaymentAsync(client, Body(loan.Id, "150000.00"), "pay-1");
        var repeated = await PostPaymentAsync(client, Body(loan.Id, "150000.00"), "pay-1");
        var conflict = await PostPaymentAsync(client, Body(loan.Id, "150000.01"), "pay-1");
        var missingKey = await PostPaymentAsync(client, Body(loan.Id, "1.00"), null);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var json = await created.ReadJsonAsync();
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/payments/{json.GetProperty("id").GetInt64()}");
        json.GetProperty("status").GetString().ShouldBe("posted");
        json.GetProperty("amount").GetProperty("amount").GetString().ShouldBe("150000.00");
        var allocation = json.GetProperty("allocation").EnumerateArray().ToList();
        allocation[0].GetProperty("installment_number").GetInt32().ShouldBe(1);
        allocation[0].GetProperty("component").GetString().ShouldBe("arrears_interest");
        allocation.Sum(l => decimal.Parse(l.GetProperty("amount").GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(150_000m);

        repeated.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await repeated.Content.ReadAsStringAsync(Ct)).ShouldBe(await created.Content.ReadAsStringAsync(Ct));
        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await conflict.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("idempotency_mismatch");
        missingKey.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missingKey.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("idempotency_key_required");

        var listed = await (await client.Get($"/api/v1/obligations/{loan.Id}/payments")).ReadJsonAsync();
        listed.GetArrayLength().ShouldBe(1);
        var obligation = await (await client.Get($"/api/v1/obligations/{loan.Id}")).ReadJsonAsync();
        obligation.GetProperty("installments")[0].GetProperty("interest_paid").GetProperty("amount").GetString().ShouldNotBe("0.00");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rule_errors_are_422_with_their_code_and_reversal_and_refund_work_through_the_api(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await AddCapAsync(host);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var loan = await host.AddObligationAsync(debtor.Id, "CR-1", principal: 1_200_000m);
        var client = await host.ClientForAsync("admin@cartera.test");

        async Task<string?> Code(object body, string key)
        {
            var response = await PostPaymentAsync(client, body, key);
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            return (await response.ReadJsonAsync()).GetProperty("code").GetString();
        }

        (await Code(Body(loan.Id, "100.00", currency: "USD"), "e1")).ShouldBe("currency_mismatch");
        (await Code(Body(loan.Id, "0"), "e2")).ShouldBe("invalid_amount");
        (await Code(Body(loan.Id, "100.00", receivedOn: "2026-01-01"), "e3")).ShouldBe("outside_window");
        (await Code(Body(999_999, "100.00"), "e4")).ShouldBe("unknown_obligation");
        (await Code(Body(loan.Id, "100.00", channel: "pigeon"), "e5")).ShouldBe("invalid_code");

        // 1,400,000.00 on a 1,200,000.00 loan leaves a credit balance within the payoff + 1 installment limit.
        var big = await (await PostPaymentAsync(client, Body(loan.Id, "1400000.00"), "big")).ReadJsonAsync();
        var credit = big.GetProperty("allocation").EnumerateArray().Single(l => l.GetProperty("component").GetString() == "credit_balance");
        credit.GetProperty("amount").GetProperty("amount").GetString().ShouldNotBe("0.00");
        var tooMuch = await client.PostJsonAsync($"/api/v1/obligations/{loan.Id}/refunds", new { amount = new { amount = "9999999.00", currency = "COP" }, reason = "devolución" });
        tooMuch.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await tooMuch.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("insufficient_credit_balance");
        var refund = await client.PostJsonAsync($"/api/v1/obligations/{loan.Id}/refunds", new { amount = new { amount = "100.00", currency = "COP" }, reason = "devolución" });
        refund.StatusCode.ShouldBe(HttpStatusCode.Created);

        var reversal = await client.PostJsonAsync($"/api/v1/payments/{big.GetProperty("id").GetInt64()}/reversal", new { reason = "cheque devuelto" });
        reversal.StatusCode.ShouldBe(HttpStatusCode.OK);
        var reversed = await reversal.ReadJsonAsync();
        reversed.GetProperty("status").GetString().ShouldBe("reversed");
        reversed.GetProperty("allocation").GetArrayLength().ShouldBe(0);
        var noReason = await client.PostJsonAsync($"/api/v1/payments/{big.GetProperty("id").GetInt64()}/reversal", new { reason = "" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Collectors_read_only_their_debtors_payments_and_cannot_post()
    {
        await using var host = await CarteraHost.StartAsync(TestDatabase.Sqlite);
        await AddCapAsync(host);
        await host.AddUserAsync("admin@cartera.test", Roles.Admin);
        var collector = await host.AddUserAsync("gestor@cartera.test", Roles.Collector);
        var mine = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var other = await host.AddDebtorAsync("D-2", "Carlos Pérez", "79123456");
        await host.AssignAsync(mine.Id, collector.Id);
        var myLoan = await host.AddObligationAsync(mine.Id, "CR-1", principal: 1_200_000m);
        var otherLoan = await host.AddObligationAsync(other.Id, "CR-2", principal: 1_200_000m);
        var admin = await host.ClientForAsync("admin@cartera.test");
        var myPayment = await (await PostPaymentAsync(admin, Body(myLoan.Id, "1000.00"), "a")).ReadJsonAsync();
        var otherPayment = await (await PostPaymentAsync(admin, Body(otherLoan.Id, "1000.00"), "b")).ReadJsonAsync();
        var client = await host.ClientForAsync("gestor@cartera.test");

        (await client.Get($"/api/v1/payments/{myPayment.GetProperty("id").GetInt64()}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.Get($"/api/v1/payments/{otherPayment.GetProperty("id").GetInt64()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.Get($"/api/v1/obligations/{otherLoan.Id}/payments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostPaymentAsync(client, Body(myLoan.Id, "1.00"), "c")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostJsonAsync($"/api/v1/payments/{myPayment.GetProperty("id").GetInt64()}/reversal", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostJsonAsync($"/api/v1/obligations/{myLoan.Id}/refunds", new { amount = new { amount = "1.00", currency = "COP" }, reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
