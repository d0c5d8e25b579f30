using Cartera.Application.Audit;
using Cartera.Application.Collection.Activities;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Application.Portfolio;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Collection.Activities;

public sealed class ActivityLogTests
{
    /// <summary>Tuesday 2026-11-24 10:00 in Bogotá: inside every Colombian window.</summary>
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(-5));

    private static readonly ActivityAuthor Collector = new("u-17", "user:u-17:gestor@cartera.test", new ContactActor(ActorKind.Collector, "u-17"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_call_the_gate_allows_is_logged_with_its_recorded_attempt_as_a_conversation_and_audited(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        var clock = new FakeTimeProvider(TuesdayMorning.ToUniversalTime());
        await using var db = database.Context(new FixedActor(Collector.Name, "127.0.0.1"), clock);
        var (debtorId, mobile, _) = await AddDebtorAsync(db);

        var result = await Log(db, cache, clock).LogAsync(
            debtorId,
            new ActivityInput(ActivityKind.Call, ActivityDirection.Outbound, null, mobile, ActivityOutcome.Promise, DefaultCause.Unemployment, true, null, "Promete pagar el viernes."),
            Collector,
            Ct);

        result.Logged.ShouldBeTrue();
        var activity = result.Activity!;
        activity.ContactAttemptId.ShouldNotBeNull();
        activity.ContactChannel.ShouldBe(ContactChannel.Mobile);
        activity.At.ShouldBe(TuesdayMorning);
        var attempt = await db.ContactAttempts.SingleAsync(Ct);
        attempt.Id.ShouldBe(activity.ContactAttemptId!.Value);
        attempt.Channel.ShouldBe(ConsentChannel.Calls);
        attempt.Allowed.ShouldBeTrue();
        attempt.Outcome.ShouldBe(ContactOutcome.Conversation);
        attempt.ActorId.ShouldBe("u-17");
        var stored = await db.CollectionActivities.SingleAsync(Ct);
        stored.Outcome.ShouldBe(ActivityOutcome.Promise);
        stored.DefaultCause.ShouldBe(DefaultCause.Unemployment);
        stored.Conversation.ShouldBeTrue();
        (await db.AuditEntries.CountAsync(a => a.EntityType == nameof(CollectionActivity) && a.Action == "create" && a.Actor == Collector.Name, Ct)).ShouldBe(1);
        (await Log(db, cache, clock).TimelineAsync(debtorId, ct: Ct)).Select(a => a.Note).ShouldBe(["Promete pagar el viernes."]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_call_at_a_forbidden_hour_or_over_the_daily_limit_is_refused_with_the_reason_and_next_instant_and_nothing_is_logged(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 30, 0, TimeSpan.Zero));
        await using var db = database.Context(clock: clock);
        var (debtorId, mobile, _) = await AddDebtorAsync(db);
        var call = new ActivityInput(ActivityKind.Call, ActivityDirection.Outbound, null, mobile, ActivityOutcome.NoAnswer, null, false, null, null);

        var late = await Log(db, cache, clock).LogAsync(debtorId, call, Collector, Ct);

        late.Logged.ShouldBeFalse();
        late.Refusal!.Reasons.ShouldBe([ComplianceReason.Hours]);
        late.Refusal.NextAllowedAt.ShouldBe(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.FromHours(-5)));

        clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero));
        (await Log(db, cache, clock).LogAsync(debtorId, call, Collector, Ct)).Logged.ShouldBeTrue();
        clock.Advance(TimeSpan.FromHours(2));
        var second = await Log(db, cache, clock).LogAsync(debtorId, call, Collector, Ct);

        second.Refusal!.Reasons.ShouldBe([ComplianceReason.DailyLimit]);
        second.Refusal.NextAllowedAt.ShouldBe(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.FromHours(-5)));
        (await db.CollectionActivities.CountAsync(Ct)).ShouldBe(1);
        (await db.ContactAttempts.OrderBy(a => a.Id).Select(a => a.Outcome).ToListAsync(Ct)).ShouldBe([ContactOutcome.Blocked, ContactOutcome.Attempt, ContactOutcome.Blocked]);

        // A note reaches no one: the gate is not asked and it is logged whatever the hour.
        var note = await Log(db, cache, clock).LogAsync(debtorId, new ActivityInput(ActivityKind.Note, ActivityDirection.Outbound, null, null, null, null, false, null, "Revisar soporte de pago."), Collector, Ct);
        note.Logged.ShouldBeTrue();
        note.Activity!.ContactAttemptId.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_wrong_number_marks_the_contact_point_do_not_contact_audited_and_a_located_number_is_added_with_its_consent_evidence(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        var clock = new FakeTimeProvider(TuesdayMorning.ToUniversalTime());
        await using var db = database.Context(new FixedActor(Collector.Name, "127.0.0.1"), clock);
        var (debtorId, mobile, _) = await AddDebtorAsync(db);

        var result = await Log(db, cache, clock).LogAsync(
            debtorId, new ActivityInput(ActivityKind.Call, ActivityDirection.Outbound, null, mobile, ActivityOutcome.WrongNumber, null, false, null, null), Collector, Ct);

        result.ContactPointInvalidated.ShouldBeTrue();
        (await db.ContactPoints.AsNoTracking().SingleAsync(c => c.Id == mobile, Ct)).DoNotContact.ShouldBeTrue();
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityType == nameof(ContactPoint) && a.Action == "update", Ct);
        audit.Actor.ShouldBe(Collector.Name);
        audit.After!.ShouldContain("\"DoNotContact\":true");

        // The invalidated point can no longer be used for an outbound contact.
        var again = () => Log(db, cache, clock).LogAsync(
            debtorId, new ActivityInput(ActivityKind.Call, ActivityDirection.Outbound, null, mobile, ActivityOutcome.NoAnswer, null, false, null, null), Collector, Ct);
        (await again.ShouldThrowAsync<DomainException>()).Code.ShouldBe("do_not_contact");

        var service = new ContactPointService(db, new FixedActor(Collector.Name, "127.0.0.1"), clock);
        var missing = () => service.AddAsync(debtorId, new NewContactPoint(ContactChannel.Mobile, "+57 311 555 0000", [ConsentChannel.Calls], "call_recording", null), Ct);
        (await missing.ShouldThrowAsync<DomainException>()).Field.ShouldBe("consent_evidence");
        // Consent is per channel: calls were authorized already, WhatsApp is new and gets the evidence.
        var located = await service.AddAsync(debtorId, new NewContactPoint(ContactChannel.WhatsApp, "+57 311 555 0000", [ConsentChannel.WhatsApp, ConsentChannel.Calls], "call_recording", "Grabación 2026-11-24-0042"), Ct);
        var point = await db.ContactPoints.AsNoTracking().SingleAsync(c => c.Id == located, Ct);
        point.Value.ShouldBe("+573115550000");
        var consents = await db.ConsentRecords.AsNoTracking().Where(c => c.Evidence == "Grabación 2026-11-24-0042").ToListAsync(Ct);
        consents.Select(c => c.Channel).ShouldBe([ConsentChannel.WhatsApp]);
        consents.ShouldAllBe(c => c.Method == "call_recording" && c.RecordedBy == Collector.Name && c.Granted);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Callbacks_due_list_the_users_pending_callbacks_and_the_latest_activity_per_debtor(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        var clock = new FakeTimeProvider(TuesdayMorning.ToUniversalTime());
        await using var db = database.Context(clock: clock);
        var (first, firstMobile, _) = await AddDebtorAsync(db, "D1", "52123456");
        var (second, secondMobile, _) = await AddDebtorAsync(db, "D2", "52123457");
        var tomorrow = new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.FromHours(-5));
        var log = Log(db, cache, clock);

        var missingDate = () => log.LogAsync(first, new ActivityInput(ActivityKind.Call, ActivityDirection.Outbound, null, firstMobile, ActivityOutcome.Callback, null, true, null, null), Collector, Ct);
        (await missingDate.ShouldThrowAsync<DomainException>()).Field.ShouldBe("next_action_at");
        (await log.LogAsync(first, new ActivityInput(ActivityKind.Call, ActivityDirection.Outbound, null, firstMobile, ActivityOutcome.Callback, null, true, tomorrow, null), Collector, Ct)).Logged.ShouldBeTrue();
        (await log.LogAsync(second, new ActivityInput(ActivityKind.Call, ActivityDirection.Outbound, null, secondMobile, ActivityOutcome.Callback, null, true, tomorrow, null), Collector, Ct)).Logged.ShouldBeTrue();
        clock.Advance(TimeSpan.FromMinutes(5));
        (await log.LogAsync(second, new ActivityInput(ActivityKind.Call, ActivityDirection.Inbound, null, secondMobile, ActivityOutcome.Promise, null, true, null, null), Collector, Ct)).Logged.ShouldBeTrue();

        var due = await log.CallbacksDueAsync("u-17", new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.FromHours(-5)), new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.FromHours(-5)), Ct);
        due.Select(a => a.DebtorId).ShouldBe([first]);
        due[0].NextActionAt.ShouldBe(tomorrow);
        (await log.CallbacksDueAsync("u-99", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Ct)).ShouldBeEmpty();
        var latest = await log.LatestAsync([first, second], Ct);
        latest[first].Outcome.ShouldBe(ActivityOutcome.Callback);
        latest[second].Outcome.ShouldBe(ActivityOutcome.Promise);
        latest[second].Direction.ShouldBe(ActivityDirection.Inbound);
        latest[second].ContactAttemptId.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_call_guide_follows_the_debtors_stage_and_an_edit_is_stored_and_audited(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(TuesdayMorning.ToUniversalTime());
        await using var db = database.Context(new FixedActor("user:s-1:supervisora@cartera.test", "127.0.0.1"), clock);
        var (debtorId, _, _) = await AddDebtorAsync(db);
        var guides = new CallGuides(db, new FixedActor("user:s-1:supervisora@cartera.test", "127.0.0.1"), clock);

        var current = await guides.ForDebtorAsync(debtorId, new DateOnly(2026, 11, 24), Ct);
        current.Stage.ShouldBe(CollectionStage.Preventive);

        // A loan whose first installment fell due on 2026-10-10 and is unpaid: 45 days past due on 2026-11-24 → late.
        var terms = new ObligationTerms("CR-1", ObligationKind.Loan, "consumo", Money.Of(1_200_000m, Currency.COP), new DateOnly(2026, 9, 10), 0.24m, null, 12,
            PaymentFrequency.Monthly, Amortization.French, new DateOnly(2026, 10, 10), null);
        var loan = Obligation.Create(terms, debtorId, TuesdayMorning.ToUniversalTime());
        loan.GenerateSchedule();
        PortfolioRecords.AddObligations(db, [loan]);
        await db.SaveChangesAsync(Ct);

        var late = await guides.ForDebtorAsync(debtorId, new DateOnly(2026, 11, 24), Ct);
        late.Dpd.ShouldBe(45);
        late.Stage.ShouldBe(CollectionStage.Late);
        late.Guide.ShouldBe(DefaultCallGuides.For(CollectionStage.Late));
        late.Guide.Script.ShouldContain("cuánto");

        var edit = () => guides.SaveAsync(new CallGuide(CollectionStage.Late, "Guion", [new ObjectionAnswer("No tengo dinero.", " ")]), Ct);
        (await edit.ShouldThrowAsync<DomainException>()).Field.ShouldBe("objections");
        await guides.SaveAsync(new CallGuide(CollectionStage.Late, "  Salude y confirme identidad.  ", [new ObjectionAnswer("No tengo dinero.", "Ofrezca un acuerdo.")]), Ct);

        var edited = await guides.ForDebtorAsync(debtorId, new DateOnly(2026, 11, 24), Ct);
        edited.Guide.Script.ShouldBe("Salude y confirme identidad.");
        edited.Guide.Objections.ShouldBe([new ObjectionAnswer("No tengo dinero.", "Ofrezca un acuerdo.")]);
        (await guides.GetAsync(CollectionStage.Early, Ct)).ShouldBe(DefaultCallGuides.For(CollectionStage.Early));
        (await db.AuditEntries.CountAsync(a => a.EntityType == nameof(StoredCallGuide) && a.Actor == "user:s-1:supervisora@cartera.test", Ct)).ShouldBe(1);
        (await guides.SeedIfEmptyAsync(Ct)).ShouldBe(0);
    }

    private static ActivityLog Log(CarteraDbContext db, ComplianceCatalogCache cache, TimeProvider clock) =>
        new(db, new ContactGate(db, cache), new ContactPointService(db, new FixedActor(Collector.Name, "127.0.0.1"), clock), clock);

    /// <summary>A Colombian debtor who authorized calls and SMS, with a mobile number and an e-mail.</summary>
    private static async Task<(long DebtorId, long Mobile, long Email)> AddDebtorAsync(CarteraDbContext db, string externalId = "D1", string idNumber = "52123456")
    {
        var at = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);
        var debtor = Debtor.Create(
            new DebtorData(externalId, PartyKind.Person, IdentityDocument.Parse(IdType.CC, idNumber), "Ana María Pérez", null, "CO", null, "Bogotá", null, null, "es", null), at);
        var mobile = debtor.AddContactPoint(ContactChannel.Mobile, "+57 300 123 4567", at);
        var email = debtor.AddContactPoint(ContactChannel.Email, externalId.ToLowerInvariant() + "@example.com", at);
        debtor.RecordConsent(ConsentChannel.Calls, ConsentPurpose.Collection, true, "test", "signed_form", "Formulario 12", at);
        debtor.RecordConsent(ConsentChannel.Sms, ConsentPurpose.Collection, true, "test", "signed_form", "Formulario 12", at);
        PortfolioRecords.AddDebtors(db, [debtor]);
        await db.SaveChangesAsync(Ct);
        return (debtor.Id, mobile.Id, email.Id);
    }
}
