using System.Globalization;

namespace Cartera.Domain.Scoring;

/// <summary>A debtor's segment: risk band × balance band × DPD band, and its code <c>risk|balance|dpd</c>.</summary>
public sealed record Segment(string Risk, string Balance, string Dpd)
{
    public string Code => Risk + "|" + Balance + "|" + Dpd;
}

/// <summary>
/// The segmentation of the portfolio (docs/scoring.md, "Segments"), with configurable thresholds:
/// <list type="bullet">
/// <item>risk from the probability of payment p: <c>low</c> when p ≥ <see cref="LowRiskFrom"/>, <c>medium</c> when p ≥
/// <see cref="MediumRiskFrom"/>, else <c>high</c>;</item>
/// <item>balance (total due + outstanding principal, in major units): <c>small</c> below <see cref="MediumBalanceFrom"/>,
/// <c>medium</c> below <see cref="LargeBalanceFrom"/>, else <c>large</c>;</item>
/// <item>DPD: <c>current</c> (0), then the ranges of <see cref="DpdUpperBounds"/> (1-30, 31-90, 91-180), then the last
/// open one (181+).</item>
/// </list>
/// </summary>
public sealed record SegmentPolicy
{
    public static readonly IReadOnlyList<string> RiskBands = ["low", "medium", "high"];

    public static readonly IReadOnlyList<string> BalanceBands = ["small", "medium", "large"];

    public double LowRiskFrom { get; init; } = 0.7;

    public double MediumRiskFrom { get; init; } = 0.4;

    public decimal MediumBalanceFrom { get; init; } = 2_000_000m;

    public decimal LargeBalanceFrom { get; init; } = 20_000_000m;

    public IReadOnlyList<int> DpdUpperBounds { get; init; } = [30, 90, 180];

    public static SegmentPolicy Default { get; } = new();

    public Segment For(double paymentProbability, decimal balance, int dpd)
    {
        if (MediumRiskFrom > LowRiskFrom || MediumBalanceFrom > LargeBalanceFrom || DpdUpperBounds.Count == 0)
        {
            throw new Common.DomainException("segment_policy_invalid", "Segment thresholds must be increasing and there must be at least one DPD bound.", "segments");
        }

        var risk = paymentProbability >= LowRiskFrom ? "low" : paymentProbability >= MediumRiskFrom ? "medium" : "high";
        var size = balance >= LargeBalanceFrom ? "large" : balance >= MediumBalanceFrom ? "medium" : "small";
        return new Segment(risk, size, DpdBand(dpd));
    }

    /// <summary>The DPD band labels in order: current, 1-30, 31-90, 91-180, 181+ (with the default bounds).</summary>
    public IReadOnlyList<string> DpdBands
    {
        get
        {
            var bands = new List<string> { "current" };
            var from = 1;
            foreach (var to in DpdUpperBounds)
            {
                bands.Add(string.Create(CultureInfo.InvariantCulture, $"{from}-{to}"));
                from = to + 1;
            }

            bands.Add(string.Create(CultureInfo.InvariantCulture, $"{from}+"));
            return bands;
        }
    }

    public string DpdBand(int dpd)
    {
        if (dpd <= 0)
        {
            return "current";
        }

        var from = 1;
        foreach (var to in DpdUpperBounds)
        {
            if (dpd <= to)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{from}-{to}");
            }

            from = to + 1;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{from}+");
    }
}
