using System.Globalization;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using static Cartera.Tests.Domain.Delinquency.DelinquencyTestData;

namespace Cartera.Tests.Domain.Delinquency;

/// <summary>RULES §3: interest on arrears, under the legal cap in force each day.</summary>
public sealed class ArrearsInterestTests
{
    /// <summary>One installment of 1,000,000.00 COP principal due on 2026-03-15: days 1..10 are 03-16..03-25.</summary>
    private static readonly DateOnly Due = Day(2026, 3, 15);

    private static readonly DateOnly TenthDay = Due.AddDays(10);

    private static readonly UsuryRate Colombia = new(1.5m, 0.00005m);

    private static ObligationFacts Million(decimal? contractEa, params Movement[] movements) =>
        Facts(contractEa, [Installment(1, Due, 100_000_000)], movements);

    [Fact]
    public void Usury_is_one_and_a_half_times_the_banking_current_rate()
    {
        Colombia.FromBankingCurrent(0.1624m).ShouldBe(0.2436m);
        Colombia.FromBankingCurrent(0.2683m).ShouldBe(0.40245m);
        Colombia.Agrees(0.2436m, 0.1624m).ShouldBeTrue();
        Colombia.Agrees(0.2437m, 0.1624m).ShouldBeFalse();
        Should.Throw<DomainException>(() => Colombia.FromBankingCurrent(0m)).Field.ShouldBe("banking_current_ea");
        Should.Throw<DomainException>(() => Colombia.FromBankingCurrent(16.24m)).Code.ShouldBe("invalid_rate");
    }

    [Fact]
    public void A_million_pesos_at_the_24_36_percent_cap_accrue_597_47_a_day_and_5974_70_in_ten_days()
    {
        var rates = Rates(Cap(Day(2026, 3, 1), Day(2026, 3, 31), Colombia.FromBankingCurrent(0.1624m)));

        var position = PositionCalculator.EndOfDay(Million(null), Modality, rates, TenthDay, explain: true);

        rates.Daily(0.2436m).ToString(CultureInfo.InvariantCulture).ShouldStartWith("0.000597467177");
        position.Installment(1).ArrearsAccrued.ShouldBe(597_470);
        var segment = position.Segments.ShouldHaveSingleItem();
        segment.From.ShouldBe(Due.AddDays(1));
        segment.To.ShouldBe(TenthDay);
        segment.Days.ShouldBe(10);
        segment.UnpaidPrincipal.ShouldBe(100_000_000);
        segment.PerDay.ShouldBe(59_747);
        segment.AnnualRate.ShouldBe(0.2436m);
        segment.Cap.ShouldNotBeNull().UsuryEa.ShouldBe(0.2436m);
        PositionCalculator.EndOfDay(Million(null), Modality, rates, Due.AddDays(1)).Installment(1).ArrearsAccrued.ShouldBe(59_747);
    }

    [Fact]
    public void A_contract_rate_above_the_cap_is_capped_and_one_below_it_is_used_as_agreed()
    {
        var rates = Rates(Cap(Day(2026, 3, 1), Day(2026, 3, 31), 0.2436m));

        var capped = PositionCalculator.EndOfDay(Million(0.30m), Modality, rates, TenthDay, explain: true);
        var agreed = PositionCalculator.EndOfDay(Million(0.20m), Modality, rates, TenthDay, explain: true);

        capped.Installment(1).ArrearsAccrued.ShouldBe(597_470);
        capped.Segments.ShouldHaveSingleItem().Cap.ShouldNotBeNull();
        var own = agreed.Segments.ShouldHaveSingleItem();
        own.AnnualRate.ShouldBe(0.20m);
        own.Cap.ShouldBeNull("the contract rate was below the cap: the cap did not bound it");
        own.PerDay.ShouldBe((long)decimal.Round(100_000_000 * rates.Daily(0.20m), 0, MidpointRounding.ToEven));
    }

    [Fact]
    public void A_cap_change_on_day_6_splits_the_period_days_1_to_5_old_cap_6_to_10_new_cap()
    {
        var oldCap = Cap(Day(2026, 3, 1), Due.AddDays(5), 0.2436m);
        var newCap = Cap(Due.AddDays(6), Day(2026, 4, 30), 0.2550m);
        var rates = Rates(oldCap, newCap);

        var position = PositionCalculator.EndOfDay(Million(null), Modality, rates, TenthDay, explain: true);

        position.Segments.Count.ShouldBe(2);
        var (first, second) = (position.Segments[0], position.Segments[1]);
        (first.From, first.To, first.Cap).ShouldBe((Due.AddDays(1), Due.AddDays(5), oldCap));
        (second.From, second.To, second.Cap).ShouldBe((Due.AddDays(6), TenthDay, newCap));
        var newPerDay = (long)decimal.Round(100_000_000 * rates.Daily(0.2550m), 0, MidpointRounding.ToEven);
        second.PerDay.ShouldBe(newPerDay);
        position.Installment(1).ArrearsAccrued.ShouldBe((5 * 59_747) + (5 * newPerDay));
    }

    [Fact]
    public void Days_after_the_last_cap_row_carry_that_cap_forward_and_are_marked_assumed()
    {
        // The only row ends on day 3 (2026-03-18): days 4–10 have no row of their own.
        var row = Cap(Day(2026, 3, 1), Due.AddDays(3), 0.2436m);
        var rates = Rates(row);

        var position = PositionCalculator.EndOfDay(Million(null), Modality, rates, TenthDay, explain: true);

        position.Installment(1).ArrearsAccrued.ShouldBe(597_470, "the carried cap is the same 24.36 % for all ten days");
        position.Segments.Count.ShouldBe(2);
        (position.Segments[0].To, position.Segments[0].CapAssumed).ShouldBe((Due.AddDays(3), false));
        (position.Segments[1].From, position.Segments[1].Cap, position.Segments[1].CapAssumed).ShouldBe((Due.AddDays(4), row, true));
        position.CapAssumed.ShouldBeTrue();
        position.CapAssumedMonths.ShouldBe([Day(2026, 3, 1)]);
        PositionCalculator.BeforeAccrual(Million(null), Modality, rates, TenthDay).CapAssumed.ShouldBeTrue("a payment meets the same carried cap instead of an error");
    }

    [Fact]
    public void A_gap_between_rows_uses_the_row_before_it_and_names_every_month_of_the_gap()
    {
        var march = Cap(Day(2026, 3, 1), Day(2026, 3, 31), 0.2436m);
        var june = Cap(Day(2026, 6, 1), Day(2026, 6, 30), 0.30m);
        var rates = Rates(march, june);

        var position = PositionCalculator.EndOfDay(Million(null), Modality, rates, Day(2026, 6, 10), explain: true);

        position.CapAssumedMonths.ShouldBe([Day(2026, 4, 1), Day(2026, 5, 1)]);
        var gap = position.Segments.Single(s => s.From == Day(2026, 4, 1));
        (gap.To, gap.Cap, gap.AnnualRate, gap.CapAssumed).ShouldBe((Day(2026, 5, 31), march, 0.2436m, true));
        position.Segments.Single(s => s.From == Day(2026, 6, 1)).CapAssumed.ShouldBeFalse();
    }

    [Fact]
    public void A_carried_cap_bounds_a_higher_contract_rate_and_a_lower_one_is_used_as_agreed()
    {
        var rates = Rates(Cap(Day(2026, 1, 1), Day(2026, 1, 31), 0.2436m));

        var capped = PositionCalculator.EndOfDay(Million(0.30m), Modality, rates, TenthDay, explain: true);
        var agreed = PositionCalculator.EndOfDay(Million(0.20m), Modality, rates, TenthDay, explain: true);

        capped.Installment(1).ArrearsAccrued.ShouldBe(597_470);
        capped.CapAssumed.ShouldBeTrue();
        agreed.Segments.ShouldHaveSingleItem().AnnualRate.ShouldBe(0.20m);
        agreed.CapAssumed.ShouldBeFalse("the contract rate did not depend on the missing cap");
    }

    [Fact]
    public void A_modality_without_any_row_accrues_nothing_for_the_legal_maximum_and_is_marked_assumed()
    {
        var position = PositionCalculator.EndOfDay(Million(null), Modality, Rates(Cap(Day(2026, 3, 1), Day(2026, 3, 31), 0.50m, CapModalities.Microcredit)), TenthDay, explain: true);

        position.Installment(1).ArrearsAccrued.ShouldBe(0);
        position.CapAssumedMonths.ShouldBe([Day(2026, 3, 1)]);
        position.Segments.ShouldHaveSingleItem().CapAssumed.ShouldBeTrue();
    }

    [Fact]
    public void A_contract_rate_applies_alone_on_days_without_a_cap_row()
    {
        var position = PositionCalculator.EndOfDay(Million(0.2436m), Modality, Rates(), TenthDay, explain: true);

        position.Installment(1).ArrearsAccrued.ShouldBe(597_470);
        position.Segments.ShouldHaveSingleItem().Cap.ShouldBeNull();
    }

    [Fact]
    public void The_cap_row_is_chosen_by_the_products_modality()
    {
        var rates = Rates(Cap(Day(2026, 1, 1), Day(2026, 12, 31), 0.2436m), Cap(Day(2026, 1, 1), Day(2026, 12, 31), 0.50m, CapModalities.Microcredit));

        PositionCalculator.EndOfDay(Million(null), CapModalities.Microcredit, rates, TenthDay, explain: true)
            .Segments.ShouldHaveSingleItem().AnnualRate.ShouldBe(0.50m);
        PositionCalculator.EndOfDay(Million(null), Modality, rates, TenthDay, explain: true)
            .Segments.ShouldHaveSingleItem().AnnualRate.ShouldBe(0.2436m);
    }

    [Fact]
    public void Cap_rows_are_inclusive_at_both_ends()
    {
        var cap = Cap(Day(2026, 3, 16), Day(2026, 3, 25), 0.2436m);
        var table = new CapTable([cap]);

        table.CapOn(Modality, Day(2026, 3, 15)).ShouldBeNull();
        table.CapOn(Modality, Day(2026, 3, 16)).ShouldBe(cap);
        table.CapOn(Modality, Day(2026, 3, 25)).ShouldBe(cap);
        table.CapOn(Modality, Day(2026, 3, 26)).ShouldBeNull();
        PositionCalculator.EndOfDay(Million(null), Modality, new ArrearsRateSource(table), TenthDay).Installment(1).ArrearsAccrued.ShouldBe(597_470);
    }

    [Fact]
    public void Overlapping_cap_rows_of_a_modality_are_refused()
    {
        Should.Throw<DomainException>(() => new CapTable([Cap(Day(2026, 1, 1), Day(2026, 1, 31), 0.25m), Cap(Day(2026, 1, 31), Day(2026, 2, 28), 0.26m)]))
            .Code.ShouldBe("overlapping_caps");
        _ = new CapTable([Cap(Day(2026, 1, 1), Day(2026, 1, 31), 0.25m), Cap(Day(2026, 1, 1), Day(2026, 1, 31), 0.5m, CapModalities.Microcredit)]);
    }

    [Fact]
    public void A_payment_on_day_d_is_applied_before_that_days_accrual()
    {
        // Half the principal paid on day 4 (2026-03-19): days 1–3 on 1,000,000.00, days 4–10 on 500,000.00.
        var rates = Rates(Cap(Day(2026, 3, 1), Day(2026, 3, 31), 0.2436m));
        var facts = Million(null, Paid(1, Due.AddDays(4), 1, LedgerComponent.Principal, 50_000_000));

        var position = PositionCalculator.EndOfDay(facts, Modality, rates, TenthDay, explain: true);
        var before = PositionCalculator.BeforeAccrual(facts, Modality, rates, Due.AddDays(4));

        position.Segments.Count.ShouldBe(2);
        (position.Segments[0].From, position.Segments[0].To, position.Segments[0].UnpaidPrincipal).ShouldBe((Due.AddDays(1), Due.AddDays(3), 100_000_000L));
        (position.Segments[1].From, position.Segments[1].To, position.Segments[1].UnpaidPrincipal).ShouldBe((Due.AddDays(4), TenthDay, 50_000_000L));
        var halfPerDay = (long)decimal.Round(50_000_000 * rates.Daily(0.2436m), 0, MidpointRounding.ToEven);
        position.Installment(1).ArrearsAccrued.ShouldBe((3 * 59_747) + (7 * halfPerDay));
        before.Installment(1).ArrearsAccrued.ShouldBe(3 * 59_747, "the payment meets the arrears through the day before");
        before.Installment(1).PrincipalSettled.ShouldBe(50_000_000);
    }

    [Fact]
    public void Arrears_accrue_on_principal_only_never_on_interest()
    {
        var rates = Rates(Cap(Day(2026, 3, 1), Day(2026, 3, 31), 0.2436m));
        var interestOnly = Facts(null, [Installment(1, Due, 0, 5_000_000, 100_000, 100_000)]);

        var position = PositionCalculator.EndOfDay(interestOnly, Modality, rates, TenthDay, explain: true);

        position.Installment(1).ArrearsAccrued.ShouldBe(0);
        position.Segments.ShouldBeEmpty();
    }

    [Fact]
    public void A_reversed_payment_accrues_again_as_if_it_never_happened()
    {
        var rates = Rates(Cap(Day(2026, 3, 1), Day(2026, 3, 31), 0.2436m));
        var facts = Million(
            null,
            Paid(1, Due.AddDays(2), 1, LedgerComponent.Principal, 100_000_000),
            Paid(2, Due.AddDays(2), 1, LedgerComponent.Principal, -100_000_000));

        PositionCalculator.EndOfDay(facts, Modality, rates, TenthDay).Installment(1).ArrearsAccrued.ShouldBe(597_470);
    }
}
