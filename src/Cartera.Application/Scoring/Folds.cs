namespace Cartera.Application.Scoring;

/// <summary>Seeded, stratified k-fold assignment.</summary>
public static class Folds
{
    /// <summary>
    /// The fold (0 … k − 1) of every row: positives and negatives are shuffled separately with <paramref name="seed"/>
    /// and dealt round-robin, so each fold holds the same share of positives (± 1 row). Same labels and seed, same folds.
    /// </summary>
    public static int[] Stratified(IReadOnlyList<bool> labels, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        var positives = labels.Count(l => l);
        if (positives < k || labels.Count - positives < k)
        {
            throw new Cartera.Domain.Common.DomainException(
                "scoring_data_too_small", $"{k} folds need at least {k} rows of each class; the data has {positives} positive and {labels.Count - positives} negative rows.", "folds");
        }

        var random = new Random(seed);
        var fold = new int[labels.Count];
        var next = 0;
        foreach (var cls in new[] { true, false })
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == cls).ToArray();
            random.Shuffle(members);
            foreach (var i in members)
            {
                fold[i] = next;
                next = (next + 1) % k;
            }
        }

        return fold;
    }
}
