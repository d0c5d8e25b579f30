using System.Reflection;
using Cartera.Application.Data;
using Cartera.Architecture.Tests.Rules;
using Cartera.Domain.Common;

namespace Cartera.Architecture.Tests;

/// <summary>
/// The dependency rules of docs/ARCHITECTURE.md, checked on the compiled assemblies: the domain is pure (no EF Core,
/// ASP.NET Core, database driver, file, network, console or clock), and the application layer is no web host.
/// </summary>
public sealed class DependencyRuleTests
{
    private static readonly Assembly Domain = typeof(Money).Assembly;
    private static readonly Assembly ApplicationLayer = typeof(CarteraDbContext).Assembly;

    [Fact]
    public void The_domain_references_only_base_class_library_assemblies()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldContain("System.Runtime");
        var forbidden = references.Where(name =>
            !(name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard" or "mscorlib")
            || IsOrUnder(name, "System.Net") || IsOrUnder(name, "System.IO") || IsOrUnder(name, "System.Data")
            || IsOrUnder(name, "System.Console") || IsOrUnder(name, "System.Diagnostics.Process"));
        forbidden.ShouldBeEmpty("Cartera.Domain may reference only the base class library, without files, network, data or console");
    }

    [Fact]
    public void The_domain_references_no_EF_Core_ASP_NET_Core_database_driver_or_ML_assembly()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        string[] banned = ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Microsoft.Extensions", "Cartera.Application", "Microsoft.ML", "LightGBM"];
        references.Where(name => banned.Any(b => IsOrUnder(name, b))).ShouldBeEmpty();
    }

    [Fact]
    public void No_domain_signature_or_method_body_uses_persistence_web_file_or_network_types()
    {
        DomainPurityRule.ForbiddenUses(Domain.GetTypes()).ShouldBeEmpty();
    }

    [Fact]
    public void No_domain_code_reads_the_clock()
    {
        DomainPurityRule.ClockUses(Domain.GetTypes()).ShouldBeEmpty();
    }

    [Fact]
    public void ML_NET_is_used_by_the_scoring_feature_only()
    {
        // The models live in Application/Scoring; other features consume its public types (scores, reasons), never ML.NET.
        ApplicationLayer.GetReferencedAssemblies().Select(a => a.Name!).ShouldContain("Microsoft.ML.Data");
        var violations = IlReferences.Of(ApplicationLayer)
            .Where(r => IsOrUnder(r.Type.Namespace, "Microsoft.ML") && Feature(r.UsedBy) != "Scoring")
            .Select(r => r.ToString())
            .Distinct()
            .ToList();
        violations.ShouldBeEmpty();
    }

    [Fact]
    public void The_application_layer_references_no_ASP_NET_Core_assembly_but_the_Identity_EF_stores()
    {
        var aspNet = ApplicationLayer.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => IsOrUnder(name, "Microsoft.AspNetCore"))
            .ToList();
        aspNet.Where(name => name != "Microsoft.AspNetCore.Identity.EntityFrameworkCore").ShouldBeEmpty(
            "hosting, MVC, HTTP, routing and components belong to Cartera.Web");
    }

    [Fact]
    public void The_application_layer_references_neither_the_web_host_the_CLI_nor_a_migrations_assembly()
    {
        var references = ApplicationLayer.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldContain("Cartera.Domain");
        references.Where(name => name is "Cartera.Web" or "cartera" or "Cartera.Cli" || IsOrUnder(name, "Cartera.Migrations")).ShouldBeEmpty();
    }

    [Fact]
    public void No_application_code_uses_ASP_NET_Core_types_other_than_Identity()
    {
        var violations = IlReferences.Of(ApplicationLayer)
            .Where(r => IsOrUnder(r.Type.Namespace, "Microsoft.AspNetCore") && !IsOrUnder(r.Type.Namespace, "Microsoft.AspNetCore.Identity"))
            .Select(r => r.ToString())
            .Distinct()
            .ToList();
        violations.ShouldBeEmpty();
    }

    [Fact]
    public void No_feature_uses_another_features_internal_types()
    {
        // A feature is a namespace Cartera.Application.<Feature>. Data (the DbContext and its configurations) is the
        // shared persistence layer and may map every feature's types; features talk to each other through public types.
        var violations = IlReferences.Of(ApplicationLayer)
            .Select(r => (r, From: Feature(r.UsedBy), To: Feature(r.Type.FullName)))
            .Where(x => x.From is not null and not "Data" && x.To is not null && x.To != x.From && x.r.Type.Assembly == ApplicationLayer && !IsVisibleOutside(x.r.Type))
            .Select(x => x.r.ToString())
            .Distinct()
            .ToList();
        violations.ShouldBeEmpty();
    }

    [Fact]
    public void The_scanner_sees_file_and_clock_use_inside_method_bodies()
    {
        // The rules above pass only if the scanner can find what they forbid: prove it on a type that does it.
        var references = IlReferences.OfTypeAndNested(typeof(ForbiddenSample)).ToList();
        references.ShouldContain(r => r.Type == typeof(File) && r.Member != null && r.Member.Name == nameof(File.Exists));
        references.ShouldContain(r => r.Type == typeof(TimeProvider) && r.Member != null && r.Member.Name == "get_System");
        references.ShouldContain(r => r.Type == typeof(FileInfo)); // generic argument of a field type
        references.ShouldContain(r => r.Type == typeof(Environment) && r.Member != null && r.Member.Name == nameof(Environment.GetEnvironmentVariable)); // in a lambda
    }

    [Fact]
    public void The_scanner_reads_the_domain_method_bodies()
    {
        // Money.Round calls decimal.Round; the schedule generator calls Rates.Pow: both must be seen.
        var references = IlReferences.Of(Domain).ToList();
        references.ShouldContain(r => r.Type == typeof(decimal) && r.Member != null && r.Member.Name == nameof(decimal.Round));
        references.ShouldContain(r => r.Type == typeof(Rates) && r.Member != null && r.Member.Name == nameof(Rates.Pow) && r.UsedBy.StartsWith("Cartera.Domain.Portfolio.ScheduleGenerator", StringComparison.Ordinal));
    }

    private static bool IsOrUnder(string? name, string prefix) => DomainPurityRule.IsOrUnder(name, prefix);

    private static string? Feature(string? fullName)
    {
        const string root = "Cartera.Application.";
        if (fullName is null || !fullName.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = fullName[root.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : rest[..dot];
    }

    private static bool IsVisibleOutside(Type type) => type.IsVisible;

    private sealed class ForbiddenSample
    {
        private readonly List<FileInfo> _files = [];

        public int Count => _files.Count;

        public static bool Exists(string path) => File.Exists(path);

        public static DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

        public static Func<string?> Home() => () => Environment.GetEnvironmentVariable("HOME");
    }
}
