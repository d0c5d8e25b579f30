using Cartera.Application.Scoring.Portfolio;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Tests.Scoring;

/// <summary>The pure feature functions and the label on a hand-made history.</summary>
public sealed class PortfolioFeaturesTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    private static DebtorHistory History(int[] dpd, long[] due, long[] outstanding, IReadOnlyList<DatedAmount> dues, IReadOnlyList<DatedAmount> payments)
    {
        var grid = Enumerable.Range(0, dpd.Length).Select(k => AsOf.AddMonths(-k)).ToArray();
        return new DebtorHistory
        {
            DebtorId = 1,
            Grid = grid,
            MaxDpd = dpd,
            TotalDue = due,
            OutstandingPrincipal = outstanding,
            LiveObligations = dpd.Select(_ => 1).ToArray(),
            Obligations = [new ObligationSummary(10, ObligationKind.Loan, new DateOnly(2025, 1, 15), 1_000_000)],
            Dues = dues,
            Payments = payments,
            Contacts = [(AsOf.AddDays(-10), true), (AsOf.AddDays(-20), false), (AsOf.AddDays(-200), true)],
        };
    }

    private static float Feature(float[] vector, string name) =>
        vector[PortfolioFeatures.Definitions.Select(f => f.Name).ToList().IndexOf(name)];

    [Fact]
    public void Features_read_the_history_behind_the_date()
    {
        var dpd = new[] { 0, 35, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        var due = new long[14];
        var outstanding = Enumerable.Range(0, 14).Select(k => 500_000L + (k * 10_000)).ToArray();
        var dues = Enumerable.Range(0, 14).Select(k => new DatedAmount(new DateOnly(2026, 6, 15).AddMonths(-k), 100_000)).ToList();
        var payments = new List<DatedAmount> { new(new DateOnly(2026, 6, 20), 150_000), new(new DateOnly(2026, 5, 1), 50_000) };
        var v = PortfolioFeatures.Compute(History(dpd, due, outstanding, dues, payments), 0);

        v.Length.ShouldBe(PortfolioFeatures.Definitions.Count);
        Feature(v, "dpd_now").ShouldBe(0);
        Feature(v, "max_dpd_6m").ShouldBe(35);
        Feature(v, "months_late_6m").ShouldBe(2);
        Feature(v, "pay_ratio_1m").ShouldBe(1.5f); // 150,000 paid against the 100,000 due on 2026-06-15
        Feature(v, "pay_ratio_3m").ShouldBe(200_000f / 300_000f);
        Feature(v, "balance_trend_6m").ShouldBe((500_000f - 560_000f) / 560_000f, 1e-6f);
        Feature(v, "principal_outstanding_share").ShouldBe(0.5f);
        Feature(v, "product_loan").ShouldBe(1);
        Feature(v, "product_card").ShouldBe(0);
        Feature(v, "relationship_months").ShouldBe(17);
        Feature(v, "contacts_90d").ShouldBe(2);
        Feature(v, "right_party_contacts_90d").ShouldBe(1);
    }

    [Fact]
    public void Promises_and_agreements_count_only_as_known_at_the_grid_date()
    {
        var h = new DebtorHistory
        {
            DebtorId = 1,
            Grid = Enumerable.Range(0, 14).Select(k => AsOf.AddMonths(-k)).ToArray(),
            MaxDpd = new int[14],
            TotalDue = new long[14],
            OutstandingPrincipal = new long[14],
            LiveObligations = new int[14],
            Obligations = [new ObligationSummary(10, ObligationKind.Loan, new DateOnly(2024, 1, 15), 1_000_000)],
            Dues = [],
            Payments = [],
            Commitments =
            [
                new(1, CommitmentKind.Promise, new DateOnly(2025, 5, 1), true, new DateOnly(2025, 5, 10)), // kept more than 12 months ago
                new(1, CommitmentKind.Promise, new DateOnly(2026, 2, 1), false, new DateOnly(2026, 2, 20)), // broken
                new(1, CommitmentKind.Promise, new DateOnly(2026, 5, 1), true, new DateOnly(2026, 5, 25)), // kept
                new(1, CommitmentKind.Promise, new DateOnly(2026, 6, 28), false, new DateOnly(2026, 7, 10)), // broken after the date: open at it
                new(1, CommitmentKind.Promise, new DateOnly(2026, 7, 5), null, null), // made after the date
                new(1, CommitmentKind.Agreement, new DateOnly(2024, 5, 1), null, null), // more than 24 months ago
                new(1, CommitmentKind.Agreement, new DateOnly(2025, 3, 1), null, null),
            ],
        };

        var now = PortfolioFeatures.Compute(h, 0);
        Feature(now, "promises_12m").ShouldBe(3);
        Feature(now, "promises_kept_12m").ShouldBe(1);
        Feature(now, "promises_broken_12m").ShouldBe(1);
        Feature(now, "agreements_24m").ShouldBe(1);

        var threeMonthsBefore = PortfolioFeatures.Compute(h, 3); // 2026-03-30: the May promise does not exist yet
        Feature(threeMonthsBefore, "promises_12m").ShouldBe(2);
        Feature(threeMonthsBefore, "promises_kept_12m").ShouldBe(1); // the one kept on 2025-05-10
        Feature(threeMonthsBefore, "promises_broken_12m").ShouldBe(1);
    }

    [Fact]
    public void Nothing_due_counts_as_a_pay_ratio_of_one_and_has_no_label()
    {
        var h = History(new int[14], new long[14], new long[14], [], []);
        PortfolioFeatures.PayRatio(h, AsOf.AddMonths(-3), AsOf).ShouldBe(1f);
        PaymentLabel.FailsToPay(h, 1).ShouldBeNull();
    }

    [Fact]
    public void The_label_compares_money_received_in_the_next_30_days_with_the_total_due_plus_what_falls_due()
    {
        var due = new long[14];
        due[1] = 40_000; // overdue at the observation date
        var t = AsOf.AddMonths(-1);
        var dues = new List<DatedAmount> { new(t.AddDays(10), 100_000), new(t.AddDays(31), 100_000) };
        PaymentLabel.FailsToPay(History(new int[14], due, new long[14], dues, [new(t.AddDays(30), 140_000)]), 1).ShouldBe(false);
        PaymentLabel.FailsToPay(History(new int[14], due, new long[14], dues, [new(t.AddDays(30), 139_999)]), 1).ShouldBe(true);
        PaymentLabel.FailsToPay(History(new int[14], due, new long[14], dues, [new(t, 500_000)]), 1).ShouldBe(true); // paid before the window
    }
}
