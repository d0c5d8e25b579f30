using System.Reflection;

namespace Cartera.Architecture.Tests.Rules;

/// <summary>
/// Rule: a feature folder of a host project (Web, Cli) is a feature of the application layer, so one feature has one
/// name in every project (DESIGN §2): <c>Web/Payments/</c> needs <c>Application/Payments/</c>. Folders that are not
/// features (<c>Shared/</c>: layout and components used by several features) are listed explicitly.
/// </summary>
public static class FeatureCounterpartRule
{
    /// <summary>The folders of <paramref name="host"/> under <paramref name="hostRoot"/> that are neither a feature nor allowed.</summary>
    public static IReadOnlyList<string> Orphans(Assembly host, string hostRoot, IReadOnlySet<string> features, IReadOnlySet<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(allowed);
        return FeatureFolders.In(host, hostRoot)
            .Where(folder => !features.Contains(folder) && !allowed.Contains(folder))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
