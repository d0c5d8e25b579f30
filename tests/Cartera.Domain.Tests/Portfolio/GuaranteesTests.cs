using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Portfolio;

public sealed class GuaranteesTests
{
    private static CollateralData Collateral() =>
        new("G1", CollateralType.Mortgage, "Apartamento", Money.Of(250_000_000m, Currency.COP), new DateOnly(2025, 6, 1), new DateOnly(2028, 6, 1));

    private static InsurancePolicyData Policy() =>
        new("P1", "Aseguradora", "POL-9", InsuranceType.Life, Money.Of(10_000_000m, Currency.COP), new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), RenewalStatus.Current);

    [Fact]
    public void Collateral_round_trips_its_data()
    {
        Cartera.Domain.Portfolio.Collateral.Create(Collateral(), 5).ToData().ShouldBe(Collateral());
    }

    [Fact]
    public void Updating_collateral_with_the_same_data_or_only_blanks_changes_nothing()
    {
        var c = Cartera.Domain.Portfolio.Collateral.Create(Collateral(), 5);
        c.Update(Collateral()).ShouldBeFalse();
        c.Update(Collateral() with { ExternalId = " G1 " }).ShouldBeFalse();
        c.Update(Collateral() with { AppraisedValue = Money.Of(260_000_000m, Currency.COP) }).ShouldBeTrue();
        c.AppraisedValueMinor.ShouldBe(26_000_000_000L);
    }

    [Fact]
    public void Collateral_refuses_a_negative_value_and_a_verification_before_the_appraisal()
    {
        Should.Throw<DomainException>(() => Cartera.Domain.Portfolio.Collateral.Create(Collateral() with { AppraisedValue = Money.Of(-1m, Currency.COP) }, 5)).Field.ShouldBe("appraised_value");
        Should.Throw<DomainException>(() => Cartera.Domain.Portfolio.Collateral.Create(Collateral() with { NextVerificationDate = new DateOnly(2025, 5, 31) }, 5)).Field.ShouldBe("next_verification_date");
    }

    [Fact]
    public void A_policy_without_a_number_takes_its_id_and_updating_with_the_same_row_changes_nothing()
    {
        var row = Policy() with { PolicyNumber = "" };
        var p = InsurancePolicy.Create(row, 5);
        p.PolicyNumber.ShouldBe("P1");
        p.Update(row).ShouldBeFalse();
        p.Update(row with { Insurer = " Aseguradora " }).ShouldBeFalse();
        p.Update(row with { RenewalStatus = RenewalStatus.Lapsed }).ShouldBeTrue();
    }

    [Fact]
    public void A_policy_covers_the_days_from_start_to_expiry_inclusive_unless_lapsed_or_cancelled()
    {
        var p = InsurancePolicy.Create(Policy(), 5);
        p.CoversOn(new DateOnly(2026, 1, 1)).ShouldBeTrue();
        p.CoversOn(new DateOnly(2026, 12, 31)).ShouldBeTrue();
        p.CoversOn(new DateOnly(2027, 1, 1)).ShouldBeFalse();
        p.CoversOn(new DateOnly(2025, 12, 31)).ShouldBeFalse();
        InsurancePolicy.Create(Policy() with { RenewalStatus = RenewalStatus.Cancelled }, 5).CoversOn(new DateOnly(2026, 6, 1)).ShouldBeFalse();
    }

    [Fact]
    public void A_policy_cannot_expire_before_it_starts()
    {
        Should.Throw<DomainException>(() => InsurancePolicy.Create(Policy() with { ExpiryDate = new DateOnly(2025, 12, 31) }, 5)).Field.ShouldBe("expiry_date");
    }
}
