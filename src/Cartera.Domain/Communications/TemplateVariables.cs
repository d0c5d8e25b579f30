using System.Globalization;
using Cartera.Domain.Common;

namespace Cartera.Domain.Communications;

/// <summary>The type of a template variable: how its value is formatted for the debtor's language.</summary>
public enum TemplateVariableType
{
    Text,
    Number,
    Money,
    Date,
    Url,
}

/// <summary>One variable of the fixed catalogue: its Liquid name, type and what it holds (Spanish and English).</summary>
public sealed record TemplateVariable(string Name, TemplateVariableType Type, string DescriptionEs, string DescriptionEn);

/// <summary>
/// The fixed catalogue of variables a message template may use (docs/user/communications.md). A template naming any
/// other variable is refused when saved. Values are filled from the debtor and the obligation the message is about.
/// </summary>
public static class TemplateVariables
{
    public static readonly IReadOnlyList<TemplateVariable> All =
    [
        new("debtor_name", TemplateVariableType.Text, "Nombre completo del deudor", "Debtor's full name"),
        new("first_name", TemplateVariableType.Text, "Primer nombre del deudor", "Debtor's first name"),
        new("obligation_number", TemplateVariableType.Text, "Número (id externo) de la obligación", "Obligation number (external id)"),
        new("product", TemplateVariableType.Text, "Producto de la obligación", "Obligation's product"),
        new("installment_number", TemplateVariableType.Number, "Número de la próxima cuota sin pagar", "Number of the next unpaid installment"),
        new("due_date", TemplateVariableType.Date, "Fecha de vencimiento de la próxima cuota sin pagar", "Due date of the next unpaid installment"),
        new("installment_value", TemplateVariableType.Money, "Valor pendiente de esa cuota", "Amount still owed on that installment"),
        new("total_overdue", TemplateVariableType.Money, "Total vencido hoy (cuotas vencidas, intereses de mora y cargos)", "Total past due today (installments due, arrears interest and fees)"),
        new("payoff_amount", TemplateVariableType.Money, "Saldo total para cancelar la obligación", "Payoff amount of the obligation"),
        new("days_past_due", TemplateVariableType.Number, "Días de mora", "Days past due"),
        new("payment_reference", TemplateVariableType.Text, "Referencia de pago", "Payment reference"),
        new("payment_link", TemplateVariableType.Url, "Enlace de pago", "Payment link"),
        new("lender_name", TemplateVariableType.Text, "Nombre de la entidad", "Lender's name"),
        new("lender_phone", TemplateVariableType.Text, "Teléfono de atención de la entidad", "Lender's service phone"),
        new("today", TemplateVariableType.Date, "Fecha del mensaje", "Date of the message"),
    ];

    private static readonly Dictionary<string, TemplateVariable> ByName = All.ToDictionary(v => v.Name, StringComparer.Ordinal);

    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    public static TemplateVariable? Find(string name) => ByName.GetValueOrDefault(name);
}

/// <summary>
/// How message variables read in the debtor's language, following the product's display rules (Web's <c>Formats</c>):
/// money in the culture's currency format when the amount is in the culture's own currency (es-CO and COP:
/// <c>$ 1.234.567</c>), otherwise the number in the culture's format followed by the ISO code (<c>1.234,50 USD</c>);
/// cents are shown only when the amount has them (a message reads "$ 350.000", not "$ 350.000,00"). Dates spell the
/// month: <c>15 de diciembre de 2026</c> in Spanish, <c>December 15, 2026</c> in English.
/// </summary>
public static class MessageFormats
{
    /// <summary>The culture of a message: the language with the debtor's country (es + CO → es-CO); an unknown pair
    /// falls back to the language alone (es, en).</summary>
    public static CultureInfo Culture(string language, string? country)
    {
        var lang = string.IsNullOrWhiteSpace(language) ? "es" : language.Trim().ToLowerInvariant();
        if (!string.IsNullOrWhiteSpace(country))
        {
            try
            {
                return CultureInfo.GetCultureInfo(lang + "-" + country.Trim().ToUpperInvariant(), predefinedOnly: true);
            }
            catch (CultureNotFoundException)
            {
                // fall back to the neutral language below
            }
        }

        return CultureInfo.GetCultureInfo(lang);
    }

    public static string Money(long minorUnits, string currencyCode, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var currency = Currency.Of(currencyCode);
        var amount = Common.Money.FromMinorUnits(minorUnits, currency).Amount;
        var decimals = amount == decimal.Truncate(amount) ? 0 : currency.MinorUnits;
        var region = culture.Name.Contains('-', StringComparison.Ordinal) ? new RegionInfo(culture.Name) : null;
        if (region is not null && string.Equals(region.ISOCurrencySymbol, currency.Code, StringComparison.Ordinal))
        {
            var format = (NumberFormatInfo)culture.NumberFormat.Clone();
            format.CurrencyDecimalDigits = decimals;
            return amount.ToString("C", format);
        }

        return amount.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), culture) + "\u00A0" + currency.Code;
    }

    public static string Date(DateOnly date, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var pattern = culture.TwoLetterISOLanguageName == "es" ? "d 'de' MMMM 'de' yyyy" : "MMMM d, yyyy";
        return date.ToString(pattern, culture);
    }

    public static string Count(long value, CultureInfo culture) => value.ToString("N0", culture);
}
