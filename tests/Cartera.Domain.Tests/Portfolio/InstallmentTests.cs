using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Portfolio;

public sealed class InstallmentTests
{
    private static Installment Installment()
    {
        var o = Obligation.Create(ObligationTests.Terms() with { Principal = Money.Of(1_000m, Currency.COP), Term = 1 }, 1, DateTimeOffset.UnixEpoch);
        o.UseImportedSchedule([new PlannedInstallment(1, new DateOnly(2026, 2, 15), Money.Of(1_000m, Currency.COP), Money.Of(20m, Currency.COP), Money.Of(5m, Currency.COP), Money.Of(1m, Currency.COP))]);
        return o.Installments[0];
    }

    [Fact]
    public void Paid_amounts_accumulate_per_component()
    {
        var i = Installment();
        i.RecordPaid(10_000, 2_000, 0, 0);
        i.RecordPaid(5_000, 0, 500, 100);
        (i.PrincipalPaidMinor, i.InterestPaidMinor, i.InsurancePaidMinor, i.OtherPaidMinor).ShouldBe((15_000L, 2_000L, 500L, 100L));
        i.TotalPaidMinor.ShouldBe(17_600L);
        i.IsPaid.ShouldBeFalse();
    }

    [Fact]
    public void An_installment_is_paid_when_every_component_is()
    {
        var i = Installment();
        i.RecordPaid(100_000, 2_000, 500, 100);
        i.IsPaid.ShouldBeTrue();
        i.TotalDueMinor.ShouldBe(102_600L);
    }

    [Fact]
    public void Paying_more_than_due_on_a_component_is_refused_and_nothing_changes()
    {
        var i = Installment();
        var ex = Should.Throw<DomainException>(() => i.RecordPaid(1, 2_001, 0, 0));
        ex.Code.ShouldBe("invalid_amount");
        ex.Field.ShouldBe("interest");
        i.TotalPaidMinor.ShouldBe(0L);
    }

    [Fact]
    public void A_reversal_may_bring_paid_back_to_zero_but_not_below()
    {
        var i = Installment();
        i.RecordPaid(50_000, 2_000, 0, 0);
        i.RecordPaid(-50_000, -2_000, 0, 0);
        i.TotalPaidMinor.ShouldBe(0L);
        var ex = Should.Throw<DomainException>(() => i.RecordPaid(0, 0, 0, -1));
        ex.Field.ShouldBe("other");
    }

    [Fact]
    public void SameAs_compares_number_date_and_every_amount()
    {
        var i = Installment();
        var planned = new PlannedInstallment(1, new DateOnly(2026, 2, 15), Money.Of(1_000m, Currency.COP), Money.Of(20m, Currency.COP), Money.Of(5m, Currency.COP), Money.Of(1m, Currency.COP));
        i.SameAs(planned).ShouldBeTrue();
        i.SameAs(planned with { Other = Money.Of(2m, Currency.COP) }).ShouldBeFalse();
        i.SameAs(planned with { DueDate = new DateOnly(2026, 2, 16) }).ShouldBeFalse();
    }
}
