using System.Net;
using Cartera.Application.Identity;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Payments;

/// <summary>
/// Issue 11 items 1 and 9b through the API: two huge payments on one obligation no longer both answer 201 (and a refund
/// no longer answers 500); a payment leaving more than the payoff + 1 installment as credit balance is a 422 with code and
/// field unless a supervisor confirms it; a value date too far in the future is a 422 on <c>received_on</c>.
/// </summary>
public sealed class PaymentLimitsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Huge_and_excess_payments_are_refused_with_code_and_field_and_a_supervisor_may_confirm_an_excess(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        await PaymentsApiTests.AddCapAsync(host);
        await host.AddUserAsync("supervisor@cartera.test", Roles.Supervisor);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        var loan = await host.AddObligationAsync(debtor.Id, "CR-1", principal: 1_200_000m);
        var client = await host.ClientForAsync("supervisor@cartera.test");

        async Task Refused(HttpResponseMessage response, string code, string field)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var json = await response.ReadJsonAsync();
            (json.GetProperty("code").GetString(), json.GetProperty("field").GetString()).ShouldBe((code, field));
        }

        // The case: two payments that each fit in 64-bit minor units but not together.
        await Refused(await PaymentsApiTests.PostPaymentAsync(client, PaymentsApiTests.Body(loan.Id, "90000000000000000.00"), "huge-1"), "amount_too_large", "amount");
        await Refused(await PaymentsApiTests.PostPaymentAsync(client, PaymentsApiTests.Body(loan.Id, "90000000000000000.00"), "huge-2"), "amount_too_large", "amount");

        // A value date beyond the future window (default 60 days after the business date 2026-03-20).
        await Refused(await PaymentsApiTests.PostPaymentAsync(client, PaymentsApiTests.Body(loan.Id, "100.00", receivedOn: "2026-05-20"), "future-1"), "outside_window", "received_on");
        (await PaymentsApiTests.PostPaymentAsync(client, PaymentsApiTests.Body(loan.Id, "100.00", receivedOn: "2026-05-19"), "future-2")).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Within the maximum but far above what the obligation owes: needs a confirmation.
        await Refused(await PaymentsApiTests.PostPaymentAsync(client, PaymentsApiTests.Body(loan.Id, "5000000.00"), "excess-1"), "excess_credit_balance", "amount");
        var confirmed = await PaymentsApiTests.PostPaymentAsync(client, Confirmed(loan.Id, "5000000.00"), "excess-2");
        confirmed.StatusCode.ShouldBe(HttpStatusCode.Created);

        // The refund of the credit balance answers 201 with what is left (no 500).
        var refund = await client.PostJsonAsync($"/api/v1/obligations/{loan.Id}/refunds", new { amount = new { amount = "1000000.00", currency = "COP" }, reason = "devolución" });
        refund.StatusCode.ShouldBe(HttpStatusCode.Created);
        var left = (await refund.ReadJsonAsync()).GetProperty("credit_balance").GetProperty("amount").GetString();
        decimal.Parse(left!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0m);
    }

    private static object Confirmed(long obligationId, string amount) => new
    {
        obligation_id = obligationId,
        amount = new { amount, currency = "COP" },
        received_on = "2026-03-20",
        channel = "bank",
        reference = "consignación 123",
        confirm_excess_credit_balance = true,
    };
}
