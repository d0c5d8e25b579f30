using System.Globalization;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Cartera.Application.Collection.Agreements;

/// <summary>What the agreement document shows besides the agreement itself.</summary>
public sealed record AgreementParties(string DebtorName, string DebtorDocument, IReadOnlyList<string> ObligationNumbers);

/// <summary>
/// The agreement as a PDF in Spanish (SkiaSharp <c>SKDocument.CreatePdf</c>, A4): parties, obligations, position on the
/// agreement date, concessions, agreed balance, forgiven amount, down payment, financed amount, rate and total to pay,
/// the schedule, and signature lines for the debtor and the lender. Amounts in the es-CO format (3.120.000,00) with the
/// currency code. Text needs a TrueType font: the system's default sans-serif, else DejaVu Sans or Liberation Sans from
/// the usual Linux folders (Debian: <c>fonts-dejavu-core</c>).
/// </summary>
public static class AgreementPdf
{
    private const float Width = 595f;
    private const float Height = 842f;
    private const float Margin = 50f;

    private static readonly CultureInfo Es = CultureInfo.GetCultureInfo("es-CO");

    private static readonly string[] FontFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ];

    public static async Task<(byte[] Pdf, AgreementView View)?> ForAsync(CarteraDbContext db, PaymentAgreements agreements, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(agreements);
        if (await agreements.GetAsync(id, ct) is not { } view)
        {
            return null;
        }

        var debtor = await db.Debtors.AsNoTracking().SingleAsync(d => d.Id == view.Agreement.DebtorId, ct);
        var numbers = await db.Obligations.AsNoTracking().Where(o => view.ObligationIds.Contains(o.Id)).OrderBy(o => o.ExternalId).Select(o => o.ExternalId).ToListAsync(ct);
        return (Render(view, new AgreementParties(debtor.FullName, $"{EnumCodes.ToCode(debtor.IdType).ToUpperInvariant()} {debtor.Document}", numbers)), view);
    }

    public static byte[] Render(AgreementView view, AgreementParties parties)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(parties);
        var a = view.Agreement;
        var currency = Currency.Of(a.CurrencyCode);
        string M(long minor) => Money.FromMinorUnits(minor, currency).Amount.ToString("N" + currency.MinorUnits.ToString(CultureInfo.InvariantCulture), Es) + " " + currency.Code;
        static string D(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        static string P(decimal fraction) => (fraction * 100m).ToString("0.##", Es) + " %";

        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = $"Acuerdo de pago {a.Id.ToString(CultureInfo.InvariantCulture)}", Creator = "Cartera" }))
        {
            using var typeface = Typeface();
            using var regular = new SKFont(typeface, 10f);
            using var bold = new SKFont(typeface, 14f) { Embolden = true };
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            var canvas = document.BeginPage(Width, Height);
            var y = Margin;

            void NewPageIfNeeded(float needed)
            {
                if (y + needed <= Height - Margin)
                {
                    return;
                }

                document.EndPage();
                canvas = document.BeginPage(Width, Height);
                y = Margin;
            }

            void Line(string text, SKFont font, float x = Margin)
            {
                NewPageIfNeeded(font.Size + 6f);
                y += font.Size + 4f;
                canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
            }

            void Row(params (string Text, float X, bool Right)[] cells)
            {
                NewPageIfNeeded(regular.Size + 6f);
                y += regular.Size + 4f;
                foreach (var (text, x, right) in cells)
                {
                    canvas.DrawText(text, x, y, right ? SKTextAlign.Right : SKTextAlign.Left, regular, paint);
                }
            }

            Line($"Acuerdo de pago N.º {a.Id.ToString(CultureInfo.InvariantCulture)}", bold);
            Line($"Fecha del acuerdo: {D(a.AgreementDate)}", regular);
            Line($"Deudor: {parties.DebtorName} ({parties.DebtorDocument})", regular);
            Line($"Obligaciones incluidas: {string.Join(", ", parties.ObligationNumbers)}", regular);
            y += 8f;
            Line("Saldo a la fecha del acuerdo", bold);
            Row(("Capital vencido", Margin, false), (M(a.OverduePrincipalMinor), Width - Margin, true));
            Row(("Capital por vencer", Margin, false), (M(a.FuturePrincipalMinor), Width - Margin, true));
            Row(("Intereses corrientes vencidos", Margin, false), (M(a.OverdueInterestMinor), Width - Margin, true));
            Row(("Intereses de mora", Margin, false), (M(a.ArrearsInterestMinor), Width - Margin, true));
            Row(("Gastos de cobranza", Margin, false), (M(a.FeesMinor), Width - Margin, true));
            Row(("Otros cargos vencidos", Margin, false), (M(a.OtherOverdueMinor), Width - Margin, true));
            y += 8f;
            Line("Condiciones", bold);
            Row(("Quita (descuento de capital)", Margin, false), (P(a.PrincipalDiscount), Width - Margin, true));
            Row(("Condonación de intereses de mora", Margin, false), (P(a.ArrearsWaiver), Width - Margin, true));
            Row(("Condonación de gastos de cobranza", Margin, false), (P(a.FeeWaiver), Width - Margin, true));
            Row(("Saldo acordado", Margin, false), (M(a.AgreedBalanceMinor), Width - Margin, true));
            Row(("Valor condonado", Margin, false), (M(a.ForgivenMinor), Width - Margin, true));
            Row(($"Cuota inicial (vence el {D(a.AgreementDate)})", Margin, false), (M(a.DownPaymentMinor), Width - Margin, true));
            Row(("Valor financiado", Margin, false), (M(a.FinancedMinor), Width - Margin, true));
            Row(($"Tasa efectiva anual: {P(a.Rate)}; {a.InstallmentCount.ToString(CultureInfo.InvariantCulture)} cuotas mensuales", Margin, false));
            Row(("Total a pagar", Margin, false), (M(a.TotalToPayMinor), Width - Margin, true));
            y += 8f;
            Line("Plan de pagos", bold);
            Row(("Cuota", Margin, false), ("Vencimiento", Margin + 60f, false), ("Capital", 340f, true), ("Interés", 430f, true), ("Valor", Width - Margin, true));
            foreach (var i in view.Installments)
            {
                Row(
                    (i.Number.ToString(CultureInfo.InvariantCulture), Margin, false),
                    (D(i.DueDate), Margin + 60f, false),
                    (M(i.PrincipalMinor), 340f, true),
                    (M(i.InterestMinor), 430f, true),
                    (M(checked(i.PrincipalMinor + i.InterestMinor)), Width - Margin, true));
            }

            y += 8f;
            Line($"Si una cuota queda sin pagar más de {a.GraceDays.ToString(CultureInfo.InvariantCulture)} días después de su vencimiento, el acuerdo", regular);
            Line(a.ReinstateOnBreak ? "se incumple y se restablecen los valores condonados." : "se incumple.", regular);
            NewPageIfNeeded(90f);
            y += 60f;
            canvas.DrawLine(Margin, y, Margin + 200f, y, paint);
            canvas.DrawLine(Width - Margin - 200f, y, Width - Margin, y, paint);
            Row(("Firma del deudor", Margin, false), ("Firma de la entidad", Width - Margin - 200f, false));
            Row(($"{parties.DebtorName}  {parties.DebtorDocument}", Margin, false));
            document.EndPage();
            document.Close();
        }

        return stream.ToArray();
    }

    private static SKTypeface Typeface()
    {
        var candidate = SKFontManager.Default.MatchFamily("DejaVu Sans") ?? SKFontManager.Default.MatchFamily("sans-serif");
        if (candidate is not null && candidate.GlyphCount > 0)
        {
            return candidate;
        }

        candidate?.Dispose();
        foreach (var file in FontFiles)
        {
            if (File.Exists(file) && SKTypeface.FromFile(file) is { GlyphCount: > 0 } typeface)
            {
                return typeface;
            }
        }

        throw new InvalidOperationException("No TrueType font found for the agreement PDF: install DejaVu Sans (Debian: fonts-dejavu-core).");
    }
}
