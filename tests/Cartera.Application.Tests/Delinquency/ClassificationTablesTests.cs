using Cartera.Application.Delinquency;
using Cartera.Domain.Delinquency;

namespace Cartera.Application.Tests.Delinquency;

/// <summary>RULES §6: the shipped classification tables (data, per jurisdiction).</summary>
public sealed class ClassificationTablesTests
{
    [Theory]
    // consumer A 0–30, B 31–60, C 61–90, D 91–180, E > 180
    [InlineData(ClassificationTableKind.Consumer, 0, "A")]
    [InlineData(ClassificationTableKind.Consumer, 30, "A")]
    [InlineData(ClassificationTableKind.Consumer, 31, "B")]
    [InlineData(ClassificationTableKind.Consumer, 60, "B")]
    [InlineData(ClassificationTableKind.Consumer, 61, "C")]
    [InlineData(ClassificationTableKind.Consumer, 90, "C")]
    [InlineData(ClassificationTableKind.Consumer, 91, "D")]
    [InlineData(ClassificationTableKind.Consumer, 180, "D")]
    [InlineData(ClassificationTableKind.Consumer, 181, "E")]
    // commercial A 0–30, B 31–90, C 91–180, D 181–360, E > 360
    [InlineData(ClassificationTableKind.Commercial, 0, "A")]
    [InlineData(ClassificationTableKind.Commercial, 30, "A")]
    [InlineData(ClassificationTableKind.Commercial, 31, "B")]
    [InlineData(ClassificationTableKind.Commercial, 90, "B")]
    [InlineData(ClassificationTableKind.Commercial, 91, "C")]
    [InlineData(ClassificationTableKind.Commercial, 180, "C")]
    [InlineData(ClassificationTableKind.Commercial, 181, "D")]
    [InlineData(ClassificationTableKind.Commercial, 360, "D")]
    [InlineData(ClassificationTableKind.Commercial, 361, "E")]
    // microcredit A 0–30, B 31–60, C 61–90, D 91–120, E > 120
    [InlineData(ClassificationTableKind.Microcredit, 0, "A")]
    [InlineData(ClassificationTableKind.Microcredit, 30, "A")]
    [InlineData(ClassificationTableKind.Microcredit, 31, "B")]
    [InlineData(ClassificationTableKind.Microcredit, 60, "B")]
    [InlineData(ClassificationTableKind.Microcredit, 61, "C")]
    [InlineData(ClassificationTableKind.Microcredit, 90, "C")]
    [InlineData(ClassificationTableKind.Microcredit, 91, "D")]
    [InlineData(ClassificationTableKind.Microcredit, 120, "D")]
    [InlineData(ClassificationTableKind.Microcredit, 121, "E")]
    // housing A 0–60, B 61–150, C 151–360, D 361–540, E > 540
    [InlineData(ClassificationTableKind.Housing, 0, "A")]
    [InlineData(ClassificationTableKind.Housing, 60, "A")]
    [InlineData(ClassificationTableKind.Housing, 61, "B")]
    [InlineData(ClassificationTableKind.Housing, 150, "B")]
    [InlineData(ClassificationTableKind.Housing, 151, "C")]
    [InlineData(ClassificationTableKind.Housing, 360, "C")]
    [InlineData(ClassificationTableKind.Housing, 361, "D")]
    [InlineData(ClassificationTableKind.Housing, 540, "D")]
    [InlineData(ClassificationTableKind.Housing, 541, "E")]
    public void Colombian_category_at_every_boundary(ClassificationTableKind kind, int dpd, string category) =>
        ClassificationTables.Shipped.For("CO", kind).CategoryFor(dpd).ShouldBe(category);

    [Fact]
    public void A_jurisdiction_without_tables_of_its_own_uses_the_default_one()
    {
        ClassificationTables.Shipped.HasOwn("CO").ShouldBeTrue();
        ClassificationTables.Shipped.HasOwn("MX").ShouldBeFalse();
        ClassificationTables.Shipped.For("MX", ClassificationTableKind.Consumer).ShouldBe(ClassificationTables.Shipped.For("CO", ClassificationTableKind.Consumer));
    }
}
