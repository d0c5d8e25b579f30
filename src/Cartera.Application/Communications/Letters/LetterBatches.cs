using System.Globalization;
using System.Text.RegularExpressions;
using Cartera.Application.Communications.Outbox;
using Cartera.Application.Data;
using Cartera.Application.Export;
using Cartera.Application.Portfolio;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Cartera.Application.Communications.Letters;

/// <summary>What assembling a day's print batch wrote: letters, pages, the batch (null when the day has no letters) and the manifest.</summary>
public sealed record LetterBatchResult(DateOnly Date, int Letters, int Pages, string? BatchFile, string ManifestFile);

/// <summary>
/// The daily print batch (docs/user/communications.md, "Letters"): the letters sent on a send date (outbox messages of
/// channel <c>letters</c> in status <c>sent</c> or <c>delivered</c>), in message id order, as one <c>batch.pdf</c> —
/// each letter starting on a new sheet (with <c>duplex</c>, a letter with an odd number of pages gets a blank back page)
/// — and a <c>manifest.csv</c> with one row per letter (<see cref="ManifestHeader"/>). Each letter is drawn again from
/// the message and the addressee (Portfolio's <see cref="DebtorPortfolio.PostalAddresseesAsync"/>) with the same layout
/// as its own file. Idempotent: the same letters give byte-identical files (fixed metadata dates, no random ids); both
/// files are written to temporary names and renamed at the end. Memory stays bounded: messages are read
/// <see cref="ChunkSize"/> at a time and pages are streamed to the file.
/// </summary>
public sealed partial class LetterBatches(CarteraDbContext db, LetterSettings settings, LenderContact lender)
{
    public const int ChunkSize = 200;

    public const string BatchFileName = "batch.pdf";

    public const string ManifestFileName = "manifest.csv";

    public static readonly string[] ManifestHeader = ["sequence", "message_id", "debtor_id", "strategy", "step", "pages", "first_page", "postal_code", "city", "file"];

    /// <summary>Writes the batch of <paramref name="date"/> into <paramref name="outDirectory"/> (default: the day's folder of the letters directory).</summary>
    public async Task<LetterBatchResult> AssembleAsync(DateOnly date, string? outDirectory = null, bool duplex = false, CancellationToken cancellationToken = default)
    {
        var folder = string.IsNullOrWhiteSpace(outDirectory) ? settings.DayFolder(date) : Path.GetFullPath(outDirectory);
        Directory.CreateDirectory(folder);
        var batchPath = Path.Combine(folder, BatchFileName);
        var manifestPath = Path.Combine(folder, ManifestFileName);
        var batchTemporary = LetterChannel.TemporaryName(batchPath);
        var manifestTemporary = LetterChannel.TemporaryName(manifestPath);
        var portfolio = new DebtorPortfolio(db);
        var (width, height) = LetterPdf.PageSize(settings.Paper);
        var letters = 0;
        var pages = 0;
        try
        {
            await using (var pdf = new FileStream(batchTemporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            await using (var manifest = new StreamWriter(manifestTemporary, false, CsvText.Utf8NoBom) { NewLine = "\n" })
            using (var fonts = LetterFonts.Load())
            using (var document = SKDocument.CreatePdf(pdf, LetterPdf.Metadata($"Cartas {LetterSettings.Day(date)}", date)))
            {
                await manifest.WriteLineAsync(CsvText.Line(ManifestHeader));
                long after = 0;
                while (true)
                {
                    var chunk = await db.OutboxMessages.AsNoTracking()
                        .Where(m => m.Channel == ConsentChannel.Letters && m.SendDate == date && (m.Status == OutboxStatus.Sent || m.Status == OutboxStatus.Delivered) && m.Id > after)
                        .OrderBy(m => m.Id)
                        .Take(ChunkSize)
                        .Select(m => new { m.Id, m.DebtorId, m.Strategy, m.Step, m.Recipient, m.Subject, m.Body })
                        .ToListAsync(cancellationToken);
                    if (chunk.Count == 0)
                    {
                        break;
                    }

                    after = chunk[^1].Id;
                    var addressees = (await portfolio.PostalAddresseesAsync(chunk.Where(m => m.Recipient is not null).Select(m => m.Recipient!.Value).Distinct().ToList(), cancellationToken)).ToDictionary(a => a.ContactPointId);
                    foreach (var m in chunk)
                    {
                        if (m.Recipient is not { } recipient || !addressees.TryGetValue(recipient, out var to))
                        {
                            continue; // the outbox accepts letters to postal addresses only; nothing to print otherwise
                        }

                        var first = pages + 1;
                        var count = LetterPdf.Draw(document, fonts, new LetterContent(to.FullName, to.Address, to.Language, date, m.Subject, m.Body), settings, lender);
                        pages = checked(pages + count);
                        if (duplex && count % 2 == 1)
                        {
                            document.BeginPage(width, height);
                            document.EndPage();
                            pages++;
                        }

                        letters++;
                        await manifest.WriteLineAsync(CsvText.Line(
                        [
                            Number(letters), Number(m.Id), Number(m.DebtorId), CsvText.Defuse(m.Strategy), CsvText.Defuse(m.Step), Number(count), Number(first),
                            PostalCode(to.Address), CsvText.Defuse(to.City ?? string.Empty), LetterSettings.RelativeFile(date, OutboxKeys.For(m.Id)),
                        ]));
                    }
                }

                if (letters > 0)
                {
                    document.Close();
                }
                else
                {
                    document.Abort();
                }
            }

            if (letters > 0)
            {
                File.Move(batchTemporary, batchPath, overwrite: true);
            }
            else
            {
                File.Delete(batchPath); // no letters (any more) on this date: no batch to print
            }

            File.Move(manifestTemporary, manifestPath, overwrite: true);
        }
        finally
        {
            File.Delete(batchTemporary);
            File.Delete(manifestTemporary);
        }

        return new LetterBatchResult(date, letters, pages, letters > 0 ? batchPath : null, manifestPath);
    }

    /// <summary>A postal code written in the address after its first line (5 or 6 digits, or a US ZIP+4); empty when there is none.</summary>
    public static string PostalCode(string address)
    {
        foreach (var line in LetterPdf.AddressLines(address).Skip(1))
        {
            if (PostalCodePattern().Match(line) is { Success: true } match)
            {
                return match.Value;
            }
        }

        return string.Empty;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<![\d-])\d{5,6}(-\d{4})?(?![\d-])", RegexOptions.CultureInvariant, 100)]
    private static partial Regex PostalCodePattern();
}
