using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cartera.Application.Strategies;
using Cartera.Domain.Strategies;
using Cartera.Web.Shared;
using Microsoft.Extensions.Localization;

namespace Cartera.Web.Strategies;

/// <summary>How the strategy pages show a strategy: its variants in words and its definition as the file's JSON.</summary>
internal static class StrategyText
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>"Campeón 80 % · Retador 20 %" (a variant code without a label as it is).</summary>
    public static string Variants(IStringLocalizer localizer, StrategyDefinition strategy) =>
        string.Join(" · ", strategy.Variants.Select(v => string.Format(CultureInfo.CurrentCulture, "{0} {1} %", Labels.Code(localizer, "StrategyVariant", v.Code), v.Share)));

    /// <summary>The strategy as one object of the import file (<c>active</c> included), indented.</summary>
    public static string Json(StrategyView view, bool? active = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        return StrategyJson.Write(view.Definition, active ?? view.Active).ToJsonString(Indented);
    }
}
