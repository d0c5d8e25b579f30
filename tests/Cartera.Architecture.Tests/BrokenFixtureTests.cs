using System.Reflection;
using Cartera.Architecture.Fixtures.Application.Data;
using Cartera.Architecture.Tests.Rules;

namespace Cartera.Architecture.Tests;

/// <summary>
/// Each rule is proven to fail: run on Cartera.Architecture.Fixtures, a miniature of Cartera's layout broken on purpose,
/// it must report exactly the violations planted there — no fewer (the rule sees them) and no more (it is precise).
/// </summary>
public sealed class BrokenFixtureTests
{
    private const string Root = "Cartera.Architecture.Fixtures";
    private const string ApplicationRoot = Root + ".Application";
    private static readonly Assembly Fixture = typeof(FixtureDbContext).Assembly;
    private static readonly HashSet<string> Shared = ["Data"];

    private static TableOwnership Ownership()
    {
        using var db = FixtureDbContext.Create();
        return TableOwnership.From(db.Model, Fixture, ApplicationRoot);
    }

    [Fact]
    public void Ownership_is_derived_from_the_namespace_of_each_entity_configuration()
    {
        var ownership = Ownership();
        ownership.Problems.ShouldBeEmpty();
        ownership.OwnerByTable.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")
            .ShouldBe(["invoices: Billing", "shipments: Shipping"]);
    }

    [Fact]
    public void The_write_rule_reports_every_write_of_another_features_table_and_nothing_else()
    {
        // Billing's own writes and Shipping's writes of shipments (Add, SQL UPDATE) are allowed; these five are not.
        TableWriteRule.Violations(Fixture, ApplicationRoot, Ownership(), Shared).Select(v => v.ToString()).ShouldBe(
        [
            "Archive writes invoices in Cartera.Architecture.Fixtures.Application.Archive.ArchiveWriter..cctor (named for dynamic SQL, Cartera.Architecture.Fixtures.Application.Archive.ArchiveWriter+<>c.<Commands>b__1_0: COPY {table})",
            "Shipping writes invoices in Cartera.Architecture.Fixtures.Application.Shipping.ShipmentDesk.ForgetUnpaidAsync (EntityFrameworkQueryableExtensions.ExecuteDeleteAsync)",
            "Shipping writes invoices in Cartera.Architecture.Fixtures.Application.Shipping.ShipmentDesk.MarkPaidAsync (SQL UPDATE)",
            "Shipping writes invoices in Cartera.Architecture.Fixtures.Application.Shipping.ShipmentDesk.Ship (DbSet`1.Add)",
            "Shipping writes invoices in Cartera.Architecture.Fixtures.Application.Shipping.ShipmentDesk.Ship (tracked change Invoice.set_ShipmentId)",
        ]);
    }

    [Fact]
    public void The_write_rule_sees_a_features_writes_of_its_own_tables()
    {
        TableWriteRule.Writes(Fixture, ApplicationRoot, Ownership()).Where(w => w.Feature == "Shipping" && w.Table == "shipments")
            .Select(w => w.How).ShouldBe(["SQL UPDATE", "DbSet`1.Add"]);
    }

    [Fact]
    public void The_cycle_rule_reports_the_planted_cycle_only()
    {
        // Billing -> Shipping -> Billing is a cycle; Archive -> Billing is a plain dependency; Data is shared.
        FeatureCycleRule.Dependencies(Fixture, ApplicationRoot, Shared)["Archive"].ShouldBe(["Billing"]);
        FeatureCycleRule.Cycles(Fixture, ApplicationRoot, Shared).ShouldBe(["Billing <-> Shipping"]);
    }

    [Fact]
    public void The_counterpart_rule_reports_a_web_folder_without_an_application_feature()
    {
        var features = FeatureFolders.In(Fixture, ApplicationRoot);
        FeatureCounterpartRule.Orphans(Fixture, Root + ".Web", features, new HashSet<string> { "Shared" }).ShouldBe(["Returns"]);
        FeatureCounterpartRule.Orphans(Fixture, Root + ".Cli", features, new HashSet<string> { "Shared" }).ShouldBeEmpty();
    }

    [Fact]
    public void The_domain_rule_reports_a_domain_type_reading_a_file()
    {
        var domain = Fixture.GetTypes().Where(t => FeatureFolders.Of(t, Root) == "Domain");
        DomainPurityRule.ForbiddenUses(domain).ShouldBe(
        [
            "Cartera.Architecture.Fixtures.Domain.Loans.StatementFile.Read uses System.IO.File",
            "Cartera.Architecture.Fixtures.Domain.Loans.StatementFile.Read uses System.IO.File.ReadAllText",
        ]);
    }
}
