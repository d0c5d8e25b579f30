using System.Reflection;
using System.Text.RegularExpressions;

namespace Cartera.Architecture.Tests.Rules;

/// <summary>One write of a table found in a feature's code: which feature, which table, where, and how.</summary>
public sealed record TableWrite(string Feature, string Table, string Where, string How)
{
    public override string ToString() => $"{Feature} writes {Table} in {Where} ({How})";
}

/// <summary>
/// Rule: a feature writes only the tables it owns. Writes are read from the IL of every method of a feature folder:
/// <list type="bullet">
/// <item><c>DbSet&lt;T&gt;</c> Add/AddRange/Update/UpdateRange/Remove/RemoveRange/Attach/AttachRange (and their async forms),
/// and the generic <c>DbContext</c> ones (<c>db.Add&lt;T&gt;</c>…): T's table;</item>
/// <item><c>ExecuteUpdate</c>/<c>ExecuteDelete</c> (sync or async) on an <c>IQueryable&lt;T&gt;</c>: T's table;</item>
/// <item>string literals with <c>INSERT INTO t</c>, <c>UPDATE t</c>, <c>DELETE FROM t</c> or <c>COPY t</c> (upper-case
/// keywords, name quoted or not): t, when t is a table of the model (temporary and staging tables are the feature's own);</item>
/// <item>a call of a <c>void</c> instance method or a property setter of a mapped entity type (<c>installment.RecordPaid(…)</c>,
/// <c>debtor.Segment = …</c>): a change the next <c>SaveChanges</c> writes to the entity's table;</item>
/// <item>write SQL whose table is filled in at run time (<c>$"COPY {table.Name} …"</c>): the feature is taken to write every
/// table it names in an exact string literal anywhere in its code (the bulk-table descriptors).</item>
/// </list>
/// Not seen: the non-generic <c>DbContext.Add(object)</c>, and writes through <c>EntityEntry</c> (<c>Entry(x).State</c>,
/// <c>CurrentValues</c>).
/// </summary>
public static partial class TableWriteRule
{
    private static readonly HashSet<string> EntityWrites = new(StringComparer.Ordinal)
    {
        "Add", "AddAsync", "AddRange", "AddRangeAsync", "Update", "UpdateRange", "Remove", "RemoveRange", "Attach", "AttachRange",
    };

    private static readonly HashSet<string> SetWrites = new(StringComparer.Ordinal)
    {
        "ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync",
    };

    /// <summary>Every table write of the feature folders of <paramref name="assembly"/> under <paramref name="root"/>.</summary>
    public static IReadOnlyList<TableWrite> Writes(Assembly assembly, string root, TableOwnership ownership)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(ownership);
        var writes = new List<TableWrite>();
        var dynamicWriters = new Dictionary<string, string>(StringComparer.Ordinal);
        var namedTables = new List<(string Feature, string Table, string Where)>();
        foreach (var type in assembly.GetTypes())
        {
            if (FeatureFolders.Of(type, root) is not { } feature)
            {
                continue;
            }

            foreach (var method in IlReferences.MethodsOf(type))
            {
                var where = $"{type.FullName}.{method.Name}";
                foreach (var member in IlReferences.Body(method))
                {
                    if (member is MethodInfo called && EntityWritten(called) is { } entity && ownership.TableOf(entity) is { } table)
                    {
                        writes.Add(new TableWrite(feature, table, where, $"{called.DeclaringType!.Name}.{called.Name}"));
                    }
                    else if (member is MethodInfo { IsStatic: false } change && change.ReturnType == typeof(void)
                        && ownership.TableOf(change.DeclaringType!) is { } changed)
                    {
                        writes.Add(new TableWrite(feature, changed, where, $"tracked change {change.DeclaringType!.Name}.{change.Name}"));
                    }
                }

                foreach (var literal in IlReferences.Literals(method))
                {
                    foreach (Match match in SqlWrite().Matches(literal))
                    {
                        var table = match.Groups["table"].Value;
                        if (ownership.IsTable(table))
                        {
                            writes.Add(new TableWrite(feature, table, where, $"SQL {match.Groups["verb"].Value}"));
                        }
                    }

                    if (DynamicSqlWrite().Match(literal) is { Success: true } dynamic)
                    {
                        dynamicWriters.TryAdd(feature, $"{where}: {dynamic.Groups["verb"].Value} {{table}}");
                    }

                    if (ownership.IsTable(literal))
                    {
                        namedTables.Add((feature, literal, where));
                    }
                }
            }
        }

        foreach (var (feature, table, where) in namedTables)
        {
            if (dynamicWriters.TryGetValue(feature, out var writer))
            {
                writes.Add(new TableWrite(feature, table, where, $"named for dynamic SQL, {writer}"));
            }
        }

        return writes.Distinct().OrderBy(w => w.Feature, StringComparer.Ordinal).ThenBy(w => w.Table, StringComparer.Ordinal)
            .ThenBy(w => w.Where, StringComparer.Ordinal).ThenBy(w => w.How, StringComparer.Ordinal).ToList();
    }

    /// <summary>The writes of a feature to a table another feature owns. Writes by <paramref name="shared"/> folders are exempt.</summary>
    public static IReadOnlyList<TableWrite> Violations(Assembly assembly, string root, TableOwnership ownership, IReadOnlySet<string> shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        return Writes(assembly, root, ownership)
            .Where(w => !shared.Contains(w.Feature) && ownership.OwnerOf(w.Table) is { } owner && owner != w.Feature)
            .ToList();
    }

    private static Type? EntityWritten(MethodInfo called)
    {
        var declaring = called.DeclaringType;
        if (declaring is null)
        {
            return null;
        }

        if (EntityWrites.Contains(called.Name))
        {
            if (declaring.IsGenericType && declaring.GetGenericTypeDefinition().FullName == "Microsoft.EntityFrameworkCore.DbSet`1")
            {
                return declaring.GetGenericArguments()[0];
            }

            if (called.IsGenericMethod && IsDbContext(declaring))
            {
                return called.GetGenericArguments()[0];
            }
        }

        return SetWrites.Contains(called.Name) && called.IsGenericMethod && declaring.Namespace == "Microsoft.EntityFrameworkCore"
            ? called.GetGenericArguments()[0]
            : null;
    }

    private static bool IsDbContext(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.FullName == "Microsoft.EntityFrameworkCore.DbContext")
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\b(?<verb>INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY)\s+(?<q>""?)(?<table>[A-Za-z_][A-Za-z0-9_]*)\k<q>")]
    private static partial Regex SqlWrite();

    // The table is a hole of the literal: "COPY " + name, $"INSERT INTO {table} …" (FormattableString "{0}").
    [GeneratedRegex(@"(?<!\bFOR\s)(?<!\bDO\s)\b(?<verb>INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY)\s*(\{\d*\}|$)")]
    private static partial Regex DynamicSqlWrite();
}
