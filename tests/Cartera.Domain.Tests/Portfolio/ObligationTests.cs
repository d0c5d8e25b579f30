using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Money = Cartera.Domain.Common.Money;

namespace Cartera.Tests.Domain.Portfolio;

public sealed class ObligationTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static Money Cop(decimal amount) => Money.Of(amount, Currency.COP);

    internal static ObligationTerms Terms() => new(
        "O1", ObligationKind.Loan, "consumo", Cop(10_000_000m), new DateOnly(2026, 1, 15), 0.18m, null, 12,
        PaymentFrequency.Monthly, Amortization.French, new DateOnly(2026, 2, 15), "BOG-01");

    private static PlannedInstallment Planned(int number, DateOnly due, decimal principal, decimal interest = 0m) =>
        new(number, due, Cop(principal), Cop(interest), Cop(0m), Cop(0m));

    [Fact]
    public void Create_keeps_the_terms_in_minor_units_and_starts_active()
    {
        var o = Obligation.Create(Terms() with { ExternalId = " O1 ", Product = " consumo " }, 7, Now);
        o.ExternalId.ShouldBe("O1");
        o.Product.ShouldBe("consumo");
        o.DebtorId.ShouldBe(7);
        o.PrincipalMinor.ShouldBe(1_000_000_000L);
        o.CurrencyCode.ShouldBe("COP");
        o.Status.ShouldBe(ObligationStatus.Active);
        o.ToTerms().ShouldBe(Terms());
    }

    [Theory]
    [InlineData("obligation_id", "required")]
    [InlineData("product", "required")]
    [InlineData("principal", "invalid_amount")]
    [InlineData("arrears_rate_ea", "invalid_rate")]
    [InlineData("first_due_date", "invalid_date")]
    [InlineData("amortization", "invalid_value")]
    [InlineData("annual_rate_ea", "invalid_rate")]
    [InlineData("term", "invalid_term")]
    public void Invalid_terms_are_refused_with_a_code_and_the_field(string field, string code)
    {
        var terms = field switch
        {
            "obligation_id" => Terms() with { ExternalId = " " },
            "product" => Terms() with { Product = "" },
            "principal" => Terms() with { Principal = Cop(0m) },
            "arrears_rate_ea" => Terms() with { ArrearsRateEa = -0.1m },
            "first_due_date" => Terms() with { FirstDueDate = new DateOnly(2026, 1, 14) },
            "amortization" => Terms() with { Kind = ObligationKind.Invoice },
            "annual_rate_ea" => Terms() with { AnnualRateEa = 10.5m },
            _ => Terms() with { Term = 0 },
        };
        var ex = Should.Throw<DomainException>(terms.Validate);
        ex.Code.ShouldBe(code);
        ex.Field.ShouldBe(field);
    }

    [Fact]
    public void Rates_with_more_than_12_decimals_are_refused_because_the_database_keeps_12()
    {
        Should.NotThrow(() => (Terms() with { AnnualRateEa = 0.123456789012m }).Validate());
        Should.Throw<DomainException>(() => (Terms() with { AnnualRateEa = 0.1234567890123m }).Validate()).Field.ShouldBe("annual_rate_ea");
        Should.Throw<DomainException>(() => (Terms() with { ArrearsRateEa = 0.2436000000001m }).Validate()).Field.ShouldBe("arrears_rate_ea");
    }

    [Fact]
    public void An_invoice_is_a_single_installment_whatever_term_it_carries()
    {
        var invoice = Obligation.Create(Terms() with { Kind = ObligationKind.Invoice, Amortization = Amortization.Single, Term = 0, AnnualRateEa = 0m }, 1, Now);
        invoice.Term.ShouldBe(1);
        invoice.GenerateSchedule().Count.ShouldBe(1);
    }

    [Fact]
    public void Generating_the_schedule_follows_the_terms_and_is_done_once()
    {
        var o = Obligation.Create(Terms(), 1, Now);
        var installments = o.GenerateSchedule();
        installments.Count.ShouldBe(12);
        installments[0].InterestMinor.ShouldBe(13_888_430L);
        o.ScheduleSource.ShouldBe(ScheduleSource.Generated);
        Should.Throw<DomainException>(() => o.GenerateSchedule()).Code.ShouldBe("schedule_exists");
    }

    [Fact]
    public void The_same_terms_differ_in_nothing()
    {
        var o = Obligation.Create(Terms(), 1, Now);
        o.DifferingTerms(Terms()).ShouldBeEmpty();
        o.DifferingTerms(Terms() with { Product = " consumo ", Branch = "MED-02", ArrearsRateEa = null }).ShouldBeEmpty();
        o.SameTermsAs(Terms()).ShouldBeTrue();
    }

    [Fact]
    public void Differing_terms_are_named_by_their_column()
    {
        var o = Obligation.Create(Terms(), 1, Now);
        var other = Terms() with
        {
            Kind = ObligationKind.Card,
            Principal = Cop(9_000_000m),
            IssueDate = new DateOnly(2026, 1, 16),
            AnnualRateEa = 0.2m,
            ArrearsRateEa = 0.3m,
            Term = 24,
            Frequency = PaymentFrequency.Biweekly,
            Amortization = Amortization.Bullet,
            FirstDueDate = new DateOnly(2026, 2, 16),
            Product = "vivienda",
        };
        o.DifferingTerms(other).ShouldBe(
            ["kind", "product", "principal", "issue_date", "annual_rate_ea", "arrears_rate_ea", "term", "frequency", "amortization", "first_due_date"],
            ignoreOrder: true);
        o.SameTermsAs(other).ShouldBeFalse();
    }

    [Fact]
    public void A_different_currency_is_reported_as_currency_not_principal()
    {
        var o = Obligation.Create(Terms(), 1, Now);
        o.DifferingTerms(Terms() with { Principal = Money.Of(10_000_000m, Currency.USD) }).ShouldBe(["currency"]);
    }

    [Fact]
    public void An_equal_rate_written_with_other_trailing_zeros_is_the_same_term()
    {
        var o = Obligation.Create(Terms(), 1, Now);
        o.DifferingTerms(Terms() with { AnnualRateEa = 0.1800m }).ShouldBeEmpty();
    }

    [Fact]
    public void An_imported_schedule_is_used_as_given()
    {
        var o = Obligation.Create(Terms() with { Principal = Cop(1_000m), Term = 2 }, 1, Now);
        o.UseImportedSchedule([Planned(2, new DateOnly(2026, 3, 15), 600m, 1m), Planned(1, new DateOnly(2026, 2, 15), 400m, 7.5m)]);
        o.ScheduleSource.ShouldBe(ScheduleSource.Imported);
        o.Installments.Select(i => (i.Number, i.PrincipalMinor, i.InterestMinor)).ShouldBe([(1, 40_000L, 750L), (2, 60_000L, 100L)]);
    }

    [Fact]
    public void An_imported_schedule_with_a_gap_or_repeat_in_numbering_is_refused()
    {
        var o = Obligation.Create(Terms() with { Principal = Cop(1_000m) }, 1, Now);
        Should.Throw<DomainException>(() => o.ValidateImportedSchedule([Planned(1, new DateOnly(2026, 2, 15), 500m), Planned(3, new DateOnly(2026, 3, 15), 500m)])).Code.ShouldBe("schedule_numbering");
        Should.Throw<DomainException>(() => o.ValidateImportedSchedule([Planned(1, new DateOnly(2026, 2, 15), 500m), Planned(1, new DateOnly(2026, 3, 15), 500m)])).Code.ShouldBe("schedule_numbering");
    }

    [Fact]
    public void An_imported_schedule_whose_dates_do_not_increase_is_refused()
    {
        var o = Obligation.Create(Terms() with { Principal = Cop(1_000m) }, 1, Now);
        var ex = Should.Throw<DomainException>(() => o.ValidateImportedSchedule([Planned(1, new DateOnly(2026, 2, 15), 500m), Planned(2, new DateOnly(2026, 2, 15), 500m)]));
        ex.Code.ShouldBe("schedule_dates");
        ex.Field.ShouldBe("due_date");
    }

    [Fact]
    public void An_imported_schedule_whose_principal_does_not_add_up_is_refused()
    {
        var o = Obligation.Create(Terms() with { Principal = Cop(1_000m) }, 1, Now);
        var ex = Should.Throw<DomainException>(() => o.ValidateImportedSchedule([Planned(1, new DateOnly(2026, 2, 15), 500m), Planned(2, new DateOnly(2026, 3, 15), 499.99m)]));
        ex.Code.ShouldBe("schedule_principal");
        Should.Throw<DomainException>(() => o.ValidateImportedSchedule([])).Code.ShouldBe("schedule_principal");
    }

    [Fact]
    public void An_imported_installment_with_any_component_in_another_currency_is_refused()
    {
        var o = Obligation.Create(Terms() with { Principal = Cop(1_000m) }, 1, Now);
        var usdInterest = new PlannedInstallment(1, new DateOnly(2026, 2, 15), Cop(1_000m), Money.Of(5m, Currency.USD), Cop(0m), Cop(0m));
        Should.Throw<DomainException>(() => o.ValidateImportedSchedule([usdInterest])).Code.ShouldBe("currency_mismatch");
    }

    [Fact]
    public void An_imported_installment_with_a_negative_component_is_refused()
    {
        var o = Obligation.Create(Terms() with { Principal = Cop(1_000m) }, 1, Now);
        var negativeInsurance = new PlannedInstallment(1, new DateOnly(2026, 2, 15), Cop(1_000m), Cop(0m), Cop(-1m), Cop(0m));
        var ex = Should.Throw<DomainException>(() => o.ValidateImportedSchedule([negativeInsurance]));
        ex.Code.ShouldBe("invalid_amount");
        ex.Field.ShouldBe("insurance");
    }

    [Fact]
    public void Co_debtors_and_guarantors_are_added_once_and_the_holder_is_not_a_party()
    {
        var o = Obligation.Create(Terms(), 1, Now);
        o.AddParty(2, ObligationRole.CoDebtor);
        o.AddParty(2, ObligationRole.Guarantor);
        o.AddParty(1, ObligationRole.Guarantor);
        o.Parties.Select(p => (p.DebtorId, p.Role)).ShouldBe([(2L, ObligationRole.CoDebtor)]);
        Should.Throw<DomainException>(() => o.AddParty(3, ObligationRole.Holder)).Field.ShouldBe("role");
    }
}
