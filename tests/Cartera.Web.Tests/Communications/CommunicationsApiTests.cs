using System.Net;
using Cartera.Application.Communications.Outbox;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Cartera.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Web.Tests.Communications;

public sealed class CommunicationsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> Settings = new() { ["Communications:Callbacks:Token"] = "t0k-secreto" };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_delivery_callback_moves_a_sent_message_and_an_inbound_STOP_opts_the_debtor_out_of_sms(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider, Settings);
        var debtor = await host.AddDebtorAsync("D-1", "Ana María Rojas", "52123456");
        long messageId;
        await using (var db = host.Db())
        {
            var mobile = await db.ContactPoints.SingleAsync(c => c.DebtorId == debtor.Id && c.Channel == ContactChannel.Mobile, Ct);
            var message = new OutboxMessage
            {
                DebtorId = debtor.Id,
                Strategy = "preventiva",
                Step = "d-5",
                SendDate = new DateOnly(2026, 3, 20),
                Channel = ConsentChannel.Sms,
                Recipient = mobile.Id,
                ScheduledAt = CarteraHost.Now,
                NextAttemptAt = CarteraHost.Now,
                Body = "Recordatorio",
                Status = OutboxStatus.Sent,
                ProviderMessageId = "SM-1",
                Attempts = 1,
                CreatedAt = CarteraHost.Now,
                UpdatedAt = CarteraHost.Now,
            };
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync(Ct);
            messageId = message.Id;
        }

        var anonymous = host.Anonymous();
        var noToken = await anonymous.PostAsync("/api/v1/communications/callbacks/twilio", Form(("MessageSid", "SM-1"), ("MessageStatus", "delivered")), Ct);
        noToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var delivered = await anonymous.PostAsync("/api/v1/communications/callbacks/twilio?token=t0k-secreto", Form(("MessageSid", "SM-1"), ("MessageStatus", "delivered")), Ct);
        delivered.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await delivered.ReadJsonAsync()).GetProperty("outcome").GetString().ShouldBe("updated");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/communications/callbacks/generico") { Content = JsonContent(new { provider_message_id = "SM-1", status = "teleported" }) })
        {
            request.Headers.Add("X-Cartera-Callback-Token", "t0k-secreto");
            (await anonymous.SendAsync(request, Ct)).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        }

        var stop = await anonymous.PostAsync("/api/v1/communications/inbound/twilio?token=t0k-secreto", Form(("From", "+573001234567"), ("Body", "STOP")), Ct);
        stop.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await stop.ReadJsonAsync();
        answer.GetProperty("opt_out").GetBoolean().ShouldBeTrue();
        answer.GetProperty("debtors").GetInt32().ShouldBe(1);

        await using var check = host.Db();
        (await check.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == messageId, Ct)).Status.ShouldBe(OutboxStatus.Delivered);
        var overrides = await check.DebtorComplianceOverrides.AsNoTracking().SingleAsync(o => o.DebtorId == debtor.Id, Ct);
        overrides.OptedOutChannels.ShouldBe("sms");
        overrides.UpdatedBy.ShouldBe("provider:twilio");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_a_configured_token_the_provider_endpoints_do_not_exist(string provider)
    {
        await using var host = await CarteraHost.StartAsync(provider);
        var response = await host.Anonymous().PostAsync("/api/v1/communications/inbound/twilio?token=", Form(("From", "+573001234567"), ("Body", "BAJA")), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
