using System.Text.Json.Serialization;

namespace Cartera.Application.Scoring;

/// <summary>How raw model scores become probabilities.</summary>
public enum CalibrationMethod
{
    /// <summary>Platt scaling: p = 1 ÷ (1 + exp(A·s + B)), two parameters.</summary>
    Platt,

    /// <summary>Isotonic regression (pool adjacent violators): a non-decreasing step function of the score.</summary>
    Isotonic,
}

/// <summary>
/// A fitted calibration, stored in the model manifest. It is fitted on out-of-fold scores (each score comes from a model
/// that did not see that row), never on the rows a model was trained on.
/// </summary>
public sealed record ProbabilityCalibration
{
    public CalibrationMethod Method { get; init; }

    /// <summary>Platt slope (negative when a higher score means more risk).</summary>
    public double A { get; init; }

    /// <summary>Platt intercept.</summary>
    public double B { get; init; }

    /// <summary>Isotonic: the upper score of each step, ascending.</summary>
    public IReadOnlyList<double> Thresholds { get; init; } = [];

    /// <summary>Isotonic: the probability of each step.</summary>
    public IReadOnlyList<double> Values { get; init; } = [];

    /// <summary>How many out-of-fold scores it was fitted on.</summary>
    public int FittedOn { get; init; }

    [JsonIgnore]
    private double Floor => FittedOn > 0 ? 1.0 / (FittedOn + 2) : 1e-6;

    public double Apply(double score)
    {
        if (Method == CalibrationMethod.Platt)
        {
            return 1.0 / (1.0 + Math.Exp((A * score) + B));
        }

        var index = 0;
        while (index < Thresholds.Count - 1 && score > Thresholds[index])
        {
            index++;
        }

        // Never exactly 0 or 1: a step fitted on a few hundred rows does not prove certainty.
        return Math.Clamp(Values[index], Floor, 1 - Floor);
    }

    public static ProbabilityCalibration Fit(CalibrationMethod method, IReadOnlyList<double> scores, IReadOnlyList<bool> labels) =>
        method == CalibrationMethod.Platt ? FitPlatt(scores, labels) : FitIsotonic(scores, labels);

    /// <summary>
    /// Platt (1999) with Lin, Lin and Weng's (2007) Newton iteration: smoothed targets (N₊ + 1) ÷ (N₊ + 2) and
    /// 1 ÷ (N₋ + 2), backtracking line search, deterministic.
    /// </summary>
    public static ProbabilityCalibration FitPlatt(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var n = scores.Count;
        double prior1 = labels.Count(l => l), prior0 = n - prior1;
        double hiTarget = (prior1 + 1) / (prior1 + 2), loTarget = 1 / (prior0 + 2);
        var t = labels.Select(l => l ? hiTarget : loTarget).ToArray();
        double a = 0, b = Math.Log((prior0 + 1) / (prior1 + 1));
        const double sigma = 1e-12;

        double Objective(double aa, double bb)
        {
            double f = 0;
            for (var i = 0; i < n; i++)
            {
                var fApB = (scores[i] * aa) + bb;
                f += fApB >= 0 ? (t[i] * fApB) + Math.Log(1 + Math.Exp(-fApB)) : ((t[i] - 1) * fApB) + Math.Log(1 + Math.Exp(fApB));
            }

            return f;
        }

        var fval = Objective(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < n; i++)
            {
                var fApB = (scores[i] * a) + b;
                double p, q;
                if (fApB >= 0)
                {
                    p = Math.Exp(-fApB) / (1.0 + Math.Exp(-fApB));
                    q = 1.0 / (1.0 + Math.Exp(-fApB));
                }
                else
                {
                    p = 1.0 / (1.0 + Math.Exp(fApB));
                    q = Math.Exp(fApB) / (1.0 + Math.Exp(fApB));
                }

                var d2 = p * q;
                h11 += scores[i] * scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                var d1 = t[i] - p;
                g1 += scores[i] * d1;
                g2 += d1;
            }

            if (Math.Abs(g1) < 1e-5 && Math.Abs(g2) < 1e-5)
            {
                break;
            }

            var det = (h11 * h22) - (h21 * h21);
            var dA = -((h22 * g1) - (h21 * g2)) / det;
            var dB = -((-h21 * g1) + (h11 * g2)) / det;
            var gd = (g1 * dA) + (g2 * dB);
            var step = 1.0;
            while (step >= 1e-10)
            {
                var newA = a + (step * dA);
                var newB = b + (step * dB);
                var newF = Objective(newA, newB);
                if (newF < fval + (1e-4 * step * gd))
                {
                    a = newA;
                    b = newB;
                    fval = newF;
                    break;
                }

                step /= 2;
            }

            if (step < 1e-10)
            {
                break;
            }
        }

        return new ProbabilityCalibration { Method = CalibrationMethod.Platt, A = a, B = b, FittedOn = n };
    }

    /// <summary>Pool adjacent violators on the scores sorted ascending (ties pooled first).</summary>
    public static ProbabilityCalibration FitIsotonic(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ThenBy(i => i).ToArray();
        var blocks = new List<(double Upper, double Sum, double Weight)>();
        foreach (var i in order)
        {
            var y = labels[i] ? 1.0 : 0.0;
            if (blocks.Count > 0 && blocks[^1].Upper == scores[i])
            {
                var last = blocks[^1];
                blocks[^1] = (last.Upper, last.Sum + y, last.Weight + 1);
            }
            else
            {
                blocks.Add((scores[i], y, 1));
            }

            while (blocks.Count > 1 && blocks[^2].Sum / blocks[^2].Weight >= blocks[^1].Sum / blocks[^1].Weight)
            {
                var (upper, sum, weight) = blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
                var previous = blocks[^1];
                blocks[^1] = (upper, previous.Sum + sum, previous.Weight + weight);
            }
        }

        return new ProbabilityCalibration
        {
            Method = CalibrationMethod.Isotonic,
            Thresholds = blocks.Select(b => b.Upper).ToArray(),
            Values = blocks.Select(b => b.Sum / b.Weight).ToArray(),
            FittedOn = scores.Count,
        };
    }
}
