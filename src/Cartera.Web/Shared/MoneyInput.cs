using System.Text.Json.Serialization;

namespace Cartera.Web.Shared;

/// <summary>Money as input: the amount as a decimal string or JSON number (read exactly as decimal) and the currency code.</summary>
public sealed record MoneyInput(
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal Amount,
    string Currency);
