using Cartera.Application.Demo;

namespace Cartera.Application.Tests.Demo;

public sealed class DemoDelinquencyTests
{
    [Fact]
    public void Given_paid_half_paid_and_unpaid_installments_Then_DPD_counts_from_the_oldest_with_anything_unpaid()
    {
        // RULES §2: due 2026-01-15 paid, 2026-02-15 half paid, 2026-03-15 unpaid; D = 2026-03-20 → DPD 33, bucket 31-60.
        InstallmentState[] installments =
        [
            new(new DateOnly(2026, 1, 15), 100_000, 100_000),
            new(new DateOnly(2026, 2, 15), 100_000, 50_000),
            new(new DateOnly(2026, 3, 15), 100_000, 0),
        ];

        var dpd = DemoDelinquency.DaysPastDue(installments, new DateOnly(2026, 3, 20));

        dpd.ShouldBe(33);
        DemoDelinquency.Bucket(dpd).ShouldBe("31-60");
    }

    [Fact]
    public void Given_everything_due_is_paid_Then_DPD_is_zero_and_current()
    {
        InstallmentState[] installments =
        [
            new(new DateOnly(2026, 1, 15), 100_000, 100_000),
            new(new DateOnly(2026, 4, 15), 100_000, 0),
        ];

        DemoDelinquency.DaysPastDue(installments, new DateOnly(2026, 3, 20)).ShouldBe(0);
        DemoDelinquency.Bucket(0).ShouldBe("current");
    }

    [Fact]
    public void Given_an_installment_due_today_Then_it_is_not_yet_past_due()
    {
        InstallmentState[] installments = [new(new DateOnly(2026, 3, 20), 100_000, 0)];

        DemoDelinquency.DaysPastDue(installments, new DateOnly(2026, 3, 20)).ShouldBe(0);
        DemoDelinquency.DaysPastDue(installments, new DateOnly(2026, 3, 21)).ShouldBe(1);
    }

    [Theory]
    [InlineData(1, "1-30")]
    [InlineData(30, "1-30")]
    [InlineData(31, "31-60")]
    [InlineData(60, "31-60")]
    [InlineData(61, "61-90")]
    [InlineData(90, "61-90")]
    [InlineData(91, "91-120")]
    [InlineData(120, "91-120")]
    [InlineData(121, "121-180")]
    [InlineData(180, "121-180")]
    [InlineData(181, "181-360")]
    [InlineData(360, "181-360")]
    [InlineData(361, "360+")]
    public void Bucket_boundaries_are_inclusive(int dpd, string bucket)
    {
        DemoDelinquency.Bucket(dpd).ShouldBe(bucket);
        var (from, to) = DemoDelinquency.Range(bucket);
        dpd.ShouldBeInRange(from, to);
    }
}
