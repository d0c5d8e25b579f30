using Cartera.Application.Audit;
using Cartera.Application.Communications;
using Cartera.Application.Payments;
using Cartera.Application.Tests.Payments;
using Cartera.Domain.Common;
using Cartera.Domain.Communications;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.Communications;

public sealed class MessageTemplatesTests
{
    private static readonly LenderContact Lender = new("Banco Andino", "601 555 0100", "https://pagos.banco.test/?ref={reference}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Plain(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ');

    [Fact]
    public void Unknown_variables_filters_and_syntax_errors_are_refused_with_name_and_line()
    {
        var unknown = MessageTemplates.Validate(new("aviso", "sms", "es", null, "Hola {{ first_name }}\nsu saldo es {{ saldo_total | upcase }}"));
        unknown.Select(p => (p.Code, p.Name, p.Line)).ShouldBe([("unknown_variable", "saldo_total", 2)]);
        unknown[0].Message.ShouldContain("«saldo_total»");
        unknown[0].Message.ShouldContain("línea 2");

        var filter = MessageTemplates.Validate(new("aviso", "sms", "es", null, "{{ debtor_name }}\n\n{{ due_date | date: '%Y' }}"));
        filter.Select(p => (p.Code, p.Name, p.Line)).ShouldBe([("filter_not_allowed", "date", 3)]);

        var syntax = MessageTemplates.Validate(new("aviso", "sms", "es", null, "Hola\n{% if first_name %}sin cierre"));
        syntax.Single().Code.ShouldBe("template_syntax");
        syntax[0].Message.ShouldContain("línea");

        var include = MessageTemplates.Validate(new("aviso", "letter", "es", null, "{% include 'otro' %}"));
        include.Single().Code.ShouldBe("tag_not_allowed");

        MessageTemplates.Validate(new("aviso", "email", "es", null, "{{ debtor_name }}")).Single().Code.ShouldBe("subject_required");
        MessageTemplates.Validate(new("aviso", "email", "es", "Cuota {{ cuota }}", "{{ debtor_name }}")).Single().Name.ShouldBe("cuota");
        MessageTemplates.Validate(new("aviso", "fax", "fr", null, "x")).Select(p => p.Code).ShouldBe(["invalid_channel", "invalid_language"]);
        MessageTemplates.Validate(new("aviso", "sms", "es", null, "{% assign nombre = first_name | upcase %}{{ nombre }} {{ days_past_due }}")).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Saving_stores_audits_versions_and_refuses_stale_edits_and_bad_templates(string provider)
    {
        await using var fixture = await PaymentFixture.CreateAsync(provider);
        var actor = new FixedActor("user:7:ana@banco.test", "127.0.0.1");
        await using var db = fixture.Database.Context(actor, fixture.Clock);
        var templates = new MessageTemplates(db, actor, fixture.Clock, Lender);

        var created = await templates.SaveAsync(new("Aviso_Mora", "sms", "es", null, "{{ first_name }}, debe {{ total_overdue }}."), Ct);
        created.Code.ShouldBe("aviso_mora");
        created.Channel.ShouldBe(TemplateChannel.Sms);
        created.Length!.Segments.ShouldBe(1);
        var updated = await templates.SaveAsync(new("aviso_mora", "sms", "es", null, "{{ first_name }}: {{ total_overdue }} vencido.", Version: created.Version), Ct);
        updated.Body.ShouldEndWith("vencido.");

        await Should.ThrowAsync<ConflictException>(() => templates.SaveAsync(new("aviso_mora", "sms", "es", null, "otro", Version: created.Version), Ct));
        var bad = await Should.ThrowAsync<DomainException>(() => templates.SaveAsync(new("aviso_mora", "sms", "es", null, "{{ nombre }}"), Ct));
        bad.Code.ShouldBe("unknown_variable");
        (await Should.ThrowAsync<DomainException>(() => templates.SaveAsync(new("aviso_mora", "email", "en", "S", "B"), Ct))).Code.ShouldBe("channel_mismatch");

        await using var read = fixture.Database.Context();
        (await read.MessageTemplates.SingleAsync(t => t.Code == "aviso_mora", Ct)).Body.ShouldBe("{{ first_name }}: {{ total_overdue }} vencido.");
        (await read.AuditEntries.Where(a => a.EntityType == nameof(MessageTemplateRecord) && a.Actor == actor.Name).Select(a => a.Action).ToListAsync(Ct))
            .OrderBy(a => a, StringComparer.Ordinal).ShouldBe(["create", "update"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_shipped_reminder_is_seeded_once_and_previews_a_real_debtor_with_the_exact_due_date_and_installment_value(string provider)
    {
        await using var fixture = await PaymentFixture.CreateAsync(provider);
        var obligationId = await fixture.AddObligationAsync("OB-77");
        await using var db = fixture.Database.Context(FixedActor.System, fixture.Clock);
        var templates = new MessageTemplates(db, FixedActor.System, fixture.Clock, Lender);

        // Migrate seeds the defaults (the test databases are migrated without reference data): once, then none again.
        (await templates.SeedDefaultsAsync(Ct)).ShouldBe(4);
        (await templates.SeedDefaultsAsync(Ct)).ShouldBe(0);
        (await db.AuditEntries.CountAsync(a => a.EntityType == nameof(MessageTemplateRecord) && a.Source == "seed", Ct)).ShouldBe(4);
        (await templates.ListAsync(Ct)).Where(t => t.Code.StartsWith("recordatorio_preventivo", StringComparison.Ordinal))
            .Select(t => $"{t.Code}/{t.Language}").ShouldBe([
                "recordatorio_preventivo_email/en", "recordatorio_preventivo_email/es", "recordatorio_preventivo_sms/en", "recordatorio_preventivo_sms/es"]);

        var sms = await templates.PreviewAsync(DefaultMessageTemplates.PreventiveSms, fixture.DebtorId, ct: Ct);
        sms.Language.ShouldBe("es");
        sms.Body.ShouldBe("Banco Andino: Ana, su cuota de $ 1.000 vence el 15 de enero de 2026. Ref. OB-77. Si ya pago, ignore este mensaje.");
        sms.Length!.Encoding.ShouldBe(SmsEncoding.Gsm7);
        sms.Length.Segments.ShouldBe(1);

        var due = (await new PaymentFacts(db).AmountsDueAsync([obligationId], PaymentFixture.Today, Ct)).Single();
        sms.Variables.Values["days_past_due"].ShouldBe(64);
        Plain((string)sms.Variables.Values["total_overdue"]!).ShouldBe(Plain(MessageFormats.Money(due.DueTodayMinor, "COP", sms.Variables.Culture)));

        var email = await templates.PreviewAsync(DefaultMessageTemplates.PreventiveEmail, fixture.DebtorId, "en", ct: Ct);
        email.Subject.ShouldBe("Reminder: your installment 1 is due on January 15, 2026");
        email.Body.ShouldContain("https://pagos.banco.test/?ref=OB-77");
        email.Length.ShouldBeNull();

        (await Should.ThrowAsync<DomainException>(() => templates.PreviewAsync("no_existe", fixture.DebtorId, ct: Ct))).Code.ShouldBe("template_not_found");
        (await Should.ThrowAsync<DomainException>(() => templates.PreviewAsync(DefaultMessageTemplates.PreventiveSms, 999_999, ct: Ct))).Code.ShouldBe("debtor_not_found");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_import_saves_the_good_rows_and_reports_the_bad_ones_per_row(string provider)
    {
        await using var fixture = await PaymentFixture.CreateAsync(provider);
        await using var db = fixture.Database.Context(FixedActor.System, fixture.Clock);
        var templates = new MessageTemplates(db, FixedActor.System, fixture.Clock, Lender);
        await templates.SeedDefaultsAsync(Ct);

        var rows = await templates.ImportAsync(
            [
                new("carta_prejuridica", "letter", "es", null, "Señor(a) {{ debtor_name }}: su obligación {{ obligation_number }} tiene {{ days_past_due }} días de mora."),
                new("carta_prejuridica", "letter", "en", null, "Dear {{ debtor_name }}, {{ monto }}"),
                new("recordatorio_preventivo_sms", "sms", "es", null, DefaultMessageTemplates.All.Single(t => t.Code == DefaultMessageTemplates.PreventiveSms && t.Language == "es").Body),
            ],
            Ct);

        rows.Select(r => (r.Row, r.Outcome)).ShouldBe([(1, "created"), (2, "refused"), (3, "unchanged")]);
        rows[1].Problems.Single().Name.ShouldBe("monto");
        (await db.MessageTemplates.CountAsync(t => t.Code == "carta_prejuridica", Ct)).ShouldBe(1);
    }
}
