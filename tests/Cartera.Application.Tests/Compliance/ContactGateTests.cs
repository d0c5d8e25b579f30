using Cartera.Application.Audit;
using Cartera.Application.Compliance;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static Cartera.Application.Tests.Compliance.ComplianceFixture;

namespace Cartera.Application.Tests.Compliance;

public sealed class ContactGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_attempt_is_recorded_and_a_second_sms_the_same_day_is_blocked_by_the_daily_limit(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        await using var db = database.Context(clock: new FakeTimeProvider(Now));
        var debtorId = await AddDebtorAsync(db, "D1", "CO", "1020304050", ConsentChannel.Sms, ConsentChannel.Email);
        var gate = new ContactGate(db, cache);

        var first = await gate.CheckAsync(Request(debtorId, ConsentChannel.Sms, TuesdayMorningBogota), Ct);
        var second = await gate.CheckAsync(Request(debtorId, ConsentChannel.Sms, TuesdayMorningBogota.AddHours(2)), Ct);
        var whatsapp = await gate.CheckAsync(Request(debtorId, ConsentChannel.WhatsApp, TuesdayMorningBogota.AddHours(3)), Ct);

        first.Decision.Allowed.ShouldBeTrue();
        first.Decision.RuleSetVersion.ShouldBe("co-ley-2300@1");
        second.Decision.Allowed.ShouldBeFalse();
        second.Decision.Reasons.ShouldBe([ComplianceReason.DailyLimit]);
        second.Decision.NextAllowedAt.ShouldBe(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.FromHours(-5)));
        whatsapp.Decision.Reasons.ShouldBe([ComplianceReason.DailyLimit, ComplianceReason.WeeklyChannel, ComplianceReason.UnauthorizedChannel]);

        var rows = await db.ContactAttempts.OrderBy(a => a.Id).ToListAsync(Ct);
        rows.Count.ShouldBe(3);
        rows.Select(r => r.Allowed).ShouldBe([true, false, false]);
        rows.Select(r => r.Outcome).ShouldBe([ContactOutcome.Attempt, ContactOutcome.Blocked, ContactOutcome.Blocked]);
        rows[1].Reasons.ShouldBe("daily_limit");
        rows[2].Reasons.ShouldBe("daily_limit;weekly_channel;unauthorized_channel");
        rows[1].NextAllowedAt.ShouldBe(second.Decision.NextAllowedAt);
        rows.ShouldAllBe(r => r.ActorKind == ActorKind.Collector && r.ActorId == "u-17" && r.RuleSetVersion == "co-ley-2300@1" && r.RecordedAt == Now);
        rows[0].At.ShouldBe(TuesdayMorningBogota);
        rows.Select(r => r.Id).ShouldBe([first.AttemptId!.Value, second.AttemptId!.Value, whatsapp.AttemptId!.Value]);

        // The attempt is its own audit record: nothing is copied to audit_entries.
        (await db.AuditEntries.CountAsync(a => a.EntityType == nameof(ContactAttempt), Ct)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Blocked_attempts_count_for_nothing_and_the_weekly_channel_rule_reads_the_stored_history(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        await using var db = database.Context(clock: new FakeTimeProvider(Now));
        var debtorId = await AddDebtorAsync(db, "D1", "CO", "1020304050", ConsentChannel.Sms, ConsentChannel.Email);
        var gate = new ContactGate(db, cache);
        var monday = new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.FromHours(-5)); // 20:00: outside the hours

        (await gate.CheckAsync(Request(debtorId, ConsentChannel.Sms, monday), Ct)).Decision.Reasons.ShouldBe([ComplianceReason.Hours]);
        (await gate.CheckAsync(Request(debtorId, ConsentChannel.Email, TuesdayMorningBogota), Ct)).Decision.Allowed.ShouldBeTrue();
        var thursday = await gate.CheckAsync(Request(debtorId, ConsentChannel.Sms, TuesdayMorningBogota.AddDays(2)), Ct);

        thursday.Decision.Reasons.ShouldBe([ComplianceReason.WeeklyChannel]);
        thursday.Decision.NextAllowedAt.ShouldBe(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.FromHours(-5)));
        var preview = await gate.PreviewAsync(Request(debtorId, ConsentChannel.Email, TuesdayMorningBogota.AddDays(2)), Ct);
        preview.Decision.Allowed.ShouldBeTrue();
        preview.AttemptId.ShouldBeNull();
        (await db.ContactAttempts.CountAsync(Ct)).ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_debtor_without_rules_time_zone_or_consent_is_blocked_and_the_blocked_attempt_is_recorded_with_its_reason(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        await using var db = database.Context(clock: new FakeTimeProvider(Now));
        var peru = await AddDebtorAsync(db, "D-PE", "PE", "1020304050", ConsentChannel.Calls);
        var noConsent = await AddDebtorAsync(db, "D-CO", "CO", "1020304051");
        var data = new Domain.Portfolio.DebtorData(
            "D-TZ", Domain.Portfolio.PartyKind.Person, Domain.Portfolio.IdentityDocument.Parse(IdType.CC, "1020304052"), "Ana", null, "CO", null, null, null, "Mars/Olympus", "es", null);
        var badZone = Domain.Portfolio.Debtor.Create(data, Now);
        badZone.RecordConsent(ConsentChannel.Calls, ConsentPurpose.Collection, true, "test", "signed_form", null, Now.AddDays(-1));
        db.Debtors.Add(badZone);
        await db.SaveChangesAsync(Ct);
        var gate = new ContactGate(db, cache);

        var noRules = await gate.CheckAsync(Request(peru, ConsentChannel.Calls, TuesdayMorningBogota), Ct);
        var unauthorized = await gate.CheckAsync(Request(noConsent, ConsentChannel.Calls, TuesdayMorningBogota), Ct);
        var noZone = await gate.CheckAsync(Request(badZone.Id, ConsentChannel.Calls, TuesdayMorningBogota), Ct);

        noRules.Decision.Reasons.ShouldBe([ComplianceReason.NoRuleSet]);
        unauthorized.Decision.Reasons.ShouldBe([ComplianceReason.UnauthorizedChannel]);
        noZone.Decision.Reasons.ShouldBe([ComplianceReason.UnknownTimeZone]);
        var rows = await db.ContactAttempts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(Ct);
        rows.Select(r => r.Allowed).ShouldBe([false, false, false]);
        rows.Select(r => r.Reasons).ShouldBe(["no_rule_set", "unauthorized_channel", "unknown_time_zone"]);
        rows.ShouldAllBe(r => r.NextAllowedAt == null);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_checks_of_one_debtor_never_both_pass_a_daily_limit_of_one(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        long debtorId;
        long otherId;
        await using (var db = database.Context())
        {
            debtorId = await AddDebtorAsync(db, "D1", "CO", "1020304050", ConsentChannel.Sms, ConsentChannel.Calls);
            otherId = await AddDebtorAsync(db, "D2", "CO", "1020304051", ConsentChannel.Sms);
            _ = await cache.GateAsync(db, Ct); // seed once, so the race is about the attempts only
        }

        const int parallel = 8;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, parallel).Select(i => Task.Run(
            async () =>
            {
                await using var db = database.Context();
                var gate = new ContactGate(db, cache);
                await go.Task;
                var id = i == parallel - 1 ? otherId : debtorId;
                var channel = i % 2 == 0 || id == otherId ? ConsentChannel.Sms : ConsentChannel.Calls;
                return (id, (await gate.CheckAsync(Request(id, channel, TuesdayMorningBogota.AddSeconds(i)), Ct)).Decision);
            },
            Ct)).ToList();
        go.SetResult();
        var results = await Task.WhenAll(tasks);

        var same = results.Where(r => r.id == debtorId).Select(r => r.Decision).ToList();
        same.Count(d => d.Allowed).ShouldBe(1);
        same.Where(d => !d.Allowed).ShouldAllBe(d => d.Has(ComplianceReason.DailyLimit));
        results.Single(r => r.id == otherId).Decision.Allowed.ShouldBeTrue();
        await using (var db = database.Context())
        {
            (await db.ContactAttempts.CountAsync(a => a.DebtorId == debtorId, Ct)).ShouldBe(parallel - 1);
            (await db.ContactAttempts.CountAsync(a => a.DebtorId == debtorId && a.Allowed, Ct)).ShouldBe(1);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Overrides_block_with_their_reason_agreed_hours_need_a_document_and_edits_are_audited(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        var actor = new FixedActor("user:1:admin@example.com", "127.0.0.1");
        await using var db = database.Context(actor, new FakeTimeProvider(Now));
        var debtorId = await AddDebtorAsync(db, "D1", "CO", "1020304050", ConsentChannel.Sms, ConsentChannel.Calls);
        var overrides = new ComplianceOverrides(db);
        var gate = new ContactGate(db, cache);
        var evening = new DateTimeOffset(2026, 11, 24, 19, 30, 0, TimeSpan.FromHours(-5));

        var missingDocument = await Should.ThrowAsync<DomainException>(() => overrides.SaveAsync(debtorId, OverrideData.None with { AgreedHours = "mon-fri 08:00-20:00" }, Ct));
        missingDocument.Field.ShouldBe("agreed_hours_document");
        (await Should.ThrowAsync<DomainException>(() => overrides.SaveAsync(debtorId, OverrideData.None with { AgreedHours = "mon-xyz 08:00" }, Ct))).Code.ShouldBe("invalid_window");
        (await gate.PreviewAsync(Request(debtorId, ConsentChannel.Sms, evening), Ct)).Decision.Reasons.ShouldBe([ComplianceReason.Hours]);

        await overrides.SaveAsync(debtorId, OverrideData.None with { AgreedHours = "mon-fri 08:00-20:00", AgreedHoursDocument = "Acuerdo firmado 2026-11-01", OptedOutChannels = "calls" }, Ct);
        (await gate.PreviewAsync(Request(debtorId, ConsentChannel.Sms, evening), Ct)).Decision.Allowed.ShouldBeTrue();
        (await gate.PreviewAsync(Request(debtorId, ConsentChannel.Calls, evening), Ct)).Decision.Reasons.ShouldBe([ComplianceReason.UnauthorizedChannel]);

        await overrides.SaveAsync(debtorId, new OverrideData(null, null, null, DoNotContact: true, DisputeHold: true, InsolvencyProceedings: true, Deceased: true, "Fallecido según certificado"), Ct);
        var blocked = (await gate.CheckAsync(Request(debtorId, ConsentChannel.Sms, TuesdayMorningBogota), Ct)).Decision;
        blocked.Reasons.ShouldBe([ComplianceReason.DoNotContact, ComplianceReason.DisputeHold, ComplianceReason.InsolvencyHold, ComplianceReason.Deceased]);
        blocked.NextAllowedAt.ShouldBeNull();

        var audit = await db.AuditEntries.Where(a => a.EntityType == nameof(DebtorComplianceOverride)).OrderBy(a => a.Id).ToListAsync(Ct);
        audit.Select(a => a.Action).ShouldBe(["create", "update"]);
        audit.ShouldAllBe(a => a.Actor == actor.Name && a.EntityId == debtorId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        audit[1].Before!.ShouldContain("Acuerdo firmado 2026-11-01");
        audit[1].After!.ShouldContain("\"Deceased\":true");
        (await overrides.GetAsync(debtorId, Ct))!.AgreedHours.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_withdrawn_consent_is_an_opt_out_even_where_consent_is_not_required(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        await using var db = database.Context(clock: new FakeTimeProvider(Now));
        var debtorId = await AddDebtorAsync(db, "U1", "US", "AB123456");
        var debtor = await db.Debtors.Include(d => d.Consents).SingleAsync(d => d.Id == debtorId, Ct);
        debtor.RecordConsent(ConsentChannel.Email, ConsentPurpose.Collection, false, "test", "email_reply", "STOP", Now);
        await db.SaveChangesAsync(Ct);
        var gate = new ContactGate(db, cache);
        var noonNewYork = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.FromHours(-5));

        var profile = await ComplianceProfiles.LoadAsync(db, debtorId, ConsentPurpose.Collection, Ct);
        profile!.Jurisdiction.ShouldBe("US");
        profile.TimeZone.ShouldBe("America/New_York");
        profile.OptedOutChannels.ShouldBe(ChannelSet.Of(ConsentChannel.Email));
        (await gate.PreviewAsync(Request(debtorId, ConsentChannel.Email, noonNewYork), Ct)).Decision.Reasons.ShouldBe([ComplianceReason.UnauthorizedChannel]);
        (await gate.PreviewAsync(Request(debtorId, ConsentChannel.Sms, noonNewYork), Ct)).Decision.Allowed.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_call_marked_as_a_conversation_starts_the_us_quiet_period(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        await using var db = database.Context(clock: new FakeTimeProvider(Now));
        var debtorId = await AddDebtorAsync(db, "U1", "US", "AB123456");
        var gate = new ContactGate(db, cache);
        var noon = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.FromHours(-5));

        var call = await gate.CheckAsync(Request(debtorId, ConsentChannel.Calls, noon), Ct);
        (await gate.PreviewAsync(Request(debtorId, ConsentChannel.Calls, noon.AddDays(1)), Ct)).Decision.Allowed.ShouldBeTrue();
        await gate.MarkConversationAsync(call.AttemptId!.Value, Ct);

        var next = (await gate.PreviewAsync(Request(debtorId, ConsentChannel.Calls, noon.AddDays(1)), Ct)).Decision;
        next.Reasons.ShouldBe([ComplianceReason.AfterConversation]);
        next.NextAllowedAt.ShouldBe(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(-5)));
        (await Should.ThrowAsync<DomainException>(() => gate.CheckAsync(Request(999_999, ConsentChannel.Calls, noon), Ct))).Code.ShouldBe("not_found");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_report_counts_attempts_allowed_and_blocked_by_reason_actor_and_channel(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        await using var db = database.Context(clock: new FakeTimeProvider(Now));
        var debtorId = await AddDebtorAsync(db, "D1", "CO", "1020304050", ConsentChannel.Sms);
        var gate = new ContactGate(db, cache);
        var agency = new ContactActor(ActorKind.Agency, "ag-3");
        await gate.CheckAsync(Request(debtorId, ConsentChannel.Sms, TuesdayMorningBogota), Ct); // allowed
        await gate.CheckAsync(Request(debtorId, ConsentChannel.Sms, TuesdayMorningBogota.AddHours(1), agency), Ct); // daily_limit
        await gate.CheckAsync(Request(debtorId, ConsentChannel.Calls, TuesdayMorningBogota.AddHours(2), agency), Ct); // daily_limit;weekly_channel;unauthorized_channel
        await gate.CheckAsync(Request(debtorId, ConsentChannel.Sms, new DateTimeOffset(2026, 12, 8, 10, 0, 0, TimeSpan.FromHours(-5))), Ct); // holiday, outside the period

        var rows = await new ComplianceReport(db).RunAsync(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 30), Ct);

        rows.ShouldContain(new ComplianceReportRow("total", "all", 3, 1, 2));
        rows.ShouldContain(new ComplianceReportRow("channel", "sms", 2, 1, 1));
        rows.ShouldContain(new ComplianceReportRow("channel", "calls", 1, 0, 1));
        rows.ShouldContain(new ComplianceReportRow("actor", "collector:u-17", 1, 1, 0));
        rows.ShouldContain(new ComplianceReportRow("actor", "agency:ag-3", 2, 0, 2));
        rows.Where(r => r.Dimension == "reason").ShouldBe([new ComplianceReportRow("reason", "daily_limit", 2, 0, 2), new ComplianceReportRow("reason", "unauthorized_channel", 1, 0, 1), new ComplianceReportRow("reason", "weekly_channel", 1, 0, 1)]);
        await Should.ThrowAsync<DomainException>(() => new ComplianceReport(db).RunAsync(new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 1), Ct));
    }
}
