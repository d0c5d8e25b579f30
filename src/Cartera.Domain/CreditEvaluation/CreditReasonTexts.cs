using System.Globalization;

namespace Cartera.Domain.CreditEvaluation;

/// <summary>
/// The Spanish (default) and English texts of <see cref="CreditReason"/> codes, with the reason's values formatted in
/// the language's culture (es-CO, en-US): shares as percentages ("46 %"), amounts with thousands separators and the
/// currency code. An unknown code renders as the code itself.
/// </summary>
public static class CreditReasonTexts
{
    private static readonly CultureInfo Es = CultureInfo.GetCultureInfo("es-CO");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    private static readonly Dictionary<string, (string Es, string En)> Templates = new(StringComparer.Ordinal)
    {
        ["under_min_age"] = ("Edad de {age} años, menor que la mínima de {min}", "Age {age} is below the minimum of {min}"),
        ["bureau_delinquent_accounts"] = ("{accounts} cuenta(s) en mora actualmente en el buró (máximo {max})", "{accounts} account(s) currently past due at the bureau (maximum {max})"),
        ["dti_above_max"] = ("Relación deuda/ingreso de {dti%} supera el máximo de {max%}", "Debt-to-income of {dti%} exceeds the maximum of {max%}"),
        ["disposable_below_min"] = ("Ingreso disponible de {disposable$} ({share%} del ingreso) por debajo del mínimo de {min%}", "Disposable income of {disposable$} ({share%} of income) is below the minimum of {min%}"),
        ["counter_offer"] = ("Contraoferta: hasta {amount$} a {term} meses (cuota de hasta {installment$})", "Counter-offer: up to {amount$} over {term} months (installment up to {installment$})"),
        ["not_affordable"] = ("Sin capacidad de pago para un crédito al mismo plazo y tasa", "No repayment capacity for a credit at the same term and rate"),
        ["bureau_missing"] = ("Sin datos de buró: decide una persona", "No bureau data: a person decides"),
        ["bureau_stale"] = ("Reporte de buró del {date} con {days} días de antigüedad (máximo {max})", "Bureau report of {date} is {days} days old (maximum {max})"),
        ["bureau_past_delinquency"] = ("Peor mora de {days} días en los últimos 24 meses (desde {limit} se revisa)", "Worst delinquency of {days} days in the last 24 months (referred from {limit})"),
        ["bureau_many_inquiries"] = ("{inquiries} consultas al buró en 6 meses (máximo {max})", "{inquiries} bureau inquiries in 6 months (maximum {max})"),
        ["bureau_low_score"] = ("Puntaje de buró {score}, menor que el mínimo de {min}", "Bureau score {score} is below the minimum of {min}"),
        ["no_model"] = ("Sin modelo de originación activo: decide una persona", "No active application model: a person decides"),
        ["model_high_risk"] = ("Probabilidad de incumplimiento de {p%}, desde {decline_from%} se rechaza", "Probability of default of {p%}, declined from {decline_from%}"),
        ["model_medium_risk"] = ("Probabilidad de incumplimiento de {p%}, entre {approve_below%} y {decline_from%}: se revisa", "Probability of default of {p%}, between {approve_below%} and {decline_from%}: referred"),
        ["model_low_risk"] = ("Probabilidad de incumplimiento de {p%}, menor que {approve_below%}", "Probability of default of {p%}, below {approve_below%}"),
    };

    public static IReadOnlyCollection<string> Codes => Templates.Keys;

    /// <summary>The text of a reason; <paramref name="language"/> starting with "en" is English, anything else Spanish.</summary>
    public static string Render(CreditReason reason, string language)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var english = language?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
        if (!Templates.TryGetValue(reason.Code, out var template))
        {
            return reason.Code;
        }

        var culture = english ? En : Es;
        var text = english ? template.En : template.Es;
        foreach (var (key, value) in reason.Values)
        {
            text = text
                .Replace("{" + key + "%}", Percent(value, culture, english), StringComparison.Ordinal)
                .Replace("{" + key + "$}", Amount(value, culture), StringComparison.Ordinal)
                .Replace("{" + key + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    private static string Percent(string fraction, CultureInfo culture, bool english)
    {
        if (!decimal.TryParse(fraction, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return fraction;
        }

        var number = decimal.Round(value * 100m, 1, MidpointRounding.ToEven).ToString("0.#", culture);
        return english ? number + "%" : number + "\u00A0%";
    }

    private static string Amount(string text, CultureInfo culture)
    {
        var parts = text.Split(' ');
        if (parts.Length != 2 || !decimal.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return text;
        }

        var decimals = amount == decimal.Truncate(amount) ? 0 : 2;
        return amount.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), culture) + "\u00A0" + parts[1];
    }
}
