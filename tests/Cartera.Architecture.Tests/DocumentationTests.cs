using System.Reflection;
using System.Text.RegularExpressions;
using Cartera.Application.Data;
using Cartera.Architecture.Tests.Rules;

namespace Cartera.Architecture.Tests;

/// <summary>docs/ARCHITECTURE.md's table-ownership table and feature-dependency diagram say what the code does.</summary>
public sealed partial class DocumentationTests
{
    private static readonly Assembly ApplicationLayer = typeof(CarteraDbContext).Assembly;

    private static string ArchitectureDocument()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cartera.slnx")))
        {
            directory = directory.Parent;
        }

        directory.ShouldNotBeNull("the repository root (Cartera.slnx) above the test binaries");
        return File.ReadAllText(Path.Combine(directory.FullName, "docs", "ARCHITECTURE.md"));
    }

    private static string Section(string document, string heading)
    {
        var start = document.IndexOf(heading, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, heading);
        var end = document.IndexOf("\n#", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? document[start..] : document[start..end];
    }

    [Fact]
    public void The_table_ownership_table_names_the_owner_of_every_table()
    {
        var documented = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in OwnershipRow().Matches(Section(ArchitectureDocument(), "### Table ownership")))
        {
            foreach (Match table in Regex.Matches(row.Groups["tables"].Value, "`([a-z_]+)`"))
            {
                documented[table.Groups[1].Value] = row.Groups["owner"].Value;
            }
        }

        using var db = new CarteraDbContext(CarteraDatabase.Options(new DatabaseOptions { ConnectionString = "Data Source=:memory:" }));
        var owners = TableOwnership.From(db.Model, ApplicationLayer, "Cartera.Application").OwnerByTable;
        documented.ShouldBe(new SortedDictionary<string, string>(owners.ToDictionary(), StringComparer.Ordinal));
    }

    [Fact]
    public void The_feature_dependency_diagram_is_the_graph_of_the_code()
    {
        var documented = new SortedSet<string>(StringComparer.Ordinal);
        var documentedBackEdges = new SortedSet<string>(StringComparer.Ordinal);
        var documentedFeatures = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match line in DiagramLine().Matches(Section(ArchitectureDocument(), "### Feature dependencies")))
        {
            var from = line.Groups["from"].Value;
            documentedFeatures.Add(from);
            foreach (var to in line.Groups["to"].Value.Split(", ").Where(t => t != "(none)"))
            {
                documented.Add($"{from} -> {to}");
                if (line.Groups["arrow"].Value == "⇢")
                {
                    documentedBackEdges.Add($"{from} -> {to}");
                }
            }
        }

        var graph = FeatureCycleRule.Dependencies(ApplicationLayer, "Cartera.Application", KnownViolations.CycleShared);
        documentedFeatures.ShouldBe(graph.Keys.Order(StringComparer.Ordinal));
        documented.ShouldBe(graph.SelectMany(p => p.Value.Select(to => $"{p.Key} -> {to}")).Order(StringComparer.Ordinal));
        documentedBackEdges.ShouldBe(KnownViolations.BackEdges.Select(e => $"{e.From} -> {e.To}").Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\| (?<tables>`[a-z_]+`(?:, `[a-z_]+`)*) \| (?<owner>[A-Za-z]+)\b", RegexOptions.Multiline)]
    private static partial Regex OwnershipRow();

    [GeneratedRegex(@"^(?<from>[A-Za-z]+) +(?<arrow>──▶|⇢) +(?<to>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex DiagramLine();
}
