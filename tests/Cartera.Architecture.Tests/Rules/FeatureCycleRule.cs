using System.Reflection;

namespace Cartera.Architecture.Tests.Rules;

/// <summary>
/// Rule: the feature folders of a project form no cycle. An edge A → B means code of feature A uses a type of feature B
/// of the same assembly (in a signature or a method body, from the IL). Folders declared shared infrastructure are left
/// out of the graph (every feature may use them, and they may map every feature's types).
/// </summary>
public static class FeatureCycleRule
{
    /// <summary>Feature → the features it uses (shared folders and the root namespace left out).</summary>
    public static IReadOnlyDictionary<string, SortedSet<string>> Dependencies(Assembly assembly, string root, IReadOnlySet<string> shared)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(shared);
        var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (FeatureFolders.Of(type, root) is not { } from || shared.Contains(from))
            {
                continue;
            }

            if (!graph.TryGetValue(from, out var uses))
            {
                graph[from] = uses = new SortedSet<string>(StringComparer.Ordinal);
            }

            foreach (var reference in IlReferences.Of(type).Where(r => r.Type.Assembly == assembly))
            {
                if (FeatureFolders.Of(reference.Type, root) is { } to && to != from && !shared.Contains(to))
                {
                    uses.Add(to);
                }
            }
        }

        return graph;
    }

    /// <summary>Every cycle as the sorted features of one strongly connected component larger than one feature.</summary>
    public static IReadOnlyList<string> Cycles(Assembly assembly, string root, IReadOnlySet<string> shared) =>
        Cycles(Dependencies(assembly, root, shared));

    public static IReadOnlyList<string> Cycles(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);

        // Tarjan's strongly connected components.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<string>();
        var next = 0;

        void Visit(string node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var to in graph.TryGetValue(node, out var edges) ? edges : [])
            {
                if (!index.TryGetValue(to, out var reached))
                {
                    Visit(to);
                    low[node] = Math.Min(low[node], low[to]);
                }
                else if (onStack.Contains(to))
                {
                    low[node] = Math.Min(low[node], reached);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1)
                {
                    cycles.Add(string.Join(" <-> ", component.Order(StringComparer.Ordinal)));
                }
            }
        }

        foreach (var node in graph.Keys)
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles.Order(StringComparer.Ordinal).ToList();
    }
}
