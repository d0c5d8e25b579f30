using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Cartera.Architecture.Tests.Rules;

/// <summary>
/// Which feature owns which table, derived rather than declared: the EF model gives entity type → table, and the
/// namespace of the <see cref="IEntityTypeConfiguration{TEntity}"/> that configures an entity type gives its owner
/// (<c>Application/Portfolio/ObligationConfiguration</c> → <c>Portfolio</c> owns <c>obligations</c>). A table configured
/// from two features, or configured by none, is a <see cref="Problems">problem</see>: every table has one owner.
/// </summary>
public sealed class TableOwnership
{
    private readonly Dictionary<Type, string> _tableByEntity;
    private readonly Dictionary<string, string> _ownerByTable;

    private TableOwnership(Dictionary<Type, string> tableByEntity, Dictionary<string, string> ownerByTable, List<string> problems)
    {
        _tableByEntity = tableByEntity;
        _ownerByTable = ownerByTable;
        Problems = problems;
    }

    /// <summary>Table → owning feature, for every table of the model.</summary>
    public IReadOnlyDictionary<string, string> OwnerByTable => _ownerByTable;

    /// <summary>Tables with no owning feature or with several.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static TableOwnership From(IModel model, Assembly configurations, string root)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(configurations);
        var tableByEntity = new Dictionary<Type, string>();
        foreach (var entity in model.GetEntityTypes().Where(e => !e.HasSharedClrType))
        {
            if (entity.GetTableName() is { } table)
            {
                tableByEntity[entity.ClrType] = table;
            }
        }

        var configuredBy = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var type in configurations.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var entityType in type.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>))
                .Select(i => i.GetGenericArguments()[0]))
            {
                if (tableByEntity.TryGetValue(entityType, out var table))
                {
                    var feature = FeatureFolders.Of(type, root) ?? "(root)";
                    if (!configuredBy.TryGetValue(table, out var owners))
                    {
                        configuredBy[table] = owners = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    owners.Add(feature);
                }
            }
        }

        var ownerByTable = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var table in tableByEntity.Values.Distinct().Order(StringComparer.Ordinal))
        {
            if (!configuredBy.TryGetValue(table, out var owners))
            {
                problems.Add($"{table}: no entity configuration in a feature folder");
            }
            else if (owners.Count > 1)
            {
                problems.Add($"{table}: configured by several features ({string.Join(", ", owners)})");
            }
            else
            {
                ownerByTable[table] = owners.Single();
            }
        }

        return new TableOwnership(tableByEntity, ownerByTable, problems);
    }

    /// <summary>The table an entity type (or its nearest mapped base type) is stored in; null when not mapped.</summary>
    public string? TableOf(Type entityType)
    {
        for (var type = entityType; type is not null; type = type.BaseType)
        {
            if (_tableByEntity.TryGetValue(type, out var table))
            {
                return table;
            }
        }

        return null;
    }

    public string? OwnerOf(string table) => _ownerByTable.GetValueOrDefault(table);

    public bool IsTable(string name) => _ownerByTable.ContainsKey(name) || _tableByEntity.ContainsValue(name);
}
