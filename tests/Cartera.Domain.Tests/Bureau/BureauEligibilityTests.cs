using Cartera.Domain.Bureau;

namespace Cartera.Domain.Tests.Bureau;

/// <summary>RULES §8: prior notice, small debts, expiry, disputes, corrections and the Metro 2 account statuses.</summary>
public sealed class BureauEligibilityTests
{
    private static readonly DateOnly D = new(2026, 3, 20);
    private static readonly MinimumWageTable Wages = MinimumWageTable.Shipped;

    private static BureauFacts Colombian(int dpd = 40, long overdueMinor = 1_000_000_00, params DateOnly[] notices) =>
        new("CO", dpd, D.AddDays(-dpd), overdueMinor, "COP", notices);

    [Fact]
    public void Rules_8_case_a_notice_delivered_10_days_ago_is_refused_with_the_reason_21_days_ago_is_reported()
    {
        var tooRecent = BureauEligibility.Decide(Colombian(notices: D.AddDays(-10)), D, Wages);
        tooRecent.Status.ShouldBe(BureauLineStatus.Refused);
        tooRecent.Reason.ShouldBe("notice_too_recent");
        tooRecent.NoticeDeliveredOn.ShouldBe(D.AddDays(-10));

        var enough = BureauEligibility.Decide(Colombian(notices: D.AddDays(-21)), D, Wages);
        enough.Status.ShouldBe(BureauLineStatus.Reported);
        enough.Reason.ShouldBe("notice_delivered");
        enough.Action.ShouldBe(BureauAction.Delinquency);
        enough.NoticeDeliveredOn.ShouldBe(D.AddDays(-21));
        enough.AccountStatus.ShouldBe("71");
    }

    [Theory]
    [InlineData(19, "refused")]
    [InlineData(20, "reported")]
    public void Colombia_counts_20_calendar_days_from_delivery(int daysAgo, string expected) =>
        BureauEligibility.Decide(Colombian(notices: D.AddDays(-daysAgo)), D, Wages).Status.ToString().ToLowerInvariant().ShouldBe(expected);

    [Fact]
    public void Colombia_without_a_notice_or_with_one_from_before_the_default_is_refused()
    {
        BureauEligibility.Decide(Colombian(), D, Wages).Reason.ShouldBe("no_notice");
        BureauEligibility.Decide(Colombian(notices: D.AddDays(-60)), D, Wages).Reason.ShouldBe("no_notice", "delivered before the debt fell due");
        BureauEligibility.Decide(Colombian(notices: D.AddDays(1)), D, Wages).Reason.ShouldBe("no_notice", "delivered after the report date");
    }

    [Fact]
    public void A_small_debt_needs_two_notices_on_different_days_the_later_20_days_before()
    {
        // 15 % of the 2026 wage (1,750,905.00) = 262,635.75.
        const long small = 262_635_75;
        BureauEligibility.SmallDebt(Colombian(overdueMinor: small), D, Wages).ShouldBe(true);
        BureauEligibility.SmallDebt(Colombian(overdueMinor: small + 1), D, Wages).ShouldBe(false);

        BureauEligibility.Decide(Colombian(overdueMinor: small, notices: D.AddDays(-30)), D, Wages).Reason.ShouldBe("second_notice_missing");
        BureauEligibility.Decide(Colombian(overdueMinor: small, notices: [D.AddDays(-30), D.AddDays(-30)]), D, Wages).Reason.ShouldBe("second_notice_missing", "same day");
        BureauEligibility.Decide(Colombian(overdueMinor: small, notices: [D.AddDays(-30), D.AddDays(-5)]), D, Wages).Reason.ShouldBe("notice_too_recent");
        var two = BureauEligibility.Decide(Colombian(overdueMinor: small, notices: [D.AddDays(-30), D.AddDays(-25)]), D, Wages);
        (two.Status, two.Reason, two.NoticeDeliveredOn).ShouldBe((BureauLineStatus.Reported, "two_notices_delivered", (DateOnly?)D.AddDays(-25)));
        BureauEligibility.Decide(Colombian(overdueMinor: small + 1, notices: D.AddDays(-30)), D, Wages).Status.ShouldBe(BureauLineStatus.Reported);
    }

    [Fact]
    public void A_year_missing_from_the_wage_table_fails_closed()
    {
        var facts = new BureauFacts("CO", 40, new DateOnly(2023, 2, 8), 1_000_000_00, "COP", [new DateOnly(2023, 2, 20)]);
        var refused = BureauEligibility.Decide(facts, new DateOnly(2023, 3, 20), Wages);
        (refused.Status, refused.Reason).ShouldBe((BureauLineStatus.Refused, "minimum_wage_missing"));
        var configured = Wages.With([new MinimumWage("CO", 2023, 1_160_000_00, "COP", "Decreto 2613 de 2022")]);
        BureauEligibility.Decide(facts, new DateOnly(2023, 3, 20), configured).Status.ShouldBe(BureauLineStatus.Reported);
        Should.Throw<Common.DomainException>(() => new MinimumWageTable([new MinimumWage("CO", 2027, 1, "COP", " ")]));
    }

    [Fact]
    public void Expiry_permanence_and_spain()
    {
        var old = new BureauFacts("CO", 3000, D.AddYears(-8), 1_000_000_00, "COP", [D.AddYears(-8).AddDays(5)]);
        BureauEligibility.Decide(old, D, Wages).Reason.ShouldBe("expired");
        var deletion = BureauEligibility.Decide(old with { PreviouslyReported = true }, D, Wages);
        (deletion.Status, deletion.Action, deletion.AccountStatus).ShouldBe((BureauLineStatus.Reported, BureauAction.Deletion, "DA"));
        BureauEligibility.ColombiaPermanenceUntil(D, 100).ShouldBe(D.AddDays(200));
        BureauEligibility.ColombiaPermanenceUntil(D, 2000).ShouldBe(D.AddYears(4));

        var spain = new BureauFacts("ES", 40, D.AddDays(-40), 49_99, "EUR", [D.AddDays(-1)]);
        BureauEligibility.Decide(spain, D, Wages).Reason.ShouldBe("below_minimum");
        BureauEligibility.Decide(spain with { OverdueMinor = 50_00 }, D, Wages).Reason.ShouldBe("demand_delivered");
        BureauEligibility.Decide(spain with { OverdueMinor = 50_00, NoticesDelivered = [D] }, D, Wages).Reason.ShouldBe("no_notice", "the demand must precede the report");
        BureauEligibility.Decide(spain with { OldestUnpaidDueDate = D.AddYears(-5), OverdueMinor = 50_00 }, D, Wages).Reason.ShouldBe("expired");
        BureauEligibility.Decide(spain with { Country = "MX" }, D, Wages).Reason.ShouldBe("unsupported_jurisdiction");
    }

    [Fact]
    public void Disputes_hold_a_first_report_mark_a_continued_one_and_an_upheld_one_deletes()
    {
        var facts = Colombian(notices: D.AddDays(-30)) with { DisputeOpen = true };
        BureauEligibility.Decide(facts, D, Wages).Reason.ShouldBe("dispute_open");
        var continued = BureauEligibility.Decide(facts with { PreviouslyReported = true }, D, Wages);
        (continued.Status, continued.Reason, continued.Disputed).ShouldBe((BureauLineStatus.Reported, "dispute_in_progress", true));
        var upheld = BureauEligibility.Decide(facts with { PreviouslyReported = true, DisputeUpheld = true }, D, Wages);
        (upheld.Action, upheld.AccountStatus, upheld.Disputed).ShouldBe((BureauAction.Deletion, "DA", false));
        BureauEligibility.Decide(facts with { DisputeUpheld = true }, D, Wages).Status.ShouldBe(BureauLineStatus.Refused);
    }

    [Fact]
    public void A_reported_account_now_paid_gets_a_correction()
    {
        var paid = new BureauFacts("US", 0, null, 0, "USD", []) { PreviouslyReported = true, PaidOff = true };
        var decision = BureauEligibility.Decide(paid, D, Wages);
        (decision.Status, decision.Action, decision.Reason, decision.AccountStatus).ShouldBe((BureauLineStatus.Reported, BureauAction.Correction, "paid", "13"));
        BureauEligibility.Decide(paid with { PaidOff = false }, D, Wages).AccountStatus.ShouldBe("11");
        BureauEligibility.Decide(paid with { PreviouslyReported = false }, D, Wages).Reason.ShouldBe("not_past_due");
        BureauEligibility.ColombiaNovelty(decision, 0, paidOff: true, chargedOff: false).ShouldBe("05");
    }

    [Theory]
    [InlineData(1, "11")]
    [InlineData(29, "11")]
    [InlineData(30, "71")]
    [InlineData(59, "71")]
    [InlineData(60, "78")]
    [InlineData(90, "80")]
    [InlineData(120, "82")]
    [InlineData(150, "83")]
    [InlineData(179, "83")]
    [InlineData(180, "84")]
    [InlineData(900, "84")]
    public void Metro_2_status_from_dpd(int dpd, string status)
    {
        BureauEligibility.Metro2Status(dpd, paidOff: false, chargedOff: false, assignedToCollections: false).ShouldBe(status);
        var us = BureauEligibility.Decide(new BureauFacts("US", dpd, D.AddDays(-dpd), 100_00, "USD", []), D, Wages);
        (us.Status, us.Reason, us.AccountStatus).ShouldBe((BureauLineStatus.Reported, "past_due", status), "the US needs no prior notice");
    }

    [Fact]
    public void Metro_2_status_from_state()
    {
        BureauEligibility.Metro2Status(45, paidOff: false, chargedOff: false, assignedToCollections: true).ShouldBe("93");
        BureauEligibility.Metro2Status(200, paidOff: false, chargedOff: true, assignedToCollections: true).ShouldBe("97");
        BureauEligibility.Metro2PaymentRating("93", 45).ShouldBe("1");
        BureauEligibility.Metro2PaymentRating("97", 200).ShouldBe("L");
        BureauEligibility.Metro2PaymentRating("71", 45).ShouldBe(string.Empty);
    }
}
