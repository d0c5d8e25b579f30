using System.Globalization;
using Cartera.Application.Communications;
using Cartera.Application.Communications.Letters;
using Cartera.Application.Communications.Outbox;
using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using static Cartera.Application.Tests.Communications.OutboxFixture;

namespace Cartera.Application.Tests.Communications;

/// <summary>Letters: the PDF of each letter in the day's print batch, the window envelope, the batch and its manifest.</summary>
public sealed class LetterTests : IDisposable
{
    public static readonly LenderContact Lender = new("Banco Andino", "601 555 0100");

    /// <summary>Words that tell what a letter is about: none may show through the window.</summary>
    public static readonly string[] DebtWords = ["cobranza", "mora", "deuda", "saldo", "pago", "vencid", "obligación", "$", "COP", "OB-77", "Ref"];

    private const string Address = "Calle 45 # 12-30 Apto 501\nBarrio Teusaquillo\n111311 Bogotá D.C.";

    private const string Body = """
        Estimada Ana María:

        Su obligación OB-77 presenta una mora de 35 días. La deuda vencida es de $ 1.234.567 y el pago mínimo para ponerse al día es de $ 345.678.

        Puede pagar con la referencia OB-77 en cualquier oficina.

        Departamento de cobranza
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cartera-letter-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LetterSettings Settings => new() { Directory = _folder, ReturnAddress = "Cra. 7 # 71-21, Bogotá" };

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_worker_files_each_letter_as_a_pdf_in_its_day_and_only_name_and_address_show_through_the_window(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var db = database.Context(clock: clock);
        using var cache = new ComplianceCatalogCache();
        var ana = await AddAddresseeAsync(db, 1, "Ana María Pérez Rodríguez", Address, "Bogotá");
        var outbox = new Outbox(db, clock);
        var letter = await outbox.EnqueueAsync(Letter(ana, "carta-1", Body, "Aviso de cobranza - obligación OB-77"), Ct);
        var channel = new LetterChannel(Settings, Lender);

        var run = await Worker(db, cache, clock, channel).RunOnceAsync(Ct);

        run.Sent.ShouldBe(1);
        var row = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == letter.Id, Ct);
        row.Status.ShouldBe(OutboxStatus.Sent);
        row.ProviderMessageId.ShouldBe($"2026-11-24/cartera-outbox-{letter.Id}.pdf");
        var file = Path.Combine(_folder, "2026-11-24", $"cartera-outbox-{letter.Id}.pdf");
        Directory.GetFiles(Path.Combine(_folder, "2026-11-24")).ShouldBe([file]);
        var bytes = await File.ReadAllBytesAsync(file, Ct);

        using (var pdf = PdfDocument.Open(bytes))
        {
            pdf.NumberOfPages.ShouldBe(1);
            var page = pdf.GetPage(1);
            var text = Text(page);
            text.ShouldContain("$ 1.234.567");
            text.ShouldContain("$ 345.678");
            text.ShouldContain("Ref.: Aviso de cobranza - obligación OB-77");
            text.ShouldContain("24 de noviembre de 2026");

            // Through the window (with its guard): the return line, the name and the address lines, nothing else.
            var window = WordsIn(page, LetterPdf.WindowZone);
            var allowed = string.Join(' ', "Banco Andino · Cra. 7 # 71-21, Bogotá", "Ana María Pérez Rodríguez", "Calle 45 # 12-30 Apto 501", "Barrio Teusaquillo", "111311 Bogotá D.C.");
            window.ShouldNotBeEmpty();
            window.ShouldAllBe(w => allowed.Split(' ', StringSplitOptions.None).Contains(w.Text));
            string.Join(' ', window.Select(w => w.Text)).ShouldBe(allowed);
            window.ShouldNotContain(w => w.Text.Contains("234", StringComparison.Ordinal) || w.Text.Contains("567", StringComparison.Ordinal) || w.Text.Contains("345", StringComparison.Ordinal) || w.Text.Contains("678", StringComparison.Ordinal));
            foreach (var word in DebtWords)
            {
                window.ShouldNotContain(w => w.Text.Contains(word, StringComparison.OrdinalIgnoreCase), word);
            }

            // The addressee sits inside the window itself, not only in the guard zone.
            WordsIn(page, LetterPdf.Window).Select(w => w.Text).ShouldContain("Teusaquillo");

            // Above where the letter's content starts there is only the lender's heading and the window's lines.
            var top = WordsIn(page, new SheetRect(0f, 0f, 210f, LetterPdf.BodyTop - 4f)).Select(w => w.Text).ToList();
            top.ShouldBe(["Banco", "Andino", "601", "555", "0100", .. window.Select(w => w.Text)]);
        }

        // A retry after a crash (the same message again) overwrites the letter: one file, the same bytes, no leftovers.
        var receipt = await channel.SendAsync(new OutgoingMessage(letter.Id, OutboxKeys.For(letter.Id), ConsentChannel.Letters, Address, "Aviso de cobranza - obligación OB-77", Body) { SendDate = SendDate, RecipientName = "Ana María Pérez Rodríguez", Language = "es" }, Ct);
        receipt.ProviderMessageId.ShouldBe(row.ProviderMessageId);
        Directory.GetFiles(Path.Combine(_folder, "2026-11-24")).ShouldBe([file]);
        (await File.ReadAllBytesAsync(file, Ct)).ShouldBe(bytes);
    }

    [Fact]
    public async Task A_letter_without_a_name_fails_for_good_and_writes_nothing()
    {
        var channel = new LetterChannel(Settings, Lender);

        var e = await Should.ThrowAsync<MessageChannelException>(() => channel.SendAsync(new OutgoingMessage(9, OutboxKeys.For(9), ConsentChannel.Letters, Address, null, Body) { SendDate = SendDate }, Ct));

        e.Code.ShouldBe("letter_no_recipient");
        e.Permanent.ShouldBeTrue();
        Directory.Exists(_folder).ShouldBeFalse();
    }

    [Fact]
    public void The_outbox_takes_letters_to_postal_addresses_only()
    {
        Outbox.Fits(ConsentChannel.Letters, ContactChannel.PostalAddress).ShouldBeTrue();
        Outbox.Fits(ConsentChannel.Letters, ContactChannel.Email).ShouldBeFalse();
        Outbox.Fits(ConsentChannel.Email, ContactChannel.PostalAddress).ShouldBeFalse();
        LetterPdf.AddressLines("Calle 45 # 12-30, Bogotá, Cundinamarca").ShouldBe(["Calle 45 # 12-30", "Bogotá, Cundinamarca"]);
        LetterBatches.PostalCode(Address).ShouldBe("111311");
        LetterBatches.PostalCode("Calle 45 # 12-30, Bogotá, Cundinamarca").ShouldBe(string.Empty);
        LetterBatches.PostalCode("1600 Pennsylvania Ave NW\nWashington, DC 20500-0003").ShouldBe("20500-0003");
        Should.Throw<DomainException>(() => LetterSettings.From(null, "legal", null)).Code.ShouldBe("invalid_value");
        LetterSettings.From(_folder, "Letter", " ").ShouldBe(new LetterSettings { Directory = _folder, Paper = LetterPaper.Letter });
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_daily_batch_puts_the_sent_letters_in_message_order_with_a_manifest_and_is_the_same_when_run_again(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var db = database.Context(clock: clock);
        using var cache = new ComplianceCatalogCache();
        var ana = await AddAddresseeAsync(db, 1, "Ana María Pérez", Address, "Bogotá");
        var luis = await AddAddresseeAsync(db, 2, "Luis Gómez", "Carrera 10 # 20-30, Medellín, Antioquia", "Medellín");
        var noConsent = await AddAddresseeAsync(db, 3, "Marta Ruiz", "Calle 1 # 2-3, Cali", "Cali", consent: false);
        var sara = await AddAddresseeAsync(db, 4, "Sara Díaz", "Avenida 68 # 1-10\n110931 Bogotá", null);
        var email = await AddDebtorAsync(db, 5);
        var outbox = new Outbox(db, clock);
        var longBody = string.Join("\n\n", Enumerable.Range(1, 40).Select(i => $"Párrafo {i}: la deuda vencida sigue en $ 2.000.000 a la fecha."));
        var a = await outbox.EnqueueAsync(Letter(ana, "carta-1", Body, null), Ct);
        var l = await outbox.EnqueueAsync(Letter(luis, "carta-1", longBody, "Aviso"), Ct);
        var blocked = await outbox.EnqueueAsync(Letter(noConsent, "carta-1", Body, null), Ct);
        var s = await outbox.EnqueueAsync(Letter(sara, "carta-2", Body, null), Ct);
        await outbox.EnqueueAsync(Email(email), Ct);
        await outbox.EnqueueAsync(Letter(ana, "carta-1", Body, null) with { SendDate = SendDate.AddDays(1), ScheduledAt = TuesdayMorning.AddDays(1) }, Ct);
        await using var smtp = new SmtpSink();
        var run = await Worker(db, cache, clock, new LetterChannel(Settings, Lender), new SmtpEmailChannel(smtp.Settings)).RunOnceAsync(Ct);
        run.Sent.ShouldBe(4);
        (await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == blocked.Id, Ct)).Status.ShouldBe(OutboxStatus.Blocked);

        var outDir = Path.Combine(_folder, "print");
        var batches = new LetterBatches(db, Settings, Lender);
        var result = await batches.AssembleAsync(SendDate, outDir, cancellationToken: Ct);

        result.Letters.ShouldBe(3);
        result.BatchFile.ShouldBe(Path.Combine(outDir, "batch.pdf"));
        var manifest = await File.ReadAllLinesAsync(result.ManifestFile, Ct);
        var lPages = PageCount(Path.Combine(_folder, "2026-11-24", $"cartera-outbox-{l.Id}.pdf"));
        lPages.ShouldBeGreaterThan(1);
        result.Pages.ShouldBe(2 + lPages);
        manifest.ShouldBe(
        [
            "sequence,message_id,debtor_id,strategy,step,pages,first_page,postal_code,city,file",
            $"1,{a.Id},{ana.DebtorId},preventiva,carta-1,1,1,111311,Bogotá,2026-11-24/cartera-outbox-{a.Id}.pdf",
            $"2,{l.Id},{luis.DebtorId},preventiva,carta-1,{lPages},2,,Medellín,2026-11-24/cartera-outbox-{l.Id}.pdf",
            $"3,{s.Id},{sara.DebtorId},preventiva,carta-2,1,{2 + lPages},110931,,2026-11-24/cartera-outbox-{s.Id}.pdf",
        ]);

        // The batch holds the sum of the letters' pages; each letter's pages are its own file's pages.
        var batch = await File.ReadAllBytesAsync(result.BatchFile!, Ct);
        using (var pdf = PdfDocument.Open(batch))
        {
            pdf.NumberOfPages.ShouldBe(result.Pages);
            var letters = new[] { (a.Id, 1, 1), (l.Id, 2, lPages), (s.Id, 2 + lPages, 1) };
            foreach (var (id, first, pages) in letters)
            {
                using var own = PdfDocument.Open(Path.Combine(_folder, "2026-11-24", $"cartera-outbox-{id}.pdf"));
                for (var p = 0; p < pages; p++)
                {
                    Text(pdf.GetPage(first + p)).ShouldBe(Text(own.GetPage(p + 1)));
                }
            }

            string.Join(' ', WordsIn(pdf.GetPage(2), LetterPdf.WindowZone).Select(w => w.Text)).ShouldBe("Banco Andino · Cra. 7 # 71-21, Bogotá Luis Gómez Carrera 10 # 20-30 Medellín, Antioquia");
            Text(pdf.GetPage(2 + lPages)).ShouldContain("Sara Díaz");
        }

        // Run again: byte for byte the same files, and no temporary files left behind.
        var again = await batches.AssembleAsync(SendDate, outDir, cancellationToken: Ct);
        again.ShouldBe(result);
        (await File.ReadAllBytesAsync(result.BatchFile!, Ct)).ShouldBe(batch);
        (await File.ReadAllLinesAsync(result.ManifestFile, Ct)).ShouldBe(manifest);
        Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(["batch.pdf", "manifest.csv"]);

        // Duplex: a letter with an odd number of pages gets a blank back page, so each starts on a new sheet.
        var duplex = await batches.AssembleAsync(SendDate, Path.Combine(_folder, "duplex"), duplex: true, cancellationToken: Ct);
        var padded = lPages + (lPages % 2);
        duplex.Pages.ShouldBe(2 + padded + 2);
        (await File.ReadAllLinesAsync(duplex.ManifestFile, Ct)).Select(line => line.Split(',')[6]).ShouldBe(["first_page", "1", "3", (3 + padded).ToString(CultureInfo.InvariantCulture)]);
        PageCount(duplex.BatchFile!).ShouldBe(duplex.Pages);

        // A day without letters: the manifest has its header only and there is no batch to print.
        var empty = await batches.AssembleAsync(SendDate.AddDays(-1), cancellationToken: Ct);
        empty.ShouldBe(new LetterBatchResult(SendDate.AddDays(-1), 0, 0, null, Path.Combine(_folder, "2026-11-23", "manifest.csv")));
        (await File.ReadAllLinesAsync(empty.ManifestFile, Ct)).ShouldBe([manifest[0]]);
    }

    public sealed record Addressee(long DebtorId, long Address);

    public static async Task<Addressee> AddAddresseeAsync(CarteraDbContext db, int n, string name, string address, string? city, bool consent = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        var at = TuesdayMorning.AddDays(-60);
        var data = new DebtorData($"CL-{n}", PartyKind.Person, IdentityDocument.Parse(IdType.CC, (1030405000 + n).ToString(CultureInfo.InvariantCulture)), name, null, "CO", null, city, null, null, "es", null);
        var debtor = Debtor.Create(data, at);
        if (consent)
        {
            debtor.RecordConsent(ConsentChannel.Letters, ConsentPurpose.Collection, true, "test", "signed_form", "Formulario 12", at);
        }

        var point = debtor.AddContactPoint(ContactChannel.PostalAddress, address, at);
        db.Debtors.Add(debtor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return new Addressee(debtor.Id, point.Id);
    }

    public static OutboxEnqueue Letter(Addressee to, string step, string body, string? subject) =>
        new(to.DebtorId, "preventiva", "champion", step, SendDate, ConsentChannel.Letters, to.Address, TuesdayMorning, subject, body);

    /// <summary>The words of a page whose box meets <paramref name="zone"/> (mm from the sheet's top-left corner).</summary>
    public static List<Word> WordsIn(Page page, SheetRect zone)
    {
        ArgumentNullException.ThrowIfNull(page);
        var left = LetterPdf.Points(zone.Left);
        var right = LetterPdf.Points(zone.Right);
        var top = page.Height - LetterPdf.Points(zone.Top);
        var bottom = page.Height - LetterPdf.Points(zone.Bottom);
        return page.GetWords().Where(w => w.BoundingBox.Right > left && w.BoundingBox.Left < right && w.BoundingBox.Bottom < top && w.BoundingBox.Top > bottom).ToList();
    }

    public static string Text(Page page) => string.Join(' ', page.GetWords().Select(w => w.Text));

    private static int PageCount(string file)
    {
        using var pdf = PdfDocument.Open(file);
        return pdf.NumberOfPages;
    }
}
