namespace Cartera.Web.Strategies;

/// <summary>A strategy file's text, as the strategy pages post it (<c>Form.Json</c>).</summary>
public sealed class StrategyForm
{
    public string? Json { get; set; }
}
