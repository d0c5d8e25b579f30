namespace Cartera.Application.Scoring;

/// <summary>
/// The cost of wrong decisions when a positive (bad) example is approved (<see cref="FalseNegative"/>) or a negative
/// (good) one is refused (<see cref="FalsePositive"/>). An example is refused when its probability is at or above the threshold.
/// </summary>
public sealed record CostMatrix(double FalseNegative, double FalsePositive)
{
    /// <summary>Total cost of deciding with <paramref name="threshold"/> (refuse when p ≥ threshold).</summary>
    public double Cost(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, double threshold)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        double cost = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var refused = probabilities[i] >= threshold;
            cost += labels[i] && !refused ? FalseNegative : !labels[i] && refused ? FalsePositive : 0;
        }

        return cost;
    }

    /// <summary>The cost of approving everyone: every positive is a false negative.</summary>
    public double CostApproveAll(IReadOnlyList<bool> labels) => labels.Count(l => l) * FalseNegative;

    /// <summary>
    /// The threshold with the lowest cost on these examples: candidates are the midpoints between consecutive distinct
    /// probabilities (and "refuse nobody"); ties go to the candidate closest to the Bayes threshold
    /// FP ÷ (FP + FN), which is where a calibrated model's optimum lies.
    /// </summary>
    public double BestThreshold(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        var bayes = FalsePositive / (FalsePositive + FalseNegative);
        var order = Enumerable.Range(0, probabilities.Count).OrderBy(i => probabilities[i]).ToArray();

        // Start refusing everyone (threshold below the smallest p), then move the threshold up one distinct value at a time.
        var cost = labels.Count(l => !l) * FalsePositive;
        var best = (Cost: cost, Threshold: order.Length == 0 ? 0.5 : probabilities[order[0]]);
        for (var k = 0; k < order.Length;)
        {
            var value = probabilities[order[k]];
            for (; k < order.Length && probabilities[order[k]] == value; k++)
            {
                cost += labels[order[k]] ? FalseNegative : -FalsePositive;
            }

            var threshold = k < order.Length ? (value + probabilities[order[k]]) / 2 : Math.BitIncrement(value);
            if (cost < best.Cost - 1e-9 || (Math.Abs(cost - best.Cost) <= 1e-9 && Math.Abs(threshold - bayes) < Math.Abs(best.Threshold - bayes)))
            {
                best = (cost, threshold);
            }
        }

        return best.Threshold;
    }
}

/// <summary>One decile of the calibration table: the examples ranked by predicted probability, split in ten equal parts.</summary>
public sealed record CalibrationBin(int Bin, int Count, double PredictedMean, double ObservedRate, double MinProbability, double MaxProbability);

/// <summary>Discrimination and calibration of predicted probabilities against outcomes.</summary>
public sealed record BinaryMetrics(
    int Count,
    int Positives,
    double Auc,
    double Ks,
    double Brier,
    double LogLoss,
    double CalibrationError,
    double MaxDecileGap,
    IReadOnlyList<CalibrationBin> Calibration)
{
    /// <summary>Probabilities are clipped to [ε, 1 − ε] for the log-loss.</summary>
    public const double Epsilon = 1e-15;

    public static BinaryMetrics Compute(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Count != labels.Count || probabilities.Count == 0)
        {
            throw new ArgumentException("Need as many labels as probabilities, at least one.", nameof(labels));
        }

        var n = probabilities.Count;
        var positives = labels.Count(l => l);
        var calibration = Deciles(probabilities, labels, bins);
        var ece = calibration.Sum(b => (double)b.Count / n * Math.Abs(b.PredictedMean - b.ObservedRate));
        var brier = Enumerable.Range(0, n).Average(i => Math.Pow(probabilities[i] - (labels[i] ? 1 : 0), 2));
        var logLoss = Enumerable.Range(0, n).Average(i =>
        {
            var p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            return labels[i] ? -Math.Log(p) : -Math.Log(1 - p);
        });
        return new BinaryMetrics(n, positives, ComputeAuc(probabilities, labels), ComputeKs(probabilities, labels), brier, logLoss, ece,
            calibration.Max(b => Math.Abs(b.PredictedMean - b.ObservedRate)), calibration);
    }

    /// <summary>
    /// Area under the ROC curve: the probability that a random positive scores above a random negative, ties counting
    /// one half (Mann–Whitney U with average ranks). NaN when one class is absent.
    /// </summary>
    public static double ComputeAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        long positives = 0;
        for (var k = 0; k < order.Length;)
        {
            var end = k;
            while (end < order.Length && scores[order[end]] == scores[order[k]])
            {
                end++;
            }

            var averageRank = (k + 1 + end) / 2.0; // ranks k+1 … end
            for (var j = k; j < end; j++)
            {
                if (labels[order[j]])
                {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }

            k = end;
        }

        var negatives = scores.Count - positives;
        return positives == 0 || negatives == 0
            ? double.NaN
            : (positiveRankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>
    /// Kolmogorov–Smirnov statistic: the largest gap between the cumulative share of positives and of negatives below a
    /// threshold, over thresholds between distinct scores. NaN when one class is absent.
    /// </summary>
    public static double ComputeKs(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double cumulativePositive = 0, cumulativeNegative = 0, ks = 0;
        for (var k = 0; k < order.Length;)
        {
            var value = scores[order[k]];
            for (; k < order.Length && scores[order[k]] == value; k++)
            {
                if (labels[order[k]])
                {
                    cumulativePositive++;
                }
                else
                {
                    cumulativeNegative++;
                }
            }

            ks = Math.Max(ks, Math.Abs((cumulativeNegative / negatives) - (cumulativePositive / positives)));
        }

        return ks;
    }

    /// <summary>
    /// The calibration table: examples sorted by probability (ties by position) and cut into <paramref name="bins"/>
    /// parts of equal size (the first parts take one more when the count does not divide).
    /// </summary>
    public static IReadOnlyList<CalibrationBin> Deciles(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, probabilities.Count).OrderBy(i => probabilities[i]).ThenBy(i => i).ToArray();
        var result = new List<CalibrationBin>();
        var start = 0;
        for (var b = 0; b < bins && start < order.Length; b++)
        {
            var size = (order.Length / bins) + (b < order.Length % bins ? 1 : 0);
            if (size == 0)
            {
                continue;
            }

            var members = order.Skip(start).Take(size).ToArray();
            start += size;
            result.Add(new CalibrationBin(
                b + 1,
                members.Length,
                members.Average(i => probabilities[i]),
                members.Average(i => labels[i] ? 1.0 : 0.0),
                members.Min(i => probabilities[i]),
                members.Max(i => probabilities[i])));
        }

        return result;
    }
}
