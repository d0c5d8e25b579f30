using Cartera.Application.Audit;
using Cartera.Application.Collection.Agreements;
using Cartera.Domain.Collection.Agreements;
using Cartera.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;

namespace Cartera.Application.Tests.Collection.Agreements;

/// <summary>The agreement PDF in Spanish, read back with PdfPig: terms, schedule, totals and signature lines.</summary>
public sealed class AgreementPdfTests
{
    [Fact]
    public async Task The_pdf_of_the_RULES_case_reads_back_with_terms_schedule_totals_and_signatures()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        long obligationId;
        await using (var db = database.Context())
        {
            (_, obligationId) = await AgreementFixture.RulesObligationAsync(db);
        }

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 20, 15, 0, 0, TimeSpan.Zero));
        await using var context = database.Context(FixedActor.System, clock);
        var agreements = new PaymentAgreements(context, FixedActor.System, clock, new AgreementOptions());
        var created = await agreements.CreateAsync(new AgreementRequest([obligationId], AgreementFixture.A, 6, 0m, ArrearsWaiver: 1m), AgreementApprover.Administrator, ct);

        var result = await AgreementPdf.ForAsync(context, agreements, created.Agreement.Id, ct);

        result.ShouldNotBeNull();
        result.Value.Pdf.AsSpan(0, 5).ToArray().ShouldBe("%PDF-"u8.ToArray());
        using var pdf = PdfDocument.Open(result.Value.Pdf);
        var text = string.Join('\n', pdf.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))));
        text.ShouldContain("Acuerdo de pago");
        text.ShouldContain("Deudor D-ACU-1");
        text.ShouldContain("Obligaciones incluidas: ACU-1");
        text.ShouldContain("Saldo acordado 3.120.000,00 COP");
        text.ShouldContain("Cuota inicial (vence el 20/03/2026) 312.000,00 COP");
        text.ShouldContain("Valor financiado 2.808.000,00 COP");
        text.ShouldContain("Total a pagar 3.120.000,00 COP");
        text.ShouldContain("6 20/09/2026 468.000,00 COP 0,00 COP 468.000,00 COP");
        text.ShouldContain("Condonación de intereses de mora 100 %");
        text.ShouldContain("Firma del deudor");
        text.ShouldContain("Firma de la entidad");
        (await AgreementPdf.ForAsync(context, agreements, created.Agreement.Id + 99, ct)).ShouldBeNull();
    }
}
