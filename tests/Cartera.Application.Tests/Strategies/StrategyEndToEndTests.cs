using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Communications;
using Cartera.Application.Communications.Outbox;
using Cartera.Application.Compliance;
using Cartera.Application.Demo;
using Cartera.Application.Strategies;
using Cartera.Application.Tests.Communications;
using Cartera.Domain.Communications;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Cartera.Application.Tests.Strategies;

/// <summary>
/// Issue 14's end-to-end case: a demo portfolio, the close of a date runs the strategies (step 11) and the outbox worker
/// delivers the D−5 reminders to a real SMTP server and a local SMS provider — with the exact due date and installment
/// value, inside the legal window, never two on a day, none to a debtor without consent, nothing new on a rerun, and
/// nothing lost or doubled when the worker dies mid-batch.
/// </summary>
public sealed class StrategyEndToEndTests
{
    /// <summary>The demo's as-of date; the send date S is the weekday within a week after it with the most installments due on S + 5.</summary>
    private static readonly DateOnly AsOf = new(2026, 11, 25);
    private static readonly TimeZoneInfo Bogota = LocalClock.Zone("America/Bogota");
    private static readonly FixedActor Actor = new("cli:test", "cli");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A demo portfolio generated as of <see cref="AsOf"/> (not closed), the two strategies imported, and the dates closed
    /// from the day before the as-of date through S − 1, whose close runs step 11 for S.
    /// </summary>
    private static async Task<(TestDatabase Database, FakeTimeProvider Clock, DateOnly Send)> SetUpAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(LocalClock.ToInstant(AsOf.ToDateTime(new TimeOnly(20, 0)), Bogota));
        await new DemoPortfolio(database.Options, clock, Actor).GenerateAsync(new DemoOptions { Debtors = 300, AsOf = AsOf, Seed = 14, BatchSize = 100, CloseDayBefore = false }, cancellationToken: Ct);
        await using var db = database.Context(Actor, clock);
        var dues = await db.Installments.AsNoTracking().Where(i => i.DueDate > AsOf && i.DueDate <= AsOf.AddDays(13))
            .GroupBy(i => i.DueDate).Select(g => new { Due = g.Key, Count = g.Count() }).ToListAsync(Ct);
        var holidays = new[] { new DateOnly(2026, 12, 8) };
        var send = Enumerable.Range(1, 7).Select(AsOf.AddDays)
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(d))
            .OrderByDescending(d => dues.FirstOrDefault(x => x.Due == d.AddDays(5))?.Count ?? 0).ThenBy(d => d).First();
        var runner = CloseOfDayPlugins.Default.Runner(new(database.Options, clock, Actor), new CloseOfDayOptions { RunBy = Actor.Name });
        clock.SetUtcNow(LocalClock.ToInstant(send.AddDays(-2).ToDateTime(new TimeOnly(20, 0)), Bogota));
        await runner.RunThroughAsync(send.AddDays(-2), AsOf.AddDays(-1), cancellationToken: Ct);

        // The strategies start with the close of S − 1.
        await new MessageTemplates(db, FixedActor.Seed, clock, new LenderContact()).SeedDefaultsAsync(Ct);
        (await new StrategyCatalog(db, clock, Actor).ImportAsync(Strategies, Ct)).Succeeded.ShouldBeTrue();
        clock.SetUtcNow(LocalClock.ToInstant(send.AddDays(-1).ToDateTime(new TimeOnly(20, 0)), Bogota));
        await runner.RunThroughAsync(send.AddDays(-1), cancellationToken: Ct);
        return (database, clock, send);
    }

    // Two strategies on the same debtors: e-mail (SMS as fallback) before the window opens, and SMS at 10:00; the
    // gate's one-contact-a-day rule lets only the first through on S.
    private const string Strategies = """
        [
          {"code": "a-preventiva", "name": "Recordatorio D-5", "send_time": "06:30",
           "variants": [{"code": "campeon", "share": 80}, {"code": "retador", "share": 20}],
           "steps": [{"id": "d-5", "stage": "preventive", "anchor": "due_date", "offset_days": -5, "action": "reminder",
                      "channel": "email", "fallback_channels": ["sms"], "template": "recordatorio_preventivo"}]},
          {"code": "b-aviso-sms", "name": "Aviso por SMS", "send_time": "10:00",
           "steps": [{"id": "d-5", "stage": "preventive", "anchor": "due_date", "offset_days": -5, "action": "reminder",
                      "channel": "sms", "template": "recordatorio_preventivo"}]}
        ]
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Close_of_day_plans_the_D_minus_5_reminders_and_the_worker_delivers_each_once_lawfully(string provider)
    {
        var (database, clock, send) = await SetUpAsync(provider);
        await using var _ = database;
        await using var db = database.Context(Actor, clock);
        DateTimeOffset LocalOnSend(int hour, int minute = 0) => LocalClock.ToInstant(send.ToDateTime(new TimeOnly(hour, minute)), Bogota);

        // The close of S − 1 (step 11) planned S's messages into the outbox.
        var planned = await db.OutboxMessages.AsNoTracking().Where(m => m.SendDate == send).OrderBy(m => m.Id).ToListAsync(Ct);
        var queued = planned.Where(m => m.Status == OutboxStatus.Queued).ToList();
        queued.Count.ShouldBeGreaterThan(5, $"S = {send:yyyy-MM-dd}; planned: {string.Join(" ", planned.Select(m => $"{m.Status}:{m.LastError}"))}; steps: {string.Join(" | ", await db.CloseOfDaySteps.AsNoTracking().Where(x => x.BusinessDate == send.AddDays(-1)).Select(x => x.Step + " " + x.Note).ToListAsync(Ct))}");
        planned.Count(m => m.Status == OutboxStatus.Blocked).ShouldBeGreaterThan(0, "some debtors gave no consent for reminders");

        // Each queued reminder is for the installments due on S + 5, with their exact unpaid value (nothing paid yet).
        foreach (var m in queued)
        {
            m.DueDate.ShouldBe(send.AddDays(5));
            var ids = m.ObligationIds!.Split(',').Select(long.Parse).ToList();
            var installments = await db.Installments.AsNoTracking().Where(i => ids.Contains(i.ObligationId) && i.DueDate == m.DueDate).ToListAsync(Ct);
            installments.ShouldNotBeEmpty();
            m.AmountMinor.ShouldBe(installments.Sum(i => i.PrincipalMinor + i.InterestMinor + i.InsuranceMinor + i.OtherMinor - i.TotalPaidMinor));
            m.Recipient.ShouldNotBeNull();
        }

        // The e-mail strategy's 06:30 is before Bogotá's window: it was planned at 07:00.
        var (seven, ten, nineteen) = (LocalOnSend(7), LocalOnSend(10), LocalOnSend(19));
        queued.Where(m => m.Strategy == "a-preventiva").ShouldAllBe(m => m.ScheduledAt == seven);
        queued.Where(m => m.Strategy == "b-aviso-sms").ShouldAllBe(m => m.ScheduledAt == ten);

        // A debtor without consent for any of the step's channels gets none: blocked with the reason.
        var blocked = planned.Where(m => m.Status == OutboxStatus.Blocked).ToList();
        blocked.ShouldAllBe(m => m.LastError!.Contains("unauthorized_channel"));
        var blockedOnly = blocked.Select(m => m.DebtorId).Except(queued.Select(m => m.DebtorId)).ToHashSet();
        blockedOnly.ShouldNotBeEmpty();

        await using var smtp = new SmtpSink();
        using var sms = WireMockServer.Start();
        sms.Given(Request.Create().WithPath("/sms").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("{\"id\":\"prov-{{request.bodyAsJson.reference}}\"}").WithTransformer());
        using var smsChannel = new HttpMessageChannel(ConsentChannel.Sms, new HttpChannelSettings { Url = sms.Url + "/sms", BodyTemplate = "{\"to\":\"{to}\",\"text\":\"{text}\",\"reference\":\"{reference}\"}" });
        using var rules = new ComplianceCatalogCache();
        var process = new Process(dieAfter: 3);
        var worker = new OutboxWorker(db, new ContactGate(db, rules), [new DyingChannel(new SmtpEmailChannel(smtp.Settings), process), new DyingChannel(smsChannel, process)], clock, new OutboxWorkerOptions { BatchSize = 10, Lease = TimeSpan.FromMinutes(5) });

        // Before the window nothing is due.
        clock.SetUtcNow(LocalOnSend(6, 45));
        (await worker.RunOnceAsync(Ct)).Claimed.ShouldBe(0);

        // 07:00: the worker dies after three deliveries, in the middle of a batch.
        clock.SetUtcNow(LocalOnSend(7));
        await Should.ThrowAsync<OperationCanceledException>(() => DrainAsync(worker));
        (await db.OutboxMessages.AsNoTracking().CountAsync(m => m.Status == OutboxStatus.Sending, Ct)).ShouldBeGreaterThan(0);

        // Restarted after the claims ran out, it takes the orphaned messages again; then 10:00 for the SMS strategy.
        process.Revive();
        clock.SetUtcNow(LocalOnSend(7, 6));
        await DrainAsync(worker);
        clock.SetUtcNow(LocalOnSend(10));
        await DrainAsync(worker);

        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.SendDate == send).ToListAsync(Ct);
        var sent = rows.Where(m => m.Status == OutboxStatus.Sent).ToList();
        sent.Select(m => m.DebtorId).Order().ShouldBe(queued.Select(m => m.DebtorId).Distinct().Order(), "every debtor with a reminder got exactly one on S");

        // Exactly one delivery per sent message, on each sink; nothing lost (every queued row was sent or rescheduled by the gate).
        smtp.Messages.Count.ShouldBe(sent.Count(m => m.Channel == ConsentChannel.Email));
        smtp.Messages.Select(m => m.MessageId).Distinct().Count().ShouldBe(smtp.Messages.Count);
        sms.LogEntries.Count.ShouldBe(sent.Count(m => m.Channel == ConsentChannel.Sms));
        rows.Where(m => queued.Any(q => q.Id == m.Id)).ShouldAllBe(m => m.Status == OutboxStatus.Sent || (m.Status == OutboxStatus.Queued && m.NextAttemptAt > ten));

        // Never two on a day (Ley 2300: one contact a day): the second strategy's SMS waits for another day.
        var waiting = rows.Where(m => m.Status == OutboxStatus.Queued).ToList();
        waiting.ShouldNotBeEmpty();
        waiting.ShouldAllBe(m => m.LastError!.Contains("daily_limit") && m.NextAttemptAt > nineteen);

        // Inside the legal window, with the exact due date and value in the text.
        sent.ShouldAllBe(m => m.SentAt >= seven && m.SentAt < nineteen);
        var culture = MessageFormats.Culture("es", "CO");
        foreach (var m in sent)
        {
            var due = MessageFormats.Date(m.DueDate!.Value, culture);
            var value = MessageFormats.Money(m.AmountMinor!.Value, m.CurrencyCode!, culture);
            if (m.Channel == ConsentChannel.Email)
            {
                var mail = smtp.Messages.Single(x => x.MessageId == $"cartera-outbox-{m.Id}@lender.co");
                mail.TextBody!.ShouldContain(due);
                mail.TextBody!.ShouldContain(value);
            }
            else
            {
                var body = sms.LogEntries.Single(e => e.RequestMessage.Body!.Contains($"cartera-outbox-{m.Id}\"", StringComparison.Ordinal)).RequestMessage.Body!;
                body.ShouldContain(due);
                body.ShouldContain(TemplateChannels.ForShortText(value));
            }
        }

        // No message reached a debtor whose every row was blocked.
        var addresses = await db.ContactPoints.AsNoTracking().Where(c => blockedOnly.Contains(c.DebtorId)).Select(c => c.Value).ToListAsync(Ct);
        smtp.Messages.SelectMany(x => x.To.Mailboxes).Select(x => x.Address).Intersect(addresses).ShouldBeEmpty();

        // The variant report counts each debtor once, from its first message: the champion and the challenger split
        // the e-mail strategy's debtors, and every one it reached is contacted.
        var report = await new VariantReport(db).RunAsync("a-preventiva", send, send, ct: Ct);
        var strategyA = queued.Where(m => m.Strategy == "a-preventiva").ToList();
        report.Select(r => r.Variant).ShouldBeSubsetOf(["campeon", "retador"]);
        report.Sum(r => r.Debtors).ShouldBe(strategyA.Select(m => m.DebtorId).Distinct().Count());
        report.Sum(r => r.Messages).ShouldBe(strategyA.Count);
        report.Sum(r => r.Contacted).ShouldBe(sent.Count(m => m.Strategy == "a-preventiva"));
        report.ShouldAllBe(r => r.PastDue == 0 && r.ContactRate > 0 && r.ContactRate <= 1);

        // Running the same date again sends nothing new.
        var before = rows.Count;
        var again = await StrategyRun.Create(db, rules, new LenderContact()).RunAsync(send, dryRun: false, ct: Ct);
        again.Enqueued.ShouldBe(0);
        again.Rows.ShouldBe(planned.Count);
        (await db.OutboxMessages.CountAsync(m => m.SendDate == send, Ct)).ShouldBe(before);
        (await worker.RunOnceAsync(Ct)).Claimed.ShouldBe(0);
        smtp.Messages.Count.ShouldBe(sent.Count(m => m.Channel == ConsentChannel.Email));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_dry_run_lists_the_rows_stores_nothing_and_a_paid_installment_suppresses_its_reminder_at_send_time(string provider)
    {
        var (database, clock, send) = await SetUpAsync(provider);
        await using var _ = database;
        await using var db = database.Context(Actor, clock);
        await db.OutboxMessages.ExecuteDeleteAsync(Ct);
        await db.ActionOutcomes.ExecuteDeleteAsync(Ct);
        using var rules = new ComplianceCatalogCache();
        var run = StrategyRun.Create(db, rules, new LenderContact());

        var rows = new List<StrategyRunRow>();
        var dry = await run.RunAsync(send, dryRun: true, r =>
        {
            rows.Add(r);
            return ValueTask.CompletedTask;
        }, ct: Ct);

        dry.PositionDate.ShouldBe(send.AddDays(-1));
        dry.Rows.ShouldBe(rows.Count);
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.SendDate == send && r.DueDate == send.AddDays(5) && r.AmountMinor > 0);
        rows.Where(r => r.Status == Domain.Strategies.ReminderStatus.Planned).ShouldAllBe(r => r.ScheduledAt!.Value.Offset == TimeSpan.FromHours(-5));
        rows.Select(r => (r.DebtorId, r.Strategy, r.Step)).Distinct().Count().ShouldBe(rows.Count);
        (await db.OutboxMessages.CountAsync(Ct)).ShouldBe(0);
        var csv = StrategyRunRows.Fields(rows[0]);
        csv.Count.ShouldBe(StrategyRunRows.Columns.Count);
        csv[11].ShouldBe((rows[0].AmountMinor!.Value / 100m).ToString("F2", CultureInfo.InvariantCulture));

        // The real run stores the same rows; then the debtor of one reminder pays its installment before it goes out.
        (await run.RunAsync(send, dryRun: false, ct: Ct)).Enqueued.ShouldBe(rows.Count(r => r.Channel is ConsentChannel.Email or ConsentChannel.Sms));
        var target = await db.OutboxMessages.AsNoTracking().Where(m => m.Status == OutboxStatus.Queued).OrderBy(m => m.Id).FirstAsync(Ct);
        var obligationIds = target.ObligationIds!.Split(',').Select(long.Parse).ToList();
        foreach (var installment in await db.Installments.Where(i => obligationIds.Contains(i.ObligationId) && i.DueDate == target.DueDate).ToListAsync(Ct))
        {
            installment.RecordPaid(installment.PrincipalMinor - installment.PrincipalPaidMinor, installment.InterestMinor - installment.InterestPaidMinor, installment.InsuranceMinor - installment.InsurancePaidMinor, installment.OtherMinor - installment.OtherPaidMinor);
        }

        await db.SaveChangesAsync(Ct);
        clock.SetUtcNow(target.ScheduledAt);
        var worker = new OutboxWorker(db, new ContactGate(db, rules), [new NullChannel(ConsentChannel.Email), new NullChannel(ConsentChannel.Sms)], clock);
        await worker.DeliverAsync((await worker.ClaimAsync(1, Ct)).Single(), Ct);
        var after = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == target.Id, Ct);
        after.Status.ShouldBe(OutboxStatus.Suppressed);
        after.LastError.ShouldBe("paid");
        after.Attempts.ShouldBe(0);
    }

    private static async Task DrainAsync(OutboxWorker worker)
    {
        while ((await worker.RunOnceAsync(Ct)).Claimed > 0)
        {
        }
    }

    /// <summary>The worker's process: it "dies" (cancellation) at the delivery after <c>dieAfter</c> of them, until revived.</summary>
    private sealed class Process(int dieAfter)
    {
        private int _deliveries;
        private bool _dead;

        public void Revive() => _dead = false;

        public void BeforeDelivery()
        {
            if (!_dead && _deliveries++ == dieAfter)
            {
                _dead = true;
                throw new OperationCanceledException("the worker process was killed");
            }
        }
    }

    private sealed class DyingChannel(IMessageChannel inner, Process process) : IMessageChannel
    {
        public ConsentChannel Channel => inner.Channel;

        public Task<ChannelReceipt> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            process.BeforeDelivery();
            return inner.SendAsync(message, cancellationToken);
        }
    }

    private sealed class NullChannel(ConsentChannel channel) : IMessageChannel
    {
        public ConsentChannel Channel => channel;

        public Task<ChannelReceipt> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) => Task.FromResult(new ChannelReceipt("null-" + message.MessageId));
    }
}
