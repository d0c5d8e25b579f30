using Cartera.Domain.Common;

namespace Cartera.Domain.Delinquency;

/// <summary>Aging buckets (altura de mora), RULES §2. Configurable per product; these are the defaults.</summary>
public static class AgingBuckets
{
    public const string Current = "current";

    public static readonly IReadOnlyList<AgingBucket> Default =
    [
        new(Current, 0, 0),
        new("1-30", 1, 30),
        new("31-60", 31, 60),
        new("61-90", 61, 90),
        new("91-120", 91, 120),
        new("121-180", 121, 180),
        new("181-360", 181, 360),
        new("360+", 361, null),
    ];

    /// <summary>The label of the bucket holding <paramref name="dpd"/>.</summary>
    public static string LabelFor(IReadOnlyList<AgingBucket> buckets, int dpd)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentOutOfRangeException.ThrowIfNegative(dpd);
        foreach (var bucket in buckets)
        {
            if (bucket.Contains(dpd))
            {
                return bucket.Label;
            }
        }

        throw new DomainException("invalid_buckets", $"No aging bucket holds {dpd} days past due.", "buckets");
    }

    /// <summary>Buckets must start at 0, be contiguous and end open-ended, with distinct labels.</summary>
    public static void Validate(IReadOnlyList<AgingBucket> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var next = 0;
        for (var k = 0; k < buckets.Count; k++)
        {
            var b = buckets[k];
            var last = k == buckets.Count - 1;
            if (string.IsNullOrWhiteSpace(b.Label) || b.From != next || (b.To is null) != last || b.To < b.From)
            {
                throw new DomainException("invalid_buckets", "Aging buckets start at 0 DPD, follow each other without gaps and the last is open-ended.", "buckets");
            }

            next = (b.To ?? 0) + 1;
        }

        if (buckets.Count == 0 || buckets.Select(b => b.Label).Distinct(StringComparer.Ordinal).Count() != buckets.Count)
        {
            throw new DomainException("invalid_buckets", "Aging buckets need distinct labels.", "buckets");
        }
    }
}
