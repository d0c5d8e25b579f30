using Cartera.Domain.Common;
using Cartera.Domain.CreditEvaluation;
using Cartera.Domain.Portfolio;
using CsCheck;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.CreditEvaluation;

public sealed class CreditEvaluationTests
{
    private static readonly DateOnly Today = new(2026, 7, 1);

    private static Money Cop(decimal amount) => Money.Of(amount, Currency.COP);

    private static BureauData CleanBureau => new() { Score = 780, OpenAccounts = 3, DelinquentAccounts = 0, WorstDelinquencyDays24m = 0, Inquiries6m = 1, ReportDate = Today.AddDays(-3) };

    /// <summary>RULES §1's worked example (10,000,000 COP at 18 % EA over 12 months: installment 910,463.77) for a comfortable income.</summary>
    private static CreditApplicationInput Input(decimal income = 10_000_000m, decimal expenses = 2_000_000m, decimal existing = 0m, decimal requested = 10_000_000m, BureauData? bureau = null, bool noBureau = false, DateOnly? birth = null, decimal rate = 0.18m) => new()
    {
        Currency = Currency.COP,
        MonthlyIncome = Cop(income),
        MonthlyExpenses = Cop(expenses),
        ExistingMonthlyPayments = Cop(existing),
        ExistingDebtBalance = Cop(existing * 20),
        RequestedAmount = Cop(requested),
        TermMonths = 12,
        AnnualRate = rate,
        ApplicationDate = Today,
        BirthDate = birth ?? new DateOnly(1985, 3, 10),
        Bureau = noBureau ? null : bureau ?? CleanBureau,
    };

    private static ModelAssessment Model(double p, double? threshold = null) => new(7, "german-gbt-test", p, threshold, [new ModelReason("checking_account", true, "Cuenta", "Account")]);

    private static List<string> Codes(CreditDecision d) => d.Reasons.Select(r => r.Code).ToList();

    [Fact]
    public void Figures_of_the_worked_example_installment_dti_disposable_and_the_counter_offer()
    {
        var input = Input(income: 3_000_000m, expenses: 1_000_000m, existing: 500_000m);
        var f = CreditFigures.Compute(input, CreditPolicy.Default);

        f.Installment.ShouldBe(Cop(910_463.77m));
        f.Dti.ShouldBe(1_410_463.77m / 3_000_000m); // (500,000 + 910,463.77) / 3,000,000 = 47.0 %
        f.DisposableIncome.ShouldBe(Cop(589_536.23m)); // 3,000,000 − 1,000,000 − 500,000 − 910,463.77
        f.InstallmentRateBand.ShouldBe(1); // 910,463.77 / 1,500,000 = 61 % ≥ 35 %
        f.Age.ShouldBe(41);

        // The DTI limit binds: 0.40 × 3,000,000 − 500,000 = 700,000 (the reserve allows 1,500,000 − 300,000 = 1,200,000).
        f.MaxInstallment.ShouldBe(Cop(700_000m));
        var i = Rates.PeriodicFromEffectiveAnnual(0.18m, 12);
        ScheduleGenerator.FrenchInstallment(f.MaxAffordable, i, 12).ShouldBeLessThanOrEqualTo(Cop(700_000m));
        ScheduleGenerator.FrenchInstallment(f.MaxAffordable + Cop(0.01m), i, 12).ShouldBeGreaterThan(Cop(700_000m));
        f.MaxAffordable.Amount.ShouldBeInRange(7_688_000m, 7_689_000m); // 700,000 × 10,000,000 / 910,463.77 ≈ 7,688,386
    }

    [Fact]
    public void A_zero_rate_installment_is_the_amount_over_the_term_and_the_maximum_is_the_installment_times_the_term()
    {
        var f = CreditFigures.Compute(Input(income: 1_000_000m, expenses: 0m, requested: 1_200_000m, rate: 0m), CreditPolicy.Default);
        f.Installment.ShouldBe(Cop(100_000m));
        f.MaxInstallment.ShouldBe(Cop(400_000m));
        f.MaxAffordable.ShouldBe(Cop(4_800_000.06m)); // 4,800,000.06 / 12 = 400,000.005, rounded half-even to 400,000.00
        f.InstallmentRateBand.ShouldBe(4); // the installment is 10 % of what is left after expenses
    }

    [Fact]
    public void The_maximum_principal_is_the_largest_whose_installment_fits()
    {
        Gen.Select(Gen.Long[1_000, 2_000_000_000], Gen.Int[0, 600], Gen.Int[1, 120]).Sample((minor, basisPoints, n) =>
        {
            var cap = Money.FromMinorUnits(minor, Currency.COP);
            var i = Rates.PeriodicFromEffectiveAnnual(basisPoints / 1000m, 12);
            var max = CreditFigures.MaxPrincipal(cap, i, n);
            ScheduleGenerator.FrenchInstallment(max, i, n).ShouldBeLessThanOrEqualTo(cap);
            ScheduleGenerator.FrenchInstallment(max + Cop(0.01m), i, n).ShouldBeGreaterThan(cap);
        }, iter: 500);
    }

    [Fact]
    public void A_clean_application_with_a_low_model_probability_is_approved()
    {
        var d = CreditPolicy.Default.Evaluate(Input(), Model(0.05));
        d.Recommendation.ShouldBe(CreditRecommendation.Approve);
        Codes(d).ShouldBe(["model_low_risk"]);
        d.ApproveBelow.ShouldBe(CreditPolicy.DefaultApproveBelow);
        d.Figures.Dti.ShouldBe(910_463.77m / 10_000_000m);
    }

    [Fact]
    public void The_model_thresholds_refer_between_and_decline_from_the_decline_threshold()
    {
        CreditPolicy.Default.Evaluate(Input(), Model(0.20)).Recommendation.ShouldBe(CreditRecommendation.Refer);
        Codes(CreditPolicy.Default.Evaluate(Input(), Model(0.20))).ShouldBe(["model_medium_risk"]);
        CreditPolicy.Default.Evaluate(Input(), Model(0.50)).Recommendation.ShouldBe(CreditRecommendation.Decline);
        Codes(CreditPolicy.Default.Evaluate(Input(), Model(0.50))).ShouldBe(["model_high_risk"]);

        // The cost-optimal threshold of the model's manifest is the approve threshold unless the policy sets one.
        var byManifest = CreditPolicy.Default.Evaluate(Input(), Model(0.16, threshold: 0.20));
        byManifest.Recommendation.ShouldBe(CreditRecommendation.Approve);
        byManifest.ApproveBelow.ShouldBe(0.20);
        (CreditPolicy.Default with { ApproveBelow = 0.10 }).Evaluate(Input(), Model(0.16, threshold: 0.20)).Recommendation.ShouldBe(CreditRecommendation.Refer);
    }

    [Fact]
    public void Without_an_active_model_a_person_decides()
    {
        var d = CreditPolicy.Default.Evaluate(Input(), null);
        d.Recommendation.ShouldBe(CreditRecommendation.Refer);
        Codes(d).ShouldBe(["no_model"]);
    }

    [Fact]
    public void The_minimum_age_declines()
    {
        var d = CreditPolicy.Default.Evaluate(Input(birth: Today.AddYears(-18).AddDays(1)), Model(0.01));
        d.Recommendation.ShouldBe(CreditRecommendation.Decline);
        d.Figures.Age.ShouldBe(17);
        Codes(d)[0].ShouldBe("under_min_age");
        CreditPolicy.Default.Evaluate(Input(birth: Today.AddYears(-18)), Model(0.01)).Recommendation.ShouldBe(CreditRecommendation.Approve);
    }

    [Fact]
    public void Bureau_rules_decline_current_delinquency_and_refer_missing_stale_past_delinquency_inquiries_and_low_scores()
    {
        var p = CreditPolicy.Default;
        Codes(p.Evaluate(Input(bureau: CleanBureau with { DelinquentAccounts = 1 }), Model(0.01))).ShouldBe(["bureau_delinquent_accounts", "model_low_risk"]);
        p.Evaluate(Input(bureau: CleanBureau with { DelinquentAccounts = 1 }), Model(0.01)).Recommendation.ShouldBe(CreditRecommendation.Decline);

        Codes(p.Evaluate(Input(noBureau: true), Model(0.01))).ShouldBe(["bureau_missing", "model_low_risk"]);
        Codes(p.Evaluate(Input(bureau: CleanBureau with { ReportDate = Today.AddDays(-31) }), Model(0.01))).ShouldBe(["bureau_stale", "model_low_risk"]);
        Codes(p.Evaluate(Input(bureau: CleanBureau with { ReportDate = Today.AddDays(-30) }), Model(0.01))).ShouldBe(["model_low_risk"]);
        Codes(p.Evaluate(Input(bureau: CleanBureau with { WorstDelinquencyDays24m = 90 }), Model(0.01))).ShouldBe(["bureau_past_delinquency", "model_low_risk"]);
        Codes(p.Evaluate(Input(bureau: CleanBureau with { WorstDelinquencyDays24m = 89 }), Model(0.01))).ShouldBe(["model_low_risk"]);
        Codes(p.Evaluate(Input(bureau: CleanBureau with { Inquiries6m = 7 }), Model(0.01))).ShouldBe(["bureau_many_inquiries", "model_low_risk"]);
        Codes(p.Evaluate(Input(bureau: CleanBureau with { Score = 400 }), Model(0.01))).ShouldBe(["model_low_risk"]); // no minimum by default
        Codes((p with { MinBureauScore = 500 }).Evaluate(Input(bureau: CleanBureau with { Score = 400 }), Model(0.01))).ShouldBe(["bureau_low_score", "model_low_risk"]);
        p.Evaluate(Input(bureau: CleanBureau with { Inquiries6m = 7 }), Model(0.01)).Recommendation.ShouldBe(CreditRecommendation.Refer);
    }

    [Fact]
    public void Affordability_refers_with_a_counter_offer_when_one_fits_and_declines_when_none_does()
    {
        var referred = CreditPolicy.Default.Evaluate(Input(income: 3_000_000m, expenses: 1_000_000m, existing: 500_000m), Model(0.01));
        referred.Recommendation.ShouldBe(CreditRecommendation.Refer);
        Codes(referred).ShouldBe(["dti_above_max", "counter_offer", "model_low_risk"]);
        referred.Reasons[1].Values["amount"].ShouldBe(referred.Figures.MaxAffordable.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture) + " COP");

        var declined = CreditPolicy.Default.Evaluate(Input(income: 2_000_000m, expenses: 1_200_000m, existing: 700_000m), Model(0.01));
        declined.Recommendation.ShouldBe(CreditRecommendation.Decline);
        Codes(declined).ShouldBe(["dti_above_max", "disposable_below_min", "not_affordable", "model_low_risk"]);
        declined.Figures.MaxAffordable.ShouldBe(Cop(0m));
    }

    [Fact]
    public void Hard_declines_come_first_and_win_over_a_model_approve()
    {
        var d = CreditPolicy.Default.Evaluate(Input(noBureau: true, birth: Today.AddYears(-17)), Model(0.01));
        d.Recommendation.ShouldBe(CreditRecommendation.Decline);
        Codes(d).ShouldBe(["under_min_age", "bureau_missing", "model_low_risk"]);

        var mixed = CreditPolicy.Default.Evaluate(Input(income: 3_000_000m, expenses: 1_000_000m, existing: 500_000m, bureau: CleanBureau with { DelinquentAccounts = 2 }), Model(0.6));
        Codes(mixed).ShouldBe(["bureau_delinquent_accounts", "model_high_risk", "dti_above_max", "counter_offer"]);
    }

    [Fact]
    public void Reasons_read_in_Spanish_first_and_in_English()
    {
        var d = CreditPolicy.Default.Evaluate(Input(income: 3_000_000m, expenses: 1_000_000m, existing: 500_000m), Model(0.01));
        d.Reasons[0].Text("es").ShouldBe("Relación deuda/ingreso de 47\u00A0% supera el máximo de 40\u00A0%");
        d.Reasons[0].Text("en").ShouldBe("Debt-to-income of 47% exceeds the maximum of 40%");
        d.Reasons[1].Text("es").ShouldStartWith("Contraoferta: hasta 7.688.");
        d.Reasons[1].Text("en").ShouldStartWith("Counter-offer: up to 7,688,");
        CreditReasonTexts.Codes.ShouldContain("no_model");
    }

    [Fact]
    public void Every_invalid_field_is_reported_with_its_name()
    {
        var bad = Input() with
        {
            MonthlyIncome = Cop(0m),
            RequestedAmount = Money.Of(5m, Currency.USD),
            TermMonths = 0,
            AnnualRate = -0.1m,
            BirthDate = Today,
            Profile = new ApplicantProfile { Dependents = -1 },
            Bureau = CleanBureau with { Score = 1000, ReportDate = Today.AddDays(1) },
        };
        bad.Problems().Select(p => p.Field).ShouldBe(["requested_amount", "monthly_income", "term_months", "annual_rate", "birth_date", "dependents", "bureau.score", "bureau.report_date"]);
        var e = Should.Throw<DomainException>(() => CreditPolicy.Default.Evaluate(bad, null));
        e.Field.ShouldBe("requested_amount");
        e.Code.ShouldBe("currency_mismatch");
        Should.Throw<DomainException>(() => (CreditPolicy.Default with { ApproveBelow = 0.6 }).Evaluate(Input(), null)).Code.ShouldBe("credit_policy_invalid");
    }

    [Fact]
    public void Authority_limits_by_role_and_currency()
    {
        var a = ApprovalAuthority.Default;
        var approve = (decimal amount) => new CreditDecisionRequest(true, amount, null, null);
        a.Check(ApprovalLevel.Analyst, CreditRecommendation.Approve, approve(20_000_000m), 50_000_000m, "COP");
        Should.Throw<DomainException>(() => a.Check(ApprovalLevel.Analyst, CreditRecommendation.Approve, approve(20_000_000.01m), 50_000_000m, "COP")).Code.ShouldBe("above_authority");
        a.Check(ApprovalLevel.Supervisor, CreditRecommendation.Refer, approve(100_000_000m), 100_000_000m, "COP");
        Should.Throw<DomainException>(() => a.Check(ApprovalLevel.Supervisor, CreditRecommendation.Refer, approve(100_000_001m), 200_000_000m, "COP")).Code.ShouldBe("above_authority");
        a.Check(ApprovalLevel.Admin, CreditRecommendation.Approve, approve(1_000_000_000m), 1_000_000_000m, "COP");
        a.Check(ApprovalLevel.Analyst, CreditRecommendation.Approve, approve(5_000m), 5_000m, "USD");
        Should.Throw<DomainException>(() => a.Check(ApprovalLevel.Analyst, CreditRecommendation.Approve, approve(5_000.01m), 6_000m, "USD")).Code.ShouldBe("above_authority");
        Should.Throw<DomainException>(() => a.Check(ApprovalLevel.Supervisor, CreditRecommendation.Approve, approve(1m), 6_000m, "PEN")).Code.ShouldBe("above_authority"); // no limit configured
        a.LimitFor(ApprovalLevel.Supervisor, "MXN").ShouldBe(500_000m);
        a.LimitFor(ApprovalLevel.Admin, "PEN").ShouldBeNull();

        Should.Throw<DomainException>(() => a.Check(ApprovalLevel.None, CreditRecommendation.Approve, approve(1m), 5m, "COP")).Code.ShouldBe("not_authorized");
        Should.Throw<DomainException>(() => a.Check(ApprovalLevel.Analyst, CreditRecommendation.Approve, approve(6m), 5m, "COP")).Code.ShouldBe("amount_above_request");
        Should.Throw<DomainException>(() => a.Check(ApprovalLevel.Analyst, CreditRecommendation.Approve, new CreditDecisionRequest(true, null, null, null), 5m, "COP")).Code.ShouldBe("amount_required");
    }

    [Fact]
    public void Overriding_a_decline_needs_a_supervisor_and_a_written_reason_and_declining_needs_a_code()
    {
        var a = ApprovalAuthority.Default;
        var overrideRequest = new CreditDecisionRequest(true, 1_000_000m, null, "Known client, collateral offered");
        Should.Throw<DomainException>(() => a.Check(ApprovalLevel.Analyst, CreditRecommendation.Decline, overrideRequest, 1_000_000m, "COP")).Code.ShouldBe("override_not_authorized");
        Should.Throw<DomainException>(() => a.Check(ApprovalLevel.Supervisor, CreditRecommendation.Decline, overrideRequest with { Note = "ok" }, 1_000_000m, "COP")).Code.ShouldBe("override_note_required");
        a.Check(ApprovalLevel.Supervisor, CreditRecommendation.Decline, overrideRequest, 1_000_000m, "COP");

        Should.Throw<DomainException>(() => a.Check(ApprovalLevel.Analyst, CreditRecommendation.Approve, new CreditDecisionRequest(false, null, null, null), 1m, "COP")).Code.ShouldBe("decline_reason_required");
        a.Check(ApprovalLevel.Analyst, CreditRecommendation.Approve, new CreditDecisionRequest(false, null, CreditDeclineReason.Withdrawn, null), 1m, "COP");
    }
}
