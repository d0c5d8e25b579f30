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

public sealed class RuleSetPersistenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_defaults_are_seeded_on_first_use_with_their_sources_and_verify_flags(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        await using var db = database.Context();
        (await db.StoredRuleSets.CountAsync(Ct)).ShouldBe(0);

        var list = await new ComplianceRuleSets(db, cache).ListAsync(Ct);

        list.Select(v => v.Label).ShouldBe(["co-ley-2300@1", "es-default@1", "mx-condusef@1", "us-reg-f@1"]);
        list.ShouldAllBe(v => v.Current);
        var colombia = list[0];
        colombia.Rules.WeeklyChannel!.Source!.Verify.ShouldBeTrue();
        colombia.Rules.DailyLimit!.Source.ShouldBe(new RuleSourceData("Ley 2300 de 2023, art. 3", false, "Todo intento cuenta como contacto, contestado o no (configurable)."));
        colombia.Rules.Hours!.Windows.ShouldBe("mon-fri 07:00-19:00; sat 08:00-15:00");
        foreach (var version in list)
        {
            // Stored data reads back as exactly the shipped rule set.
            var stored = version.Rules.ToRuleSet(version.RuleSetId, version.Version, version.Jurisdiction, version.ValidFrom, version.ValidTo);
            var shipped = DefaultRuleSets.All.Single(d => d.Id == version.RuleSetId);
            RulesData.From(stored).ShouldBe(RulesData.From(shipped));
            stored.Rules().Select(r => r.Source).ShouldBe(shipped.Rules().Select(r => r.Source));
        }

        // Seeding twice adds nothing.
        await ComplianceRuleSets.SeedDefaultsAsync(db, Ct);
        (await db.StoredRuleSets.CountAsync(Ct)).ShouldBe(4);
    }

    [Fact]
    public void Rules_data_that_leaves_out_what_counts_counts_every_attempt_and_a_consent_rule_needs_its_channels()
    {
        const string json = """
            {"hours":{"windows":"mon-fri 07:00-19:00","source":{"citation":"Ley 2300 de 2023, art. 3"}},
             "daily_limit":{"max_contacts":1,"source":{"citation":"Ley 2300 de 2023, art. 3"}},
             "weekly_channel":{"source":{"citation":"Ley 2300 de 2023, art. 3"}}}
            """;
        var set = RulesData.FromJson(json).ToRuleSet("co-test", 1, "CO", new DateOnly(2023, 7, 10), null);

        set.DailyLimit!.CountUnanswered.ShouldBeTrue();
        set.WeeklyChannel!.CountUnanswered.ShouldBeTrue();
        var noChannels = RulesData.From(DefaultRuleSets.Colombia) with { Consent = new ConsentData(string.Empty, new RuleSourceData("Ley 2300 de 2023, art. 3")) };
        var error = Should.Throw<DomainException>(() => noChannels.ToRuleSet("co-test", 1, "CO", new DateOnly(2023, 7, 10), null));
        error.Code.ShouldBe("invalid_rule_set");
        error.Field.ShouldBe("consent");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_shipped_rule_sets_are_seeded_by_the_system_not_by_the_user_whose_check_came_first(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        var collector = new FixedActor("user:17:gestor@example.com", "10.0.0.7");
        await using var db = database.Context(collector, new FakeTimeProvider(Now));
        var debtorId = await AddDebtorAsync(db, "D1", "CO", "1020304050", ConsentChannel.Sms);

        // The first check of the day seeds the defaults.
        await new ContactGate(db, cache).CheckAsync(Request(debtorId, ConsentChannel.Sms, TuesdayMorningBogota), Ct);

        var rows = await db.StoredRuleSets.AsNoTracking().ToListAsync(Ct);
        rows.Count.ShouldBe(4);
        rows.ShouldAllBe(r => r.CreatedBy == "system");
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "StoredRuleSet").ToListAsync(Ct);
        audit.Count.ShouldBe(4);
        audit.ShouldAllBe(a => a.Actor == "system" && a.Source == "seed");

        // What the collector saves afterwards is still theirs.
        var debtorAudit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "Debtor").ToListAsync(Ct);
        debtorAudit.ShouldAllBe(a => a.Actor == collector.Name);
        db.Actor.ShouldBe(collector);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_edit_creates_a_new_version_that_the_gate_uses_at_once_while_recorded_attempts_keep_theirs(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        var admin = new FixedActor("user:1:admin@example.com", "127.0.0.1");
        await using var db = database.Context(admin, new FakeTimeProvider(Now));
        var debtorId = await AddDebtorAsync(db, "D1", "CO", "1020304050", ConsentChannel.Sms);
        var ruleSets = new ComplianceRuleSets(db, cache);
        var gate = new ContactGate(db, cache);
        var sevenThirty = new DateTimeOffset(2026, 11, 24, 7, 30, 0, TimeSpan.FromHours(-5));
        var before = await gate.CheckAsync(Request(debtorId, ConsentChannel.Sms, sevenThirty), Ct);
        before.Decision.Allowed.ShouldBeTrue();

        var v1 = (await ruleSets.VersionsAsync("co-ley-2300", Ct)).Single();
        var edit = new RuleSetEdit("CO", v1.ValidFrom, null, v1.Rules with { Hours = v1.Rules.Hours! with { Windows = "mon-fri 08:00-19:00; sat 08:00-15:00" } }, "Ventana desde las 08:00 por política interna");
        var v2 = await ruleSets.SaveAsync("co-ley-2300", edit, Ct);

        v2.Label.ShouldBe("co-ley-2300@2");
        (await ruleSets.VersionsAsync("co-ley-2300", Ct)).Select(v => (v.Label, v.Current)).ShouldBe([("co-ley-2300@2", true), ("co-ley-2300@1", false)]);
        var after = await gate.PreviewAsync(Request(debtorId, ConsentChannel.Sms, sevenThirty.AddDays(1)), Ct);
        after.Decision.Reasons.ShouldBe([ComplianceReason.Hours]);
        after.Decision.RuleSetVersion.ShouldBe("co-ley-2300@2");
        after.Decision.NextAllowedAt.ShouldBe(sevenThirty.AddDays(1).AddMinutes(30));
        (await db.ContactAttempts.SingleAsync(Ct)).RuleSetVersion.ShouldBe("co-ley-2300@1");

        var audit = (await ruleSets.AuditTrailAsync(nameof(StoredRuleSet), cancellationToken: Ct))[0];
        audit.Actor.ShouldBe(admin.Name);
        audit.Action.ShouldBe("create");
        audit.After!.ShouldContain("mon-fri 08:00-19:00");
        audit.After!.ShouldContain("\"Version\":2");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Another_process_sees_an_edit_on_its_next_check(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var webNode = new ComplianceCatalogCache();
        using var otherNode = new ComplianceCatalogCache();
        await using var db = database.Context();
        (await otherNode.GateAsync(db, Ct)).RuleSets.For("MX", new DateOnly(2026, 11, 24)).VersionLabel.ShouldBe("mx-condusef@1");
        var ruleSets = new ComplianceRuleSets(db, webNode);
        var v1 = (await ruleSets.VersionsAsync("mx-condusef", Ct)).Single();

        await ruleSets.SaveAsync("mx-condusef", new RuleSetEdit("MX", v1.ValidFrom, null, v1.Rules with { Hours = v1.Rules.Hours! with { Windows = "mon-sun 08:00-21:00" } }, null), Ct);

        var gate = await otherNode.GateAsync(db, Ct);
        gate.RuleSets.For("MX", new DateOnly(2026, 11, 24)).VersionLabel.ShouldBe("mx-condusef@2");
        (await otherNode.GateAsync(db, Ct)).ShouldBeSameAs(gate);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_invalid_edit_is_refused_with_its_field_and_stores_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var cache = new ComplianceCatalogCache();
        await using var db = database.Context();
        var ruleSets = new ComplianceRuleSets(db, cache);
        var v1 = (await ruleSets.VersionsAsync("co-ley-2300", Ct)).Single();

        async Task<DomainException> Refused(RuleSetEdit edit, string id = "co-ley-2300") => await Should.ThrowAsync<DomainException>(() => ruleSets.SaveAsync(id, edit, Ct));

        (await Refused(new RuleSetEdit("CO", v1.ValidFrom, null, v1.Rules with { Hours = v1.Rules.Hours! with { Windows = "mon 19:00-07:00" } }, null))).Field.ShouldBe("hours");
        (await Refused(new RuleSetEdit("CO", v1.ValidFrom, null, v1.Rules with { DailyLimit = v1.Rules.DailyLimit! with { Source = new RuleSourceData(" ") } }, null))).Field.ShouldBe("daily_limit");
        (await Refused(new RuleSetEdit("CO", v1.ValidFrom, null, v1.Rules with { DailyLimit = v1.Rules.DailyLimit! with { MaxContacts = 0 } }, null))).Field.ShouldBe("daily_limit");
        (await Refused(new RuleSetEdit("CO", v1.ValidFrom, v1.ValidFrom.AddDays(-1), v1.Rules, null))).Field.ShouldBe("valid_to");
        (await Refused(new RuleSetEdit("MX", v1.ValidFrom, null, v1.Rules, null))).Code.ShouldBe("jurisdiction_mismatch");
        (await Refused(new RuleSetEdit("CO", v1.ValidFrom, null, v1.Rules, null), "co ley")).Field.ShouldBe("id");
        (await db.StoredRuleSets.CountAsync(Ct)).ShouldBe(4);
    }

    [Fact]
    public void Windows_text_reads_ranges_lists_and_24_00_and_writes_the_canonical_form()
    {
        var windows = WindowsText.Parse("sat 08:00-15:00; mon-fri 07:00-12:00 14:00-19:00; sun 20:00-24:00");

        windows.Contains(DayOfWeek.Wednesday, new TimeSpan(13, 0, 0)).ShouldBeFalse();
        windows.Contains(DayOfWeek.Wednesday, new TimeSpan(18, 59, 59)).ShouldBeTrue();
        windows.Contains(DayOfWeek.Sunday, new TimeSpan(23, 59, 59)).ShouldBeTrue();
        WindowsText.Format(windows).ShouldBe("mon-fri 07:00-12:00 14:00-19:00; sat 08:00-15:00; sun 20:00-24:00");
        WindowsText.Format(WindowsText.Parse("mon,wed 09:00-10:00")).ShouldBe("mon 09:00-10:00; wed 09:00-10:00");
        Should.Throw<DomainException>(() => WindowsText.Parse("mon-fri 07:00-19:00; fri 08:00-09:00")).Message.ShouldContain("twice");
        Should.Throw<DomainException>(() => WindowsText.Parse("fri-mon 07:00-19:00")).Code.ShouldBe("invalid_window");
        Should.Throw<DomainException>(() => WindowsText.Parse("mon 07:00-12:00 11:00-13:00")).Code.ShouldBe("invalid_window");
    }
}
