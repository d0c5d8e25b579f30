namespace Cartera.Architecture.Tests.Rules;

/// <summary>
/// Rule: domain code uses no persistence, web, driver, file, network, process, console, environment, randomness or
/// clock. Checked on the IL of the given types (signatures and method bodies, lambdas and state machines included).
/// </summary>
public static class DomainPurityRule
{
    /// <summary>Namespaces the domain must not touch: persistence, web, drivers, files, network, processes, configuration.</summary>
    public static readonly IReadOnlyList<string> ForbiddenNamespaces =
    [
        "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Data", "Microsoft.Extensions", "Npgsql", "SQLitePCL",
        "System.IO", "System.Net", "System.Data", "System.Diagnostics.Process", "Cartera.Application", "Cartera.Web", "Cartera.Cli",
        "Microsoft.ML",
    ];

    /// <summary>Types the domain must not use at all: the console, the process environment, ambient randomness.</summary>
    public static readonly IReadOnlyList<string> ForbiddenTypes = ["System.Console", "System.Environment", "System.Random"];

    /// <summary>Members that read the clock. The domain receives dates and instants as arguments.</summary>
    public static readonly IReadOnlyList<(string Type, string Member)> ClockReads =
    [
        ("System.DateTime", "get_Now"), ("System.DateTime", "get_UtcNow"), ("System.DateTime", "get_Today"),
        ("System.DateTimeOffset", "get_Now"), ("System.DateTimeOffset", "get_UtcNow"), ("System.TimeProvider", "get_System"),
        ("System.Diagnostics.Stopwatch", "GetTimestamp"),
    ];

    /// <summary>Uses of forbidden namespaces and types by <paramref name="types"/>.</summary>
    public static IReadOnlyList<string> ForbiddenUses(IEnumerable<Type> types) =>
        types.SelectMany(IlReferences.Of)
            .Where(r => ForbiddenNamespaces.Any(ns => IsOrUnder(r.Type.Namespace, ns)) || ForbiddenTypes.Contains(r.Type.FullName))
            .Where(r => !IsIteratorPlumbing(r))
            .Select(r => r.ToString())
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Clock reads by <paramref name="types"/>.</summary>
    public static IReadOnlyList<string> ClockUses(IEnumerable<Type> types) =>
        types.SelectMany(IlReferences.Of)
            .Where(r => r.Member is not null && ClockReads.Contains((r.Type.FullName!, r.Member.Name)))
            .Select(r => r.ToString())
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    public static bool IsOrUnder(string? name, string prefix) =>
        name is not null && (name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal));

    /// <summary>
    /// The compiler's own <c>yield return</c> state machines read <c>Environment.CurrentManagedThreadId</c> to decide
    /// whether an enumerable can be reused: that is not the domain reading the process environment.
    /// </summary>
    private static bool IsIteratorPlumbing(CodeReference r) =>
        r.Type == typeof(Environment) && r.UsedBy.Contains('<', StringComparison.Ordinal)
        && (r.Member is null || r.Member.Name == "get_CurrentManagedThreadId");
}
