using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;

namespace Cartera.Tests.Domain.Delinquency;

/// <summary>RULES §6: regulatory category by DPD, arrastre, IFRS 9 stage, provisions.</summary>
public sealed class ClassificationTests
{
    [Fact]
    public void A_consumer_debtor_at_10_and_95_dpd_gets_D_on_both_by_arrastre_and_housing_at_95_is_B()
    {
        var consumer = new ClassificationTable(ClassificationTableKind.Consumer, 30, 60, 90, 180);
        var housing = new ClassificationTable(ClassificationTableKind.Housing, 60, 150, 360, 540);

        var result = Arrastre.Apply(
        [
            new OwnCategory(1, 100, ClassificationTableKind.Consumer, consumer.CategoryFor(10)),
            new OwnCategory(2, 100, ClassificationTableKind.Consumer, consumer.CategoryFor(95)),
            new OwnCategory(3, 100, ClassificationTableKind.Housing, housing.CategoryFor(95)),
        ]);

        result[1].ShouldBe("D");
        result[2].ShouldBe("D");
        result[3].ShouldBe("B", "arrastre stays within the same product type");
    }

    [Fact]
    public void Arrastre_does_not_cross_debtors_and_includes_current_obligations()
    {
        var result = Arrastre.Apply(
        [
            new OwnCategory(1, 100, ClassificationTableKind.Consumer, "A"),
            new OwnCategory(2, 100, ClassificationTableKind.Consumer, "E"),
            new OwnCategory(3, 200, ClassificationTableKind.Consumer, "A"),
        ]);

        result[1].ShouldBe("E");
        result[3].ShouldBe("A");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(30, 1)]
    [InlineData(31, 2)]
    [InlineData(90, 2)]
    [InlineData(91, 3)]
    [InlineData(1000, 3)]
    public void Ifrs9_stage_from_the_obligations_own_dpd(int dpd, int stage) => Ifrs9.Stage(dpd).ShouldBe(stage);

    [Theory]
    [InlineData(12_345, "B", 395)] // 395.04 → 395
    [InlineData(50, "A", 0)] // 0.5 → 0 (half to even)
    [InlineData(150, "A", 2)] // 1.5 → 2 (half to even)
    [InlineData(250, "A", 2)] // 2.5 → 2
    [InlineData(1_000_000, "D", 500_000)]
    [InlineData(777, "E", 777)]
    [InlineData(0, "E", 0)]
    public void Provision_is_the_exposure_times_the_category_percentage_rounded_half_even(long exposure, string category, long provision) =>
        ProvisionMatrix.Provision(exposure, category, ProvisionMatrix.DefaultByCategory).ShouldBe(provision);

    [Fact]
    public void A_matrix_without_the_category_is_a_clear_error()
    {
        var e = Should.Throw<DomainException>(() => ProvisionMatrix.Provision(100, "E", new Dictionary<string, decimal> { ["A"] = 0.01m }));
        e.Field.ShouldBe("provision");
        e.Message.ShouldContain("E");
    }

    [Fact]
    public void Default_product_settings_follow_the_product_code()
    {
        ProductSettings.DefaultFor("microcredito").Classification.ShouldBe(ClassificationTableKind.Microcredit);
        ProductSettings.DefaultFor("microcredito").CapModality.ShouldBe(CapModalities.Microcredit);
        ProductSettings.DefaultFor("vivienda").Classification.ShouldBe(ClassificationTableKind.Housing);
        ProductSettings.DefaultFor("factura").Classification.ShouldBe(ClassificationTableKind.Commercial);
        ProductSettings.DefaultFor("libranza").Classification.ShouldBe(ClassificationTableKind.Consumer);
        ProductSettings.DefaultFor("libranza").WriteOffDpd.ShouldBe(180);
        Should.Throw<DomainException>(() => (ProductSettings.DefaultFor("x") with { ProvisionByCategory = new Dictionary<string, decimal> { ["A"] = 1.5m } }).Validate());
        Should.Throw<DomainException>(() => (ProductSettings.DefaultFor("x") with { WriteOffDpd = 0 }).Validate());
        var missingE = new Dictionary<string, decimal> { ["A"] = 0.01m, ["B"] = 0.03m, ["C"] = 0.1m, ["D"] = 0.5m };
        Should.Throw<DomainException>(() => (ProductSettings.DefaultFor("x") with { ProvisionByCategory = missingE }).Validate()).Message.ShouldContain("missing E");
        ProductSettings.DefaultFor("x").Validate();
    }
}
