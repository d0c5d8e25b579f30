using Cartera.Domain.Collection.Agreements;
using Cartera.Domain.Common;
using CsCheck;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Collection.Agreements;

/// <summary>RULES §14: the agreement simulator and the approval limits.</summary>
public sealed class AgreementSimulatorTests
{
    private static readonly DateOnly A = new(2026, 3, 20);

    private static Money Cop(decimal amount) => Money.Of(amount, Currency.COP);

    private static AgreementPosition RulesPosition() =>
        new(Cop(1_000_000m), Cop(2_000_000m), Cop(120_000m), Cop(80_000m), Cop(0m), Cop(0m));

    [Fact]
    public void The_rules_test_case_gives_B_3120000_d_312000_F_2808000_and_six_installments_of_468000()
    {
        // RULES §14 test: OP 1,000,000, FP 2,000,000, OI 120,000, AI 80,000, FE 0, OT 0, q 0, w_a 1
        // → B 3,120,000; d 312,000; F 2,808,000 over 6 months at 0 % → 468,000 each.
        var simulation = AgreementSimulator.Simulate(RulesPosition(), new AgreementTerms(A, 6, 0m, ArrearsWaiver: 1m), AgreementPolicy.Default, capEa: 0.25m);

        simulation.AgreedBalance.ShouldBe(Cop(3_120_000m));
        simulation.DownPayment.ShouldBe(Cop(312_000m));
        simulation.Financed.ShouldBe(Cop(2_808_000m));
        simulation.Forgiven.ShouldBe(Cop(80_000m));
        simulation.Schedule.Count.ShouldBe(6);
        simulation.Schedule.ShouldAllBe(i => i.Total == Cop(468_000m) && i.Interest == Cop(0m));
        simulation.Schedule.Select(i => i.DueDate).ShouldBe([
            new DateOnly(2026, 4, 20), new DateOnly(2026, 5, 20), new DateOnly(2026, 6, 20),
            new DateOnly(2026, 7, 20), new DateOnly(2026, 8, 20), new DateOnly(2026, 9, 20)]);
        simulation.TotalToPay.ShouldBe(Cop(3_120_000m));
    }

    [Fact]
    public void Concessions_round_half_even_per_term_and_forgiven_is_the_difference()
    {
        var position = new AgreementPosition(Cop(0.05m), Cop(0m), Cop(0m), Cop(0.25m), Cop(0.35m), Cop(0m));
        var simulation = AgreementSimulator.Simulate(position, new AgreementTerms(A, 1, 0m, PrincipalDiscount: 0.5m, ArrearsWaiver: 0.5m, FeeWaiver: 0.5m), AgreementPolicy.Default, null);

        // round(0.025) = 0.02, round(0.125) = 0.12, round(0.175) = 0.18 (half-even) → B 0.32, forgiven 0.65 − 0.32.
        simulation.AgreedBalance.ShouldBe(Cop(0.32m));
        simulation.Forgiven.ShouldBe(Cop(0.33m));
    }

    [Fact]
    public void A_French_schedule_at_a_positive_rate_follows_RULES_1()
    {
        // 10,000,000 financed at 18 % EA over 12 months is the RULES §1 case: installment 910,463.77, first interest 138,884.30.
        var position = new AgreementPosition(Cop(0m), Cop(11_200_000m), Cop(0m), Cop(0m), Cop(0m), Cop(0m));
        var simulation = AgreementSimulator.Simulate(position, new AgreementTerms(A, 12, 0.18m, DownPayment: Cop(1_200_000m)), AgreementPolicy.Default, 0.25m);

        simulation.Financed.ShouldBe(Cop(10_000_000m));
        simulation.Schedule[0].Total.ShouldBe(Cop(910_463.77m));
        simulation.Schedule[0].Interest.ShouldBe(Cop(138_884.30m));
        simulation.Schedule[1].Interest.ShouldBe(Cop(128_168.28m));
        simulation.Schedule.Aggregate(Cop(0m), (s, i) => s + i.Principal).ShouldBe(Cop(10_000_000m));
    }

    [Fact]
    public void The_first_due_date_defaults_to_one_month_later_clamped_to_the_month_end()
    {
        AgreementSimulator.DefaultFirstDueDate(new DateOnly(2026, 1, 31)).ShouldBe(new DateOnly(2026, 2, 28));
        AgreementSimulator.DefaultFirstDueDate(new DateOnly(2028, 1, 31)).ShouldBe(new DateOnly(2028, 2, 29));
        AgreementSimulator.DefaultFirstDueDate(new DateOnly(2026, 12, 15)).ShouldBe(new DateOnly(2027, 1, 15));
    }

    [Theory]
    [InlineData(319_999.99, 0, 0, 6, 0, "down_payment_too_small", "down_payment")]
    [InlineData(3_200_000.0, 0, 0, 6, 0, "down_payment_too_large", "down_payment")]
    [InlineData(null, 1.2, 0, 6, 0, "invalid_fraction", "principal_discount")]
    [InlineData(null, 0, -0.1, 6, 0, "invalid_fraction", "arrears_waiver")]
    [InlineData(null, 0, 0, 0, 0.0, "invalid_term", "installments")]
    [InlineData(null, 0, 0, 6, 0.30, "rate_above_cap", "rate")]
    [InlineData(null, 0, 0, 6, -0.01, "invalid_rate", "rate")]
    public void Invalid_terms_are_refused_naming_the_field(double? down, double q, double wa, int n, double r, string code, string field)
    {
        var terms = new AgreementTerms(A, n, (decimal)r, down is { } d ? Cop((decimal)d) : null, (decimal)q, (decimal)wa);
        var error = Should.Throw<DomainException>(() => AgreementSimulator.Simulate(RulesPosition(), terms, AgreementPolicy.Default, 0.25m));
        error.Code.ShouldBe(code);
        error.Field.ShouldBe(field);
    }

    [Fact]
    public void A_first_due_date_on_or_before_the_agreement_date_is_refused()
    {
        var error = Should.Throw<DomainException>(() => AgreementSimulator.Simulate(RulesPosition(), new AgreementTerms(A, 6, 0m, FirstDueDate: A), AgreementPolicy.Default, null));
        error.Field.ShouldBe("first_due");
    }

    [Fact]
    public void Approval_limits_name_the_lowest_role_that_may_approve()
    {
        var limits = AgreementApprovalLimits.Default;
        limits.RequiredApprover(new AgreementTerms(A, 12, 0m, ArrearsWaiver: 0.5m)).ShouldBe(AgreementApprover.Collector);
        limits.RequiredApprover(new AgreementTerms(A, 13, 0m)).ShouldBe(AgreementApprover.Supervisor);
        limits.RequiredApprover(new AgreementTerms(A, 6, 0m, ArrearsWaiver: 0.51m)).ShouldBe(AgreementApprover.Supervisor);
        limits.RequiredApprover(new AgreementTerms(A, 6, 0m, PrincipalDiscount: 0.01m)).ShouldBe(AgreementApprover.Supervisor);
        limits.RequiredApprover(new AgreementTerms(A, 6, 0m, FeeWaiver: 0.1m)).ShouldBe(AgreementApprover.Supervisor);
        limits.RequiredApprover(new AgreementTerms(A, 36, 0m, PrincipalDiscount: 0.2m, ArrearsWaiver: 1m, FeeWaiver: 1m)).ShouldBe(AgreementApprover.Supervisor);
        limits.RequiredApprover(new AgreementTerms(A, 37, 0m)).ShouldBe(AgreementApprover.Administrator);
        limits.RequiredApprover(new AgreementTerms(A, 6, 0m, PrincipalDiscount: 0.21m)).ShouldBe(AgreementApprover.Administrator);
        limits.CanApprove(AgreementApprover.Supervisor, new AgreementTerms(A, 37, 0m)).ShouldBeFalse();
        limits.CanApprove(AgreementApprover.Administrator, new AgreementTerms(A, 37, 0m)).ShouldBeTrue();

        var configured = limits with { Collector = new AgreementLimit(0.05m, 1m, 1m, 24) };
        configured.RequiredApprover(new AgreementTerms(A, 24, 0m, PrincipalDiscount: 0.05m)).ShouldBe(AgreementApprover.Collector);
    }

    private static readonly Gen<(AgreementPosition Position, AgreementTerms Terms)> AnyAgreement =
        Gen.Select(
            Gen.Long[0L, 1_000_000_000_00L].Array[6],
            Gen.Int[0, 100].Array[3],
            Gen.Int[1, 120],
            Gen.Int[0, 600_000],
            Gen.Int[0, 1000])
        .Select((parts, concessions, n, rateMillionths, extraDownPermille) =>
        {
            var position = new AgreementPosition(
                Money.FromMinorUnits(parts[0] + 100, Currency.COP), Money.FromMinorUnits(parts[1], Currency.COP), Money.FromMinorUnits(parts[2], Currency.COP),
                Money.FromMinorUnits(parts[3], Currency.COP), Money.FromMinorUnits(parts[4], Currency.COP), Money.FromMinorUnits(parts[5], Currency.COP));
            var terms = new AgreementTerms(A, n, rateMillionths / 1_000_000m, null, concessions[0] / 100m, concessions[1] / 100m, concessions[2] / 100m);
            return (position, terms);
        });

    [Fact]
    public void Property_forgiven_plus_B_is_the_position_and_the_schedule_principal_is_F()
    {
        AnyAgreement.Sample(sample =>
        {
            AgreementSimulation simulation;
            try
            {
                simulation = AgreementSimulator.Simulate(sample.Position, sample.Terms, AgreementPolicy.Default, null);
            }
            catch (DomainException e) when (e.Code is "nothing_to_agree" or "down_payment_too_large")
            {
                return;
            }

            (simulation.Forgiven + simulation.AgreedBalance).ShouldBe(sample.Position.Total);
            simulation.Forgiven.IsNegative.ShouldBeFalse();
            simulation.Schedule.Aggregate(Money.Zero(Currency.COP), (s, i) => s + i.Principal).ShouldBe(simulation.Financed);
            (simulation.DownPayment + simulation.Financed).ShouldBe(simulation.AgreedBalance);
            (simulation.DownPayment.Amount >= simulation.AgreedBalance.Amount * 0.10m).ShouldBeTrue();
            simulation.Schedule.ShouldAllBe(i => !i.Principal.IsNegative && !i.Interest.IsNegative);
            simulation.TotalToPay.ShouldBe(simulation.AgreedBalance + simulation.TotalInterest);
        }, iter: 5_000);
    }
}
