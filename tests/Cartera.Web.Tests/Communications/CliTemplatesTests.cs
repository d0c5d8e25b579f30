using Cartera.Domain.Common;
using Cartera.Domain.Communications;
using Cartera.Domain.Portfolio;
using Cartera.Web.Tests.Support;

namespace Cartera.Web.Tests.Communications;

/// <summary><c>cartera templates list | import | preview</c> (docs/user/communications.md, docs/user/cli.md).</summary>
public sealed class CliTemplatesTests
{
    [Fact]
    public async Task Migrate_seeds_the_reminder_import_refuses_unknown_variables_by_row_and_preview_renders_a_real_debtor()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(0);
        long debtorId;
        await using (var db = cli.Context())
        {
            var debtor = Debtor.Create(
                new DebtorData("D-9", PartyKind.Person, IdentityDocument.Parse(IdType.CC, "1020304050"), "Luis Gómez", null, "CO", null, "Bogotá", "Calle 1", "America/Bogota", "es", null),
                CliHarness.Now);
            db.Debtors.Add(debtor);
            await db.SaveChangesAsync(ct);
            debtorId = debtor.Id;
            var terms = new ObligationTerms("OB-9", ObligationKind.Loan, "consumo", Money.Of(2_000_000m, Currency.COP), new DateOnly(2026, 2, 1), 0.12m, null, 2, PaymentFrequency.Monthly, Amortization.French, new DateOnly(2026, 3, 25), null);
            var obligation = Obligation.Create(terms, debtorId, CliHarness.Now);
            obligation.UseImportedSchedule(
            [
                new PlannedInstallment(1, new DateOnly(2026, 3, 25), Money.Of(1_000_000m, Currency.COP), Money.Of(234_567m, Currency.COP), Money.Zero(Currency.COP), Money.Zero(Currency.COP)),
                new PlannedInstallment(2, new DateOnly(2026, 4, 25), Money.Of(1_000_000m, Currency.COP), Money.Of(10_000m, Currency.COP), Money.Zero(Currency.COP), Money.Zero(Currency.COP)),
            ]);
            db.Obligations.Add(obligation);
            await db.SaveChangesAsync(ct);
        }

        var list = await cli.RunAsync("templates", "list");
        list.ExitCode.ShouldBe(0, list.Error);
        list.Out.ShouldContain("code,language,channel,active,version,length,segments,encoding,subject,updated_by");
        list.Out.ShouldContain("recordatorio_preventivo_sms,es,sms,true,");

        var file = Path.Combine(cli.Folder, "plantillas.json");
        await File.WriteAllTextAsync(file, """
            [
              {"code": "aviso_mora", "channel": "sms", "language": "es", "body": "{{ first_name }}, tiene {{ days_past_due }} dias de mora: {{ total_overdue }}."},
              {"code": "aviso_mora", "channel": "sms", "language": "en", "body": "{{ first_name }}\n{{ saldo }}"}
            ]
            """, ct);
        var import = await cli.RunAsync("templates", "import", file);
        import.ExitCode.ShouldBe(3);
        import.Out.ShouldContain("1\taviso_mora\tes\tcreated");
        import.Out.ShouldContain("2\taviso_mora\ten\trefused");
        import.Error.ShouldContain("fila 2, body: Variable desconocida «saldo» en el cuerpo, línea 2");

        var preview = await cli.RunAsync("templates", "preview", "--code", "recordatorio_preventivo_sms", "--debtor", debtorId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--date", "2026-03-20");
        preview.ExitCode.ShouldBe(0, preview.Error);
        preview.Out.ShouldContain("length: ");
        preview.Out.ShouldContain("(gsm7), segments: 1");
        preview.Out.ShouldContain("Luis, su cuota de $ 1.234.567 vence el 25 de marzo de 2026. Ref. OB-9.");

        var english = await cli.RunAsync("templates", "preview", "--code", "recordatorio_preventivo_email", "--debtor", debtorId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--language", "en", "--date", "2026-03-20");
        english.ExitCode.ShouldBe(0, english.Error);
        english.Out.ShouldContain("subject: Reminder: your installment 1 is due on March 25, 2026");
        english.Out.ShouldContain("for " + MessageFormats.Money(123_456_700, "COP", MessageFormats.Culture("en", "CO")) + ".");

        (await cli.RunAsync("templates", "preview", "--code", "no_existe", "--debtor", "1")).ExitCode.ShouldBe(3);
    }
}
