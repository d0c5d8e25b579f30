using Cartera.Domain.Strategies;

namespace Cartera.Domain.Tests.Strategies;

public sealed class VariantAssignmentTests
{
    private static readonly StrategyVariant[] EightyTwenty = [new("campeon", 80), new("retador", 20)];

    [Fact]
    public void An_80_20_split_of_10000_debtors_lands_within_one_percent_and_is_identical_across_runs()
    {
        var first = Enumerable.Range(1, 10_000).Select(id => VariantAssignment.Choose("preventiva", id, EightyTwenty).Code).ToList();
        var second = Enumerable.Range(1, 10_000).Select(id => VariantAssignment.Choose("preventiva", id, EightyTwenty).Code).ToList();

        var challengers = first.Count(c => c == "retador");
        challengers.ShouldBeInRange(1_900, 2_100);
        second.ShouldBe(first);
    }

    [Fact]
    public void Buckets_are_fixed_values_of_sha256_so_another_process_or_machine_gets_the_same()
    {
        // Pinned: a change of the hash or of its input text would move debtors between variants mid-experiment.
        var buckets = new[] { VariantAssignment.Bucket("preventiva", 1), VariantAssignment.Bucket("preventiva", 2), VariantAssignment.Bucket("otra", 1) };
        buckets.ShouldAllBe(b => b >= 0 && b < VariantAssignment.Buckets);
        buckets.ShouldBe(Pinned);
    }

    [Fact]
    public void Different_strategies_split_the_same_debtors_independently()
    {
        var a = Enumerable.Range(1, 10_000).Where(id => VariantAssignment.Choose("a", id, EightyTwenty).Code == "retador").ToHashSet();
        var b = Enumerable.Range(1, 10_000).Where(id => VariantAssignment.Choose("b", id, EightyTwenty).Code == "retador").ToHashSet();

        // Independent 20 % samples overlap on about 4 % of the debtors, not 20 %.
        a.Intersect(b).Count().ShouldBeInRange(250, 550);
    }

    [Fact]
    public void A_single_variant_or_none_takes_everyone()
    {
        VariantAssignment.Choose("x", 5, []).ShouldBe(VariantAssignment.Champion);
        Enumerable.Range(1, 1000).Select(id => VariantAssignment.Choose("x", id, [new StrategyVariant("solo", 100)]).Code).Distinct().ShouldBe(["solo"]);
    }

    private static readonly int[] Pinned = [2694, 2704, 8529]; // checked with Python: int.from_bytes(sha256(b"preventiva:1").digest()[:8], "big") % 10000
}
