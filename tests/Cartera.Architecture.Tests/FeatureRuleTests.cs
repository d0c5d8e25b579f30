using System.Reflection;
using Cartera.Application.Data;
using Cartera.Architecture.Tests.Rules;
using Cartera.Cli;
using Cartera.Web;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Architecture.Tests;

/// <summary>
/// The feature rules of docs/ARCHITECTURE.md on the real assemblies: one owner per table, no cycle between feature
/// folders, one feature name in every project. Each rule is proven to fail in <see cref="BrokenFixtureTests"/>. The
/// violations that remain in folders being rewritten are listed in <see cref="KnownViolations"/>: the tests pass with
/// them and fail on any new one, and on any listed one that has gone (so the list only shrinks).
/// </summary>
public sealed class FeatureRuleTests
{
    private const string ApplicationRoot = "Cartera.Application";
    private static readonly Assembly ApplicationLayer = typeof(CarteraDbContext).Assembly;

    private static TableOwnership Ownership()
    {
        using var db = new CarteraDbContext(CarteraDatabase.Options(new DatabaseOptions { ConnectionString = "Data Source=:memory:" }));
        return TableOwnership.From(db.Model, ApplicationLayer, ApplicationRoot);
    }

    [Fact]
    public void Every_table_has_exactly_one_owning_feature()
    {
        var ownership = Ownership();
        ownership.Problems.ShouldBeEmpty();
        ownership.OwnerByTable.Values.ShouldNotContain("Data", "Data/ holds only the DbContext, conventions and bulk helpers");
        ownership.OwnerByTable["ledger_entries"].ShouldBe("Payments");
    }

    [Theory]
    [InlineData(DatabaseOptions.Sqlite, "Data Source=:memory:")]
    [InlineData(DatabaseOptions.Postgres, "Host=127.0.0.1;Database=unused")]
    public void Entity_configurations_in_feature_folders_build_the_model_the_migrations_expect(string provider, string connection)
    {
        // Moving a configuration between folders must not change a table: no model change is pending on either provider.
        using var db = new CarteraDbContext(CarteraDatabase.Options(new DatabaseOptions { Provider = provider, ConnectionString = connection }));
        db.Database.HasPendingModelChanges().ShouldBeFalse();
    }

    [Fact]
    public void No_feature_writes_a_table_it_does_not_own_beyond_the_known_violations()
    {
        var found = TableWriteRule.Violations(ApplicationLayer, ApplicationRoot, Ownership(), KnownViolations.WriteExempt);
        var known = KnownViolations.Writes.Select(k => (k.Feature, k.Table)).ToHashSet();
        found.Where(v => !known.Contains((v.Feature, v.Table))).Select(v => v.ToString()).ShouldBeEmpty(
            "a feature writes a table another feature owns: write through the owner's public type, or move the code to the owner");
        var stillThere = found.Select(v => (v.Feature, v.Table)).ToHashSet();
        KnownViolations.Writes.Where(k => !stillThere.Contains((k.Feature, k.Table))).ShouldBeEmpty(
            "fixed: remove these entries from KnownViolations.Writes");
    }

    [Fact]
    public void Application_feature_folders_form_no_cycle_beyond_the_known_back_edges()
    {
        var graph = FeatureCycleRule.Dependencies(ApplicationLayer, ApplicationRoot, KnownViolations.CycleShared);
        var missing = KnownViolations.BackEdges.Where(e => !graph.TryGetValue(e.From, out var uses) || !uses.Contains(e.To)).ToList();
        missing.ShouldBeEmpty("fixed: remove these entries from KnownViolations.BackEdges");
        foreach (var edge in KnownViolations.BackEdges)
        {
            graph[edge.From].Remove(edge.To);
        }

        FeatureCycleRule.Cycles(graph).ShouldBeEmpty();
    }

    [Fact]
    public void Every_web_and_CLI_folder_is_an_application_feature_or_shared()
    {
        var features = FeatureFolders.In(ApplicationLayer, ApplicationRoot);
        FeatureCounterpartRule.Orphans(typeof(CarteraWebApp).Assembly, "Cartera.Web", features, KnownViolations.HostNonFeatureFolders)
            .ShouldBeEmpty("Web/<X>/ needs Application/<X>/ (DESIGN §2); layout shared by several features goes in Web/Shared/");
        FeatureCounterpartRule.Orphans(typeof(CarteraCli).Assembly, "Cartera.Cli", features, KnownViolations.HostNonFeatureFolders)
            .ShouldBeEmpty("Cli/<X>/ needs Application/<X>/ (DESIGN §2); the command-line plumbing goes in Cli/Shared/");
    }
}
