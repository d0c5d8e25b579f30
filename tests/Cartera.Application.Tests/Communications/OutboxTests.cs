using Cartera.Application.Communications.Outbox;
using Cartera.Application.Compliance;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Cartera.Application.Tests.Communications.OutboxFixture;

namespace Cartera.Application.Tests.Communications;

public sealed class OutboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WireMockServer SmsServer(int status = 200)
    {
        var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/sms").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
                .WithBody("{\"id\":\"prov-{{request.bodyAsJson.reference}}\"}").WithTransformer());
        return server;
    }

    private static HttpMessageChannel Json(WireMockServer server, ConsentChannel channel = ConsentChannel.Sms) =>
        new(channel, new HttpChannelSettings { Url = server.Url + "/sms", AuthHeader = "X-Api-Key", AuthValue = "k-123", BodyTemplate = "{\"destino\":\"{to}\",\"mensaje\":\"{text}\",\"reference\":\"{reference}\"}" });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Enqueueing_the_same_debtor_strategy_step_and_send_date_twice_keeps_one_message(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Context(clock: new FakeTimeProvider(TuesdayMorning));
        var c = await AddDebtorAsync(db, 1);
        var outbox = new Outbox(db, new FakeTimeProvider(TuesdayMorning));

        var first = await outbox.EnqueueAsync(Email(c), Ct);
        var again = await outbox.EnqueueAsync(Email(c) with { Body = "otro texto" }, Ct);
        var otherStep = await outbox.EnqueueAsync(Email(c, step: "d-1"), Ct);
        var otherStrategy = await outbox.EnqueueAsync(Email(c) with { Strategy = "otra" }, Ct);

        first.Created.ShouldBeTrue();
        again.Created.ShouldBeFalse();
        again.Id.ShouldBe(first.Id);
        otherStep.Id.ShouldNotBe(first.Id);
        otherStrategy.Created.ShouldBeTrue("another strategy's step of the same id is another message");
        (await db.OutboxMessages.CountAsync(m => m.DebtorId == c.DebtorId && m.Strategy == "preventiva" && m.Step == "d-5", Ct)).ShouldBe(1);
        var row = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == first.Id, Ct);
        row.Status.ShouldBe(OutboxStatus.Queued);
        row.Body.ShouldBe(Email(c).Body);
        row.NextAttemptAt.ShouldBe(TuesdayMorning);

        // The unique index holds even when a caller skips the check (a racing insert).
        db.OutboxMessages.Add(new OutboxMessage { DebtorId = c.DebtorId, Strategy = "preventiva", Step = "d-5", SendDate = SendDate, Channel = ConsentChannel.Email, Recipient = c.Email, Body = "b", NextAttemptAt = TuesdayMorning, ScheduledAt = TuesdayMorning });
        await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_worker_delivers_email_to_the_smtp_server_and_sms_to_the_http_provider_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var db = database.Context(clock: clock);
        using var cache = new ComplianceCatalogCache();
        await using var smtp = new SmtpSink();
        using var sms = SmsServer();
        using var smsChannel = Json(sms);
        var a = await AddDebtorAsync(db, 1);
        var b = await AddDebtorAsync(db, 2);
        var outbox = new Outbox(db, clock);
        var mail = await outbox.EnqueueAsync(Email(a), Ct);
        var text = await outbox.EnqueueAsync(Sms(b), Ct);
        var later = await outbox.EnqueueAsync(Email(b, step: "d-1", at: TuesdayMorning.AddDays(1)), Ct);
        var worker = Worker(db, cache, clock, new SmtpEmailChannel(smtp.Settings), smsChannel);

        var run = await worker.RunOnceAsync(Ct);
        var again = await worker.RunOnceAsync(Ct);

        run.Claimed.ShouldBe(2);
        run.Sent.ShouldBe(2);
        again.Claimed.ShouldBe(0);
        var received = smtp.Messages.ShouldHaveSingleItem();
        received.MessageId.ShouldBe($"cartera-outbox-{mail.Id}@lender.co");
        received.To.Mailboxes.Single().Address.ShouldBe("deudor1@example.co");
        received.Subject.ShouldBe("Recordatorio de pago");
        received.TextBody!.ShouldContain($"Su cuota vence pronto (deudor {a.DebtorId}).");
        var request = sms.LogEntries.ShouldHaveSingleItem().RequestMessage;
        request.Headers!["X-Api-Key"].ShouldBe(["k-123"]);
        request.Headers!["Idempotency-Key"].ShouldBe([$"cartera-outbox-{text.Id}"]);
        request.Body!.ShouldContain("\"destino\":\"+573005550002\"");
        request.Body!.ShouldContain($"\"reference\":\"cartera-outbox-{text.Id}\"");
        request.Body!.ShouldContain("Cartera: su cuota vence el 29/11.");

        var rows = await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync(Ct);
        rows.Select(r => r.Status).ShouldBe([OutboxStatus.Sent, OutboxStatus.Sent, OutboxStatus.Queued]);
        rows[0].ProviderMessageId.ShouldBe($"<cartera-outbox-{mail.Id}@lender.co>");
        rows[1].ProviderMessageId.ShouldBe($"prov-cartera-outbox-{text.Id}");
        rows.Take(2).ShouldAllBe(r => r.Attempts == 1 && r.SentAt == TuesdayMorning && r.LeaseUntil == null && r.GateAttemptId != null);
        rows[2].Id.ShouldBe(later.Id);

        // Each send passed the gate and was recorded as the strategy's attempt.
        var attempts = await db.ContactAttempts.AsNoTracking().OrderBy(x => x.Id).ToListAsync(Ct);
        attempts.Select(x => (x.Channel, x.ActorKind, x.ActorId, x.Allowed)).ShouldBe([(ConsentChannel.Email, ActorKind.Strategy, "preventiva", true), (ConsentChannel.Sms, ActorKind.Strategy, "preventiva", true)]);

        // A delivery callback moves the SMS on by the provider's id; a late 'failed' changes nothing.
        var callbacks = new OutboxCallbacks(db, clock);
        (await callbacks.ApplyAsync($"prov-cartera-outbox-{text.Id}", "delivered", null, Ct)).ShouldBe(CallbackOutcome.Updated);
        (await callbacks.ApplyAsync($"prov-cartera-outbox-{text.Id}", "failed", "30003", Ct)).ShouldBe(CallbackOutcome.Unchanged);
        (await callbacks.ApplyAsync("unknown", "delivered", null, Ct)).ShouldBe(CallbackOutcome.NotFound);
        (await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == text.Id, Ct)).Status.ShouldBe(OutboxStatus.Delivered);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_call_is_retried_with_exponential_backoff_and_then_sent(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var db = database.Context(clock: clock);
        using var cache = new ComplianceCatalogCache();
        using var sms = WireMockServer.Start();
        sms.Given(Request.Create().WithPath("/sms").UsingPost()).InScenario("flaky").WillSetStateTo("second")
            .RespondWith(Response.Create().WithStatusCode(503));
        sms.Given(Request.Create().WithPath("/sms").UsingPost()).InScenario("flaky").WhenStateIs("second").WillSetStateTo("third")
            .RespondWith(Response.Create().WithStatusCode(500));
        sms.Given(Request.Create().WithPath("/sms").UsingPost()).InScenario("flaky").WhenStateIs("third")
            .RespondWith(Response.Create().WithStatusCode(202).WithBody("{\"id\":\"sms-77\"}"));
        using var channel = Json(sms);
        var c = await AddDebtorAsync(db, 1);
        var id = (await new Outbox(db, clock).EnqueueAsync(Sms(c), Ct)).Id;
        var worker = Worker(db, cache, clock, channel);

        (await worker.RunOnceAsync(Ct)).Retrying.ShouldBe(1);
        var first = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, Ct);
        first.Status.ShouldBe(OutboxStatus.Queued);
        first.Attempts.ShouldBe(1);
        first.LastError.ShouldBe("http_503");
        first.NextAttemptAt.ShouldBe(TuesdayMorning.AddMinutes(1));

        clock.Advance(TimeSpan.FromSeconds(59));
        (await worker.RunOnceAsync(Ct)).Claimed.ShouldBe(0);
        clock.Advance(TimeSpan.FromSeconds(1));
        (await worker.RunOnceAsync(Ct)).Retrying.ShouldBe(1);
        var second = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, Ct);
        second.Attempts.ShouldBe(2);
        second.LastError.ShouldBe("http_500");
        second.NextAttemptAt.ShouldBe(TuesdayMorning.AddMinutes(1 + 2));

        clock.Advance(TimeSpan.FromMinutes(2));
        (await worker.RunOnceAsync(Ct)).Sent.ShouldBe(1);
        var sent = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, Ct);
        sent.Status.ShouldBe(OutboxStatus.Sent);
        sent.Attempts.ShouldBe(3);
        sent.ProviderMessageId.ShouldBe("sms-77");
        sms.LogEntries.Count.ShouldBe(3);
        sms.LogEntries.Select(e => e.RequestMessage.Headers!["Idempotency-Key"].Single()).Distinct().ShouldBe([$"cartera-outbox-{id}"]);

        // The failed calls reached no one: they do not use up Colombia's one contact a day, the third call passed.
        var attempts = await db.ContactAttempts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(Ct);
        attempts.Select(a => (a.Allowed, a.Outcome)).ShouldBe([(true, ContactOutcome.Blocked), (true, ContactOutcome.Blocked), (true, ContactOutcome.Attempt)]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Retries_stop_at_the_maximum_attempts_and_a_rejected_address_fails_at_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var db = database.Context(clock: clock);
        using var cache = new ComplianceCatalogCache();
        using var down = SmsServer(503);
        using var channel = Json(down);
        var c = await AddDebtorAsync(db, 1);
        var id = (await new Outbox(db, clock).EnqueueAsync(Sms(c), Ct)).Id;
        var worker = new OutboxWorker(db, new ContactGate(db, cache), [channel], clock, new OutboxWorkerOptions { Retry = new OutboxRetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMinutes(1) } });

        for (var i = 0; i < 3; i++)
        {
            await worker.RunOnceAsync(Ct);
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        var failed = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, Ct);
        failed.Status.ShouldBe(OutboxStatus.Failed);
        failed.Attempts.ShouldBe(3);
        failed.LastError.ShouldBe("http_503");
        (await worker.RunOnceAsync(Ct)).Claimed.ShouldBe(0);

        using var rejecting = SmsServer(400);
        using var rejectingChannel = Json(rejecting);
        var d = await AddDebtorAsync(db, 2);
        var other = (await new Outbox(db, clock).EnqueueAsync(Sms(d) with { ScheduledAt = clock.GetUtcNow() }, Ct)).Id;
        await Worker(db, cache, clock, rejectingChannel).RunOnceAsync(Ct);
        var rejected = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == other, Ct);
        rejected.Status.ShouldBe(OutboxStatus.Failed);
        rejected.Attempts.ShouldBe(1);
        rejected.LastError.ShouldBe("http_400");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_worker_killed_after_claiming_loses_and_duplicates_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(TuesdayMorning);
        using var cache = new ComplianceCatalogCache();
        await using var smtp = new SmtpSink();
        var ids = new List<long>();
        await using (var setup = database.Context(clock: clock))
        {
            for (var n = 1; n <= 4; n++)
            {
                var c = await AddDebtorAsync(setup, n);
                ids.Add((await new Outbox(setup, clock).EnqueueAsync(Email(c), Ct)).Id);
            }
        }

        // The first worker claims every message, delivers one and dies (its context is abandoned).
        await using (var doomed = database.Context(clock: clock))
        {
            var first = Worker(doomed, cache, clock, new SmtpEmailChannel(smtp.Settings));
            var claimed = await first.ClaimAsync(10, Ct);
            claimed.ShouldBe(ids);
            (await first.DeliverAsync(claimed[0], Ct)).Status.ShouldBe(OutboxStatus.Sent);
        }

        // A new worker sees the claims: nothing is taken twice while they last, the rest once they run out.
        await using var db = database.Context(clock: clock);
        var second = Worker(db, cache, clock, new SmtpEmailChannel(smtp.Settings));
        (await second.RunOnceAsync(Ct)).Claimed.ShouldBe(0);
        clock.Advance(TimeSpan.FromMinutes(5));
        var run = await second.RunOnceAsync(Ct);
        run.Claimed.ShouldBe(3);
        run.Sent.ShouldBe(3);
        (await second.RunOnceAsync(Ct)).Claimed.ShouldBe(0);

        smtp.Messages.Count.ShouldBe(4);
        smtp.Messages.Select(m => m.MessageId).Order().ShouldBe(ids.Select(i => $"cartera-outbox-{i}@lender.co").Order());
        (await db.OutboxMessages.AsNoTracking().Select(m => m.Status).ToListAsync(Ct)).ShouldAllBe(s => s == OutboxStatus.Sent);
        (await db.OutboxMessages.AsNoTracking().SumAsync(m => m.Attempts, Ct)).ShouldBe(4);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_gate_at_send_time_blocks_reschedules_or_expires(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var sunday = new DateTimeOffset(2026, 11, 29, 15, 0, 0, TimeSpan.Zero); // 10:00 in Bogotá, a Sunday
        var clock = new FakeTimeProvider(sunday);
        await using var db = database.Context(clock: clock);
        using var cache = new ComplianceCatalogCache();
        await using var smtp = new SmtpSink();
        using var sms = SmsServer();
        using var smsChannel = Json(sms);
        var noSmsConsent = await AddDebtorAsync(db, 1, ConsentChannel.Email);
        var waits = await AddDebtorAsync(db, 2);
        var expires = await AddDebtorAsync(db, 3);
        var outbox = new Outbox(db, clock);
        var blocked = (await outbox.EnqueueAsync(Sms(noSmsConsent) with { ScheduledAt = sunday }, Ct)).Id;
        var rescheduled = (await outbox.EnqueueAsync(Email(waits, at: sunday), Ct)).Id;
        var expired = (await outbox.EnqueueAsync(Email(expires, at: sunday, expires: sunday.AddHours(8)), Ct)).Id;
        var worker = Worker(db, cache, clock, new SmtpEmailChannel(smtp.Settings), smsChannel);

        var run = await worker.RunOnceAsync(Ct);

        run.ShouldBe(new OutboxRunResult(3, 0, 0, 0, 1, 1, 1, 0));
        var rows = await db.OutboxMessages.AsNoTracking().ToDictionaryAsync(m => m.Id, Ct);
        rows[blocked].Status.ShouldBe(OutboxStatus.Blocked);
        rows[blocked].LastError.ShouldBe("sunday;unauthorized_channel");
        rows[rescheduled].Status.ShouldBe(OutboxStatus.Queued);
        rows[rescheduled].LastError.ShouldBe("sunday");
        rows[rescheduled].NextAttemptAt.ShouldBe(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)); // Monday 07:00 Bogotá
        rows[rescheduled].Attempts.ShouldBe(0);
        rows[expired].Status.ShouldBe(OutboxStatus.Expired);
        rows[expired].LastError.ShouldBe("sunday");
        smtp.Messages.ShouldBeEmpty();
        sms.LogEntries.ShouldBeEmpty();

        // On Monday morning the rescheduled e-mail goes out.
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        (await worker.RunOnceAsync(Ct)).Sent.ShouldBe(1);
        smtp.Messages.ShouldHaveSingleItem().MessageId.ShouldBe($"cartera-outbox-{rescheduled}@lender.co");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_inbound_BAJA_opts_the_debtor_out_of_the_channel_and_the_next_message_is_not_sent(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var db = database.Context(clock: clock);
        using var cache = new ComplianceCatalogCache();
        using var sms = SmsServer();
        using var smsChannel = Json(sms);
        await using var smtp = new SmtpSink();
        var c = await AddDebtorAsync(db, 1);
        var other = await AddDebtorAsync(db, 2);
        var outbox = new Outbox(db, clock);
        var queued = (await outbox.EnqueueAsync(Sms(c), Ct)).Id;
        var untouched = (await outbox.EnqueueAsync(Sms(other), Ct)).Id;
        var inbound = new InboundMessages(db, new ComplianceOverrides(db), clock);

        (await inbound.ReceiveAsync(ConsentChannel.Sms, "+573005550001", "hola", Ct)).OptOut.ShouldBeFalse();
        var result = await inbound.ReceiveAsync(ConsentChannel.Sms, "+57 300 555 0001", " baja. ", Ct);

        result.ShouldBe(new InboundResult(true, 1, 1));
        (await new ComplianceOverrides(db).GetAsync(c.DebtorId, Ct))!.OptedOutChannels.ShouldBe("sms");
        (await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == queued, Ct)).Status.ShouldBe(OutboxStatus.OptedOut);

        // The next SMS planned for the debtor is stopped by the gate at send time; e-mail still goes.
        var next = (await outbox.EnqueueAsync(Sms(c, step: "d-1"), Ct)).Id;
        var mail = (await outbox.EnqueueAsync(Email(c, step: "d-0"), Ct)).Id;
        var run = await Worker(db, cache, clock, smsChannel, new SmtpEmailChannel(smtp.Settings)).RunOnceAsync(Ct);

        run.OptedOut.ShouldBe(1);
        var rows = await db.OutboxMessages.AsNoTracking().ToDictionaryAsync(m => m.Id, Ct);
        rows[next].Status.ShouldBe(OutboxStatus.OptedOut);
        rows[next].LastError.ShouldBe("unauthorized_channel");
        rows[untouched].Status.ShouldBe(OutboxStatus.Sent);
        rows[mail].Status.ShouldBe(OutboxStatus.Sent);
        sms.LogEntries.ShouldHaveSingleItem().RequestMessage.Body!.ShouldContain("+573005550002");
        smtp.Messages.Count.ShouldBe(1);
        (await db.AuditEntries.CountAsync(a => a.EntityType == "DebtorComplianceOverride", Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task Twilio_shape_posts_the_form_with_basic_auth_and_the_idempotency_token()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/2010-04-01/Accounts/AC123/Messages.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("{\"sid\":\"SM42\",\"status\":\"queued\"}"));
        using var channel = new HttpMessageChannel(ConsentChannel.WhatsApp, new HttpChannelSettings { Kind = "twilio", BaseUrl = server.Url!, AccountSid = "AC123", AuthToken = "secret", From = "+14155238886" });

        var receipt = await channel.SendAsync(new OutgoingMessage(9, "cartera-outbox-9", ConsentChannel.WhatsApp, "+573005550001", null, "Hola, su cuota vence el 29/11"), Ct);

        receipt.ProviderMessageId.ShouldBe("SM42");
        var request = server.LogEntries.ShouldHaveSingleItem().RequestMessage;
        request.Headers!["Authorization"].ShouldBe(["Basic " + Convert.ToBase64String("AC123:secret"u8.ToArray())]);
        request.Headers!["I-Twilio-Idempotency-Token"].ShouldBe(["cartera-outbox-9"]);
        var form = System.Web.HttpUtility.ParseQueryString(request.Body!);
        form["To"].ShouldBe("whatsapp:+573005550001");
        form["From"].ShouldBe("whatsapp:+14155238886");
        form["Body"].ShouldBe("Hola, su cuota vence el 29/11");
    }

    [Fact]
    public async Task The_email_channel_keeps_one_connection_and_opens_a_new_one_when_the_server_closed_it()
    {
        OutgoingMessage Mail(int n) => new(n, $"cartera-outbox-{n}", ConsentChannel.Email, $"deudor{n}@example.co", "Recordatorio", $"Mensaje {n}");
        var first = new SmtpSink();
        var port = first.Port;
        using var channel = new SmtpEmailChannel(first.Settings);
        for (var n = 1; n <= 3; n++)
        {
            await channel.SendAsync(Mail(n), Ct);
        }

        first.Messages.Count.ShouldBe(3);
        first.Sessions.ShouldBe(1, "three messages, one connection");

        // The server goes away and comes back (a restart, an idle timeout): the kept connection is dead.
        await first.DisposeAsync();
        await using var second = new SmtpSink(port);
        await channel.SendAsync(Mail(4), Ct);
        await channel.SendAsync(Mail(5), Ct);

        second.Messages.Select(m => m.MessageId).ShouldBe(["cartera-outbox-4@lender.co", "cartera-outbox-5@lender.co"]);
        second.Sessions.ShouldBe(1);
    }
}
