using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Portfolio;

public sealed class ScheduleGeneratorTests
{
    private static readonly DateOnly First = new(2026, 2, 15);

    private static Money Cop(decimal amount) => Money.Of(amount, Currency.COP);

    private static ScheduleTerms Terms(decimal principal = 10_000_000m, decimal rate = 0.18m, int term = 12, PaymentFrequency frequency = PaymentFrequency.Monthly, Amortization amortization = Amortization.French, DateOnly? first = null) =>
        new(Cop(principal), rate, term, frequency, amortization, first ?? First);

    [Fact]
    public void RULES_1_worked_example_french_10_million_at_18_percent_EA_over_12_months()
    {
        var schedule = ScheduleGenerator.Generate(Terms());

        schedule.Count.ShouldBe(12);
        schedule[0].Total.ShouldBe(Cop(910_463.77m));
        schedule[0].Interest.ShouldBe(Cop(138_884.30m));
        schedule[0].Principal.ShouldBe(Cop(771_579.47m));
        (Cop(10_000_000m) - schedule[0].Principal).ShouldBe(Cop(9_228_420.53m));
        schedule[1].Interest.ShouldBe(Cop(128_168.28m));
        schedule[1].Principal.ShouldBe(Cop(782_295.49m));
        schedule[2].Interest.ShouldBe(Cop(117_303.42m));
    }

    [Fact]
    public void The_level_installment_of_the_worked_example_is_910_463_77()
    {
        var i = Rates.PeriodicFromEffectiveAnnual(0.18m, 12);
        ScheduleGenerator.FrenchInstallment(Cop(10_000_000m), i, 12).ShouldBe(Cop(910_463.77m));
    }

    [Fact]
    public void French_installments_but_the_last_are_equal_and_the_last_takes_the_remaining_balance()
    {
        var schedule = ScheduleGenerator.Generate(Terms());
        schedule.Take(11).ShouldAllBe(x => x.Total == Cop(910_463.77m));
        var paidBeforeLast = schedule.Take(11).Aggregate(Cop(0m), (s, x) => s + x.Principal);
        schedule[11].Principal.ShouldBe(Cop(10_000_000m) - paidBeforeLast);
        schedule.Aggregate(Cop(0m), (s, x) => s + x.Principal).ShouldBe(Cop(10_000_000m));
    }

    [Fact]
    public void Constant_principal_is_round_P_over_n_and_the_last_absorbs_the_residue()
    {
        var schedule = ScheduleGenerator.Generate(Terms(principal: 1_000_000m, term: 3, amortization: Amortization.ConstantPrincipal));
        schedule.Select(x => x.Principal.Amount).ShouldBe([333_333.33m, 333_333.33m, 333_333.34m]);
        var i = Rates.PeriodicFromEffectiveAnnual(0.18m, 12);
        schedule[0].Interest.ShouldBe(Money.Round(1_000_000m * i, Currency.COP));
        schedule[1].Interest.ShouldBe(Money.Round(666_666.67m * i, Currency.COP));
        schedule[2].Interest.ShouldBe(Money.Round(333_333.34m * i, Currency.COP));
    }

    [Fact]
    public void Bullet_pays_interest_on_the_full_principal_every_period_and_all_principal_at_the_end()
    {
        var schedule = ScheduleGenerator.Generate(Terms(principal: 5_000_000m, term: 6, amortization: Amortization.Bullet));
        var interest = Money.Round(5_000_000m * Rates.PeriodicFromEffectiveAnnual(0.18m, 12), Currency.COP);
        schedule.ShouldAllBe(x => x.Interest == interest);
        schedule.Take(5).ShouldAllBe(x => x.Principal.IsZero);
        schedule[5].Principal.ShouldBe(Cop(5_000_000m));
    }

    [Fact]
    public void Single_is_one_installment_of_the_principal_without_interest_on_the_first_due_date()
    {
        var schedule = ScheduleGenerator.Generate(Terms(principal: 2_500_000m, rate: 0.30m, term: 0, amortization: Amortization.Single));
        schedule.Count.ShouldBe(1);
        schedule[0].Number.ShouldBe(1);
        schedule[0].DueDate.ShouldBe(First);
        schedule[0].Principal.ShouldBe(Cop(2_500_000m));
        schedule[0].Interest.IsZero.ShouldBeTrue();
    }

    [Fact]
    public void A_single_invoice_ignores_the_term_given()
    {
        ScheduleGenerator.Generate(Terms(term: 24, amortization: Amortization.Single)).Count.ShouldBe(1);
    }

    [Fact]
    public void Biweekly_due_dates_are_14_days_apart()
    {
        var schedule = ScheduleGenerator.Generate(Terms(term: 4, frequency: PaymentFrequency.Biweekly));
        schedule.Select(x => x.DueDate).ShouldBe([First, First.AddDays(14), First.AddDays(28), First.AddDays(42)]);
    }

    [Fact]
    public void Weekly_due_dates_are_7_days_apart()
    {
        var schedule = ScheduleGenerator.Generate(Terms(term: 3, frequency: PaymentFrequency.Weekly));
        schedule.Select(x => x.DueDate).ShouldBe([First, First.AddDays(7), First.AddDays(14)]);
    }

    [Fact]
    public void Biweekly_and_weekly_use_the_rate_for_26_and_52_periods()
    {
        var biweekly = ScheduleGenerator.Generate(Terms(term: 2, frequency: PaymentFrequency.Biweekly));
        biweekly[0].Interest.ShouldBe(Money.Round(10_000_000m * Rates.PeriodicFromEffectiveAnnual(0.18m, 26), Currency.COP));
        var weekly = ScheduleGenerator.Generate(Terms(term: 2, frequency: PaymentFrequency.Weekly));
        weekly[0].Interest.ShouldBe(Money.Round(10_000_000m * Rates.PeriodicFromEffectiveAnnual(0.18m, 52), Currency.COP));
    }

    [Fact]
    public void Monthly_due_dates_from_the_31st_clamp_to_the_end_of_shorter_months_without_drifting()
    {
        var schedule = ScheduleGenerator.Generate(Terms(term: 5, first: new DateOnly(2026, 1, 31)));
        schedule.Select(x => x.DueDate).ShouldBe(
        [
            new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30), new DateOnly(2026, 5, 31),
        ]);
    }

    [Fact]
    public void Monthly_due_dates_from_January_31_fall_on_February_29_in_a_leap_year()
    {
        ScheduleGenerator.DueDate(new DateOnly(2028, 1, 31), PaymentFrequency.Monthly, 2).ShouldBe(new DateOnly(2028, 2, 29));
    }

    [Fact]
    public void Monthly_due_dates_from_the_30th_come_back_to_the_30th_after_February()
    {
        ScheduleGenerator.DueDate(new DateOnly(2026, 1, 30), PaymentFrequency.Monthly, 2).ShouldBe(new DateOnly(2026, 2, 28));
        ScheduleGenerator.DueDate(new DateOnly(2026, 1, 30), PaymentFrequency.Monthly, 3).ShouldBe(new DateOnly(2026, 3, 30));
    }

    [Fact]
    public void Monthly_due_dates_cross_the_year_end()
    {
        ScheduleGenerator.DueDate(new DateOnly(2026, 11, 15), PaymentFrequency.Monthly, 3).ShouldBe(new DateOnly(2027, 1, 15));
    }

    [Fact]
    public void A_zero_rate_french_schedule_has_no_interest_and_level_principal()
    {
        var schedule = ScheduleGenerator.Generate(Terms(principal: 1_000m, rate: 0m, term: 3));
        schedule.ShouldAllBe(x => x.Interest.IsZero);
        schedule.Select(x => x.Principal.Amount).ShouldBe([333.33m, 333.33m, 333.34m]);
    }

    [Fact]
    public void A_long_term_at_the_highest_rate_accepted_does_not_overflow()
    {
        var schedule = ScheduleGenerator.Generate(Terms(principal: 1_000_000m, rate: 10m, term: 600));
        schedule.Count.ShouldBe(600);
        schedule.Aggregate(Cop(0m), (s, x) => s + x.Principal).ShouldBe(Cop(1_000_000m));
    }

    [Theory]
    [InlineData(0, 0.18, 12, "invalid_amount", "principal")]
    [InlineData(-1, 0.18, 12, "invalid_amount", "principal")]
    [InlineData(1000, -0.01, 12, "invalid_rate", "annual_rate_ea")]
    [InlineData(1000, 10.01, 12, "invalid_rate", "annual_rate_ea")]
    [InlineData(1000, 0.18, 0, "invalid_term", "term")]
    [InlineData(1000, 0.18, 601, "invalid_term", "term")]
    public void Invalid_terms_are_refused_with_a_code_and_the_field(decimal principal, decimal rate, int term, string code, string field)
    {
        var ex = Should.Throw<DomainException>(() => ScheduleGenerator.Generate(Terms(principal, rate, term)));
        ex.Code.ShouldBe(code);
        ex.Field.ShouldBe(field);
    }

    [Fact]
    public void An_unknown_amortization_is_refused_rather_than_treated_as_bullet()
    {
        var ex = Should.Throw<DomainException>(() => ScheduleGenerator.Generate(Terms(amortization: (Amortization)99)));
        ex.Code.ShouldBe("invalid_value");
        ex.Field.ShouldBe("amortization");
    }

    [Fact]
    public void A_schedule_ending_after_the_year_9999_is_refused()
    {
        var ex = Should.Throw<DomainException>(() => ScheduleGenerator.Generate(Terms(term: 600, first: new DateOnly(9990, 1, 1))));
        ex.Code.ShouldBe("invalid_date");
        ex.Field.ShouldBe("first_due_date");
        ScheduleGenerator.Generate(Terms(term: 12, first: new DateOnly(9999, 1, 31)))[^1].DueDate.ShouldBe(new DateOnly(9999, 12, 31));
    }
}
