using System.Reflection;

namespace Cartera.Architecture.Tests.Rules;

/// <summary>
/// A feature folder is the first namespace segment under a project's root namespace: the type
/// <c>Cartera.Application.Payments.Posting.X</c> belongs to the feature <c>Payments</c> of <c>Cartera.Application</c>.
/// Types directly in the root namespace (composition roots such as <c>ServiceCollectionExtensions</c>) belong to none.
/// </summary>
public static class FeatureFolders
{
    public static string? Of(Type type, string root)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Of(type.Namespace, root);
    }

    public static string? Of(string? ns, string root)
    {
        if (ns is null || !ns.StartsWith(root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>The feature folders of an assembly under <paramref name="root"/> (those with at least one type).</summary>
    public static IReadOnlySet<string> In(Assembly assembly, string root)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetTypes().Select(t => Of(t, root)).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }
}
