using Cartera.Application.Communications.Letters;
using Cartera.Application.Communications.Outbox;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Portfolio;
using Cartera.Web.Tests.Support;
using UglyToad.PdfPig;

namespace Cartera.Web.Tests.Communications;

/// <summary><c>cartera letters batch</c> (docs/user/communications.md "Letters", docs/user/cli.md).</summary>
public sealed class CliLettersTests
{
    [Fact]
    public async Task Letters_batch_writes_the_days_batch_and_manifest_in_the_letters_folder_and_the_same_bytes_again()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cli = new CliHarness();
        (await cli.RunAsync("db", "migrate")).ExitCode.ShouldBe(0);
        var date = new DateOnly(2026, 11, 24);
        var ids = new List<(long Message, long Debtor)>();
        await using (var db = cli.Context())
        {
            foreach (var (n, name, address, status) in new[]
            {
                (1, "Luis Gómez", "Calle 1 # 2-3\n110111 Bogotá", OutboxStatus.Sent),
                (2, "Ana Ruiz", "Carrera 9 # 8-7, Cali", OutboxStatus.Delivered),
                (3, "Marta Díaz", "Calle 5 # 6-7, Pasto", OutboxStatus.Queued),
            })
            {
                var debtor = Debtor.Create(new DebtorData($"D-{n}", PartyKind.Person, IdentityDocument.Parse(IdType.CC, $"102030405{n}"), name, null, "CO", null, n == 1 ? "Bogotá" : null, null, "America/Bogota", "es", null), CliHarness.Now);
                var point = debtor.AddContactPoint(ContactChannel.PostalAddress, address, CliHarness.Now);
                db.Debtors.Add(debtor);
                await db.SaveChangesAsync(ct);
                var message = new OutboxMessage
                {
                    DebtorId = debtor.Id,
                    Strategy = "temprana",
                    Step = "carta",
                    SendDate = date,
                    Channel = ConsentChannel.Letters,
                    Recipient = point.Id,
                    ScheduledAt = CliHarness.Now,
                    NextAttemptAt = CliHarness.Now,
                    Status = status,
                    Subject = "Aviso",
                    Body = "Su saldo vencido es de $ 1.234.567.",
                };
                db.OutboxMessages.Add(message);
                await db.SaveChangesAsync(ct);
                ids.Add((message.Id, debtor.Id));
            }
        }

        var letters = Path.Combine(cli.Folder, "cartas");
        var run = await cli.RunAsync("letters", "batch", "--date", "2026-11-24", "--Communications:Letters:Directory", letters);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("2026-11-24: 2 letter(s), 2 page(s)");
        var day = Path.Combine(letters, "2026-11-24");
        run.Out.ShouldContain($"manifest: {Path.Combine(day, "manifest.csv")}");
        var manifest = await File.ReadAllTextAsync(Path.Combine(day, "manifest.csv"), ct);
        manifest.ShouldBe(
            "sequence,message_id,debtor_id,strategy,step,pages,first_page,postal_code,city,file\n" +
            $"1,{ids[0].Message},{ids[0].Debtor},temprana,carta,1,1,110111,Bogotá,2026-11-24/cartera-outbox-{ids[0].Message}.pdf\n" +
            $"2,{ids[1].Message},{ids[1].Debtor},temprana,carta,1,2,,,2026-11-24/cartera-outbox-{ids[1].Message}.pdf\n");
        var batch = await File.ReadAllBytesAsync(Path.Combine(day, "batch.pdf"), ct);
        using (var pdf = PdfDocument.Open(batch))
        {
            pdf.NumberOfPages.ShouldBe(2);
            var page = pdf.GetPage(2);
            var (width, height) = LetterPdf.PageSize(LetterPaper.A4);
            page.Width.ShouldBe(width, 0.5);
            page.Height.ShouldBe(height, 0.5);
            var zone = LetterPdf.WindowZone;
            var window = page.GetWords().Where(w => w.BoundingBox.Left < LetterPdf.Points(zone.Right) && w.BoundingBox.Right > LetterPdf.Points(zone.Left)
                && w.BoundingBox.Top > page.Height - LetterPdf.Points(zone.Bottom) && w.BoundingBox.Bottom < page.Height - LetterPdf.Points(zone.Top));
            string.Join(' ', window.Select(w => w.Text)).ShouldBe("Cartera Ana Ruiz Carrera 9 # 8-7 Cali");
            string.Join(' ', page.GetWords().Select(w => w.Text)).ShouldContain("Su saldo vencido es de $ 1.234.567.");
        }

        // Again, into --out and on Letter paper: the same letters; again into the same folder: the same bytes.
        var again = await cli.RunAsync("letters", "batch", "--date", "2026-11-24", "--Communications:Letters:Directory", letters);
        again.ExitCode.ShouldBe(0, again.Error);
        (await File.ReadAllBytesAsync(Path.Combine(day, "batch.pdf"), ct)).ShouldBe(batch);
        var other = Path.Combine(cli.Folder, "imprenta");
        var letter = await cli.RunAsync("letters", "batch", "-d", "2026-11-24", "--out", other, "--Communications:Letters:Paper", "letter");
        letter.ExitCode.ShouldBe(0, letter.Error);
        (await File.ReadAllTextAsync(Path.Combine(other, "manifest.csv"), ct)).ShouldBe(manifest);
        using (var pdf = PdfDocument.Open(Path.Combine(other, "batch.pdf")))
        {
            pdf.GetPage(1).Height.ShouldBe(792, 0.5);
        }

        (await cli.RunAsync("letters", "batch")).ExitCode.ShouldBe(2);
        (await cli.RunAsync("letters", "batch", "--date", "2026-11-24", "--out", other, "--Communications:Letters:Paper", "legal")).ExitCode.ShouldNotBe(0);
    }
}
