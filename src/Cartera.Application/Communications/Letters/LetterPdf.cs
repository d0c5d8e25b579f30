using System.Globalization;
using Cartera.Domain.Communications;
using SkiaSharp;

namespace Cartera.Application.Communications.Letters;

/// <summary>What one letter says and to whom: the addressee's name and postal address, the language, the letter's date
/// (its send date), the optional reference line (the message's subject) and the body (plain-text paragraphs).</summary>
public sealed record LetterContent(string RecipientName, string Address, string Language, DateOnly Date, string? Reference, string Body);

/// <summary>A rectangle on the sheet in millimetres from the sheet's top-left corner.</summary>
public readonly record struct SheetRect(float Left, float Top, float Right, float Bottom);

/// <summary>
/// A letter as PDF pages (SkiaSharp <c>SKDocument</c>), laid out for a window envelope. The envelope window is the
/// DIN 5008 form B address field seen through a DL or C5/6 window envelope (DIN 680): 90 × 45 mm, 20 mm from the left
/// edge and 45 mm from the top edge of the sheet (<see cref="Window"/>). Around it a guard of 5 mm on every side
/// (<see cref="WindowZone"/>: 15–115 mm across, 40–95 mm down) allows for the sheet moving in the envelope; inside that
/// zone the first page carries only the lender's return-address line and the addressee's name and address lines. The
/// lender's name heads the sheet above the zone; the date, the reference line and the body start at 105 mm, below it;
/// continuation pages start at the top. Fold marks at the thirds (A4: 105 and 210 mm), page numbers at the foot.
/// </summary>
public static class LetterPdf
{
    /// <summary>The envelope window on the sheet (mm).</summary>
    public static readonly SheetRect Window = new(20f, 45f, 110f, 90f);

    /// <summary>The window with its 5 mm guard: nothing about the debt inside (mm).</summary>
    public static readonly SheetRect WindowZone = new(15f, 40f, 115f, 95f);

    /// <summary>Where the letter's own content starts on the first page (mm from the top).</summary>
    public const float BodyTop = 105f;

    private const float PointsPerMm = 72f / 25.4f;
    private const float LeftMargin = 25f;
    private const float RightMargin = 20f;
    private const float TopMargin = 25f;
    private const float BottomMargin = 25f;
    private const float AddressLeft = 25f;
    private const float AddressWidth = 82f;
    private const float BodyLeading = 14f;
    private const float AddressLeading = 13f;
    private const int MaxAddressLines = 7;

    /// <summary>The sheet's size in points.</summary>
    public static (float Width, float Height) PageSize(LetterPaper paper) => paper == LetterPaper.Letter ? (612f, 792f) : (595.28f, 841.89f);

    /// <summary>Millimetres to PDF points.</summary>
    public static float Points(float mm) => mm * PointsPerMm;

    /// <summary>
    /// The address as printed in the window: its own lines when it has line breaks, else the street up to the first
    /// comma on one line and the rest (city, region) on the next.
    /// </summary>
    public static IReadOnlyList<string> AddressLines(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var lines = address.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length != 1)
        {
            return lines;
        }

        var comma = lines[0].IndexOf(',', StringComparison.Ordinal);
        return comma <= 0 || comma == lines[0].Length - 1 ? lines : [lines[0][..comma].Trim(), lines[0][(comma + 1)..].Trim()];
    }

    /// <summary>The PDF metadata of letters and batches: no personal data, fixed dates (the same input gives the same bytes).</summary>
    public static SKDocumentPdfMetadata Metadata(string title, DateOnly date)
    {
        var at = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return new SKDocumentPdfMetadata
        {
            Title = title,
            Creator = "Cartera",
            Producer = "Cartera",
            Creation = at,
            Modified = at,
            RasterDpi = SKDocumentPdfMetadata.DefaultRasterDpi,
            EncodingQuality = SKDocumentPdfMetadata.DefaultEncodingQuality,
        };
    }

    /// <summary>One letter as a PDF of its own.</summary>
    public static byte[] Render(LetterContent content, LetterSettings settings, LenderContact lender, string title)
    {
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, Metadata(title, content.Date)))
        using (var fonts = LetterFonts.Load())
        {
            Draw(document, fonts, content, settings, lender);
            document.Close();
        }

        return stream.ToArray();
    }

    /// <summary>Draws one letter on new pages of <paramref name="document"/>; returns the number of pages.</summary>
    public static int Draw(SKDocument document, LetterFonts fonts, LetterContent content, LetterSettings settings, LenderContact lender)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(fonts);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(lender);
        var (width, height) = PageSize(settings.Paper);
        var pages = Layout(fonts, content, settings, lender, width, height);
        var culture = MessageFormats.Culture(content.Language, null);
        var english = culture.TwoLetterISOLanguageName == "en";
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true, StrokeWidth = 0.5f };
        for (var i = 0; i < pages.Count; i++)
        {
            var canvas = document.BeginPage(width, height);
            foreach (var (text, x, y, font) in pages[i])
            {
                canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
            }

            // Fold marks on the left edge (thirds of the sheet; A4 form B: 105 and 210 mm).
            var fold = settings.Paper == LetterPaper.A4 ? 105f : 279.4f / 3f;
            canvas.DrawLine(Points(3f), Points(fold), Points(8f), Points(fold), paint);
            canvas.DrawLine(Points(3f), Points(fold * 2f), Points(8f), Points(fold * 2f), paint);
            var footer = english
                ? string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {pages.Count}")
                : string.Create(CultureInfo.InvariantCulture, $"Página {i + 1} de {pages.Count}");
            canvas.DrawText(footer, width / 2f, height - Points(12f), SKTextAlign.Center, fonts.Small, paint);
            document.EndPage();
        }

        return pages.Count;
    }

    private static List<List<(string Text, float X, float Y, SKFont Font)>> Layout(LetterFonts fonts, LetterContent content, LetterSettings settings, LenderContact lender, float width, float height)
    {
        var culture = MessageFormats.Culture(content.Language, null);
        var english = culture.TwoLetterISOLanguageName == "en";
        var pages = new List<List<(string, float, float, SKFont)>>();
        var page = new List<(string, float, float, SKFont)>();
        pages.Add(page);

        // Above the window zone: the lender's name and phone.
        page.Add((lender.Name, Points(LeftMargin), Points(20f), fonts.Heading));
        if (!string.IsNullOrWhiteSpace(lender.Phone))
        {
            page.Add((lender.Phone, Points(LeftMargin), Points(26f), fonts.Small));
        }

        // Inside the window: the return-address line, then the addressee's name and address, nothing else.
        var addressWidth = Points(AddressWidth);
        var returnLine = string.IsNullOrWhiteSpace(settings.ReturnAddress) ? lender.Name : $"{lender.Name} · {settings.ReturnAddress}";
        page.Add((Fit(returnLine, fonts.Small, addressWidth), Points(AddressLeft), Points(50f), fonts.Small));
        var window = new List<string>();
        window.AddRange(Wrap(content.RecipientName.Trim(), fonts.Address, addressWidth));
        foreach (var line in AddressLines(content.Address))
        {
            window.AddRange(Wrap(line, fonts.Address, addressWidth));
        }

        var y = Points(58f);
        foreach (var line in window.Take(MaxAddressLines))
        {
            page.Add((line, Points(AddressLeft), y, fonts.Address));
            y += AddressLeading;
        }

        // Below the window zone: date, reference line and body.
        var left = Points(LeftMargin);
        var textWidth = width - left - Points(RightMargin);
        var bottom = height - Points(BottomMargin);
        y = Points(BodyTop);

        void Add(string text, SKFont font)
        {
            if (y > bottom)
            {
                page = [];
                pages.Add(page);
                y = Points(TopMargin);
            }

            if (text.Length == 0 && page.Count == 0)
            {
                return; // no blank line at the top of a continuation page
            }

            if (text.Length > 0)
            {
                page.Add((text, left, y, font));
            }

            y += BodyLeading;
        }

        Add(MessageFormats.Date(content.Date, culture), fonts.Body);
        Add(string.Empty, fonts.Body);
        if (!string.IsNullOrWhiteSpace(content.Reference))
        {
            foreach (var line in Wrap((english ? "Re: " : "Ref.: ") + content.Reference.Trim(), fonts.Bold, textWidth))
            {
                Add(line, fonts.Bold);
            }

            Add(string.Empty, fonts.Body);
        }

        var body = content.Body.Replace("\r", string.Empty, StringComparison.Ordinal).Replace('\t', ' ').Trim('\n');
        foreach (var paragraph in body.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(paragraph))
            {
                Add(string.Empty, fonts.Body);
                continue;
            }

            foreach (var line in Wrap(paragraph.TrimEnd(), fonts.Body, textWidth))
            {
                Add(line, fonts.Body);
            }
        }

        return pages;
    }

    /// <summary>Breaks <paramref name="text"/> into lines no wider than <paramref name="width"/> at spaces (a longer word is cut).</summary>
    internal static IEnumerable<string> Wrap(string text, SKFont font, float width)
    {
        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (font.MeasureText(candidate) <= width)
            {
                line = candidate;
                continue;
            }

            if (line.Length > 0)
            {
                yield return line;
            }

            line = word;
            while (font.MeasureText(line) > width && line.Length > 1)
            {
                var cut = (int)font.BreakText(line, width);
                cut = Math.Clamp(cut, 1, line.Length - 1);
                yield return line[..cut];
                line = line[cut..];
            }
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }

    private static string Fit(string text, SKFont font, float width)
    {
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        var cut = (int)font.BreakText(text + "…", width - font.MeasureText("…"));
        return text[..Math.Clamp(cut, 1, text.Length)].TrimEnd() + "…";
    }
}

/// <summary>
/// The fonts of a letter: one TrueType face, embedded whole in each PDF (SkiaSharp's Linux build does not subset), so
/// the smaller Liberation Sans (Debian: <c>fonts-liberation</c>, about 140 kB) comes before DejaVu Sans (760 kB).
/// </summary>
public sealed class LetterFonts : IDisposable
{
    private static readonly string[] Files =
    [
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ];

    private readonly SKTypeface _typeface;

    private LetterFonts(SKTypeface typeface)
    {
        _typeface = typeface;
        Heading = new SKFont(typeface, 12f) { Embolden = true };
        Small = new SKFont(typeface, 7f);
        Address = new SKFont(typeface, 10f);
        Body = new SKFont(typeface, 10f);
        Bold = new SKFont(typeface, 10f) { Embolden = true };
    }

    public SKFont Heading { get; }

    public SKFont Small { get; }

    public SKFont Address { get; }

    public SKFont Body { get; }

    public SKFont Bold { get; }

    public static LetterFonts Load()
    {
        var face = Files.Where(File.Exists).Select(f => SKTypeface.FromFile(f)).FirstOrDefault(t => t is { GlyphCount: > 0 })
            ?? SKFontManager.Default.MatchFamily("sans-serif")
            ?? throw new InvalidOperationException("No TrueType font found for letters: install DejaVu Sans (Debian: fonts-dejavu-core).");
        return new LetterFonts(face);
    }

    public void Dispose()
    {
        Heading.Dispose();
        Small.Dispose();
        Address.Dispose();
        Body.Dispose();
        Bold.Dispose();
        _typeface.Dispose();
    }
}
