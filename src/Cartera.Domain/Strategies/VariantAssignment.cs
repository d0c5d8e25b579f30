using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cartera.Domain.Strategies;

/// <summary>
/// Champion/challenger by a stable hash: the first eight bytes of SHA-256 over the UTF-8 text
/// <c>{strategy code}:{debtor id}</c>, read big-endian, modulo <see cref="Buckets"/>, give the debtor's bucket; the
/// variants take consecutive runs of buckets in their listed order, each <c>share × 100</c> buckets wide. The same
/// debtor lands in the same variant on every run and machine (never <c>string.GetHashCode</c>, which is randomized per
/// process), and changing one strategy's variants does not reshuffle another strategy's debtors.
/// </summary>
public static class VariantAssignment
{
    public const int Buckets = 10_000;

    /// <summary>The variant used when a strategy lists none.</summary>
    public static readonly StrategyVariant Champion = new("champion", 100);

    /// <summary>The debtor's bucket for the strategy, 0 to 9,999.</summary>
    public static int Bucket(string strategyCode, long debtorId)
    {
        ArgumentNullException.ThrowIfNull(strategyCode);
        var text = string.Create(CultureInfo.InvariantCulture, $"{strategyCode}:{debtorId}");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % Buckets);
    }

    /// <summary>The variant whose run of buckets holds the debtor's bucket (shares are whole percents summing to 100).</summary>
    public static StrategyVariant Choose(string strategyCode, long debtorId, IReadOnlyList<StrategyVariant> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Count == 0)
        {
            return Champion;
        }

        var bucket = Bucket(strategyCode, debtorId);
        var upper = 0;
        foreach (var v in variants)
        {
            upper += v.Share * (Buckets / 100);
            if (bucket < upper)
            {
                return v;
            }
        }

        return variants[^1];
    }
}
