using System.Text;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cartera.Application.Data;

/// <summary>
/// Model-wide conventions, applied after the entity configurations:
/// <list type="bullet">
/// <item>snake_case table, column, key and index names (the same SQL reads on both providers);</item>
/// <item>enums stored as their text codes (<see cref="EnumCodes"/>), so rows read as in the files;</item>
/// <item>SQLite: instants stored as UTC ticks (INTEGER) so they sort and compare in SQL; PostgreSQL: timestamptz;</item>
/// <item>rates as numeric(20,12) on PostgreSQL; money never appears as decimal (it is bigint minor units);</item>
/// <item>a uint <c>Version</c> property is the optimistic-concurrency token: xmin on PostgreSQL, a counter on SQLite.</item>
/// </list>
/// </summary>
internal static class ModelConventions
{
    public static void Apply(ModelBuilder builder, bool postgres)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table && entity.BaseType is null)
            {
                entity.SetTableName(SnakeCase(table.StartsWith("AspNet", StringComparison.Ordinal) ? table["AspNet".Length..] : table));
            }

            foreach (var property in entity.GetProperties())
            {
                var storeObject = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
                property.SetColumnName(SnakeCase(property.GetColumnName(storeObject) ?? property.Name));
                ConfigureType(property, postgres);
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(SnakeCase(key.GetName() ?? string.Empty));
            }

            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName(SnakeCase(fk.GetConstraintName() ?? string.Empty));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(SnakeCase(index.GetDatabaseName() ?? string.Empty));
            }
        }
    }

    private static void ConfigureType(IMutableProperty property, bool postgres)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (type.IsEnum)
        {
            var converterType = typeof(EnumCodeConverter<>).MakeGenericType(type);
            property.SetValueConverter((ValueConverter)Activator.CreateInstance(converterType)!);
            property.SetMaxLength(40);
        }
        else if (type == typeof(DateTimeOffset) && !postgres)
        {
            property.SetValueConverter(new ValueConverter<DateTimeOffset, long>(
                v => v.UtcTicks,
                v => new DateTimeOffset(v, TimeSpan.Zero)));
        }
        else if (type == typeof(decimal) && postgres)
        {
            property.SetPrecision(20);
            property.SetScale(12);
        }
        else if (type == typeof(uint) && property.Name == "Version")
        {
            if (postgres)
            {
                property.SetColumnName("xmin");
                property.SetColumnType("xid");
                property.ValueGenerated = ValueGenerated.OnAddOrUpdate;
                property.IsConcurrencyToken = true;
            }
            else
            {
                property.IsConcurrencyToken = true;
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return name;
        }

        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var prevLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextLower = i + 1 < name.Length && char.IsLower(name[i + 1]) && i > 0 && char.IsUpper(name[i - 1]);
                if (prevLower || nextLower)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private sealed class EnumCodeConverter<T> : ValueConverter<T, string>
        where T : struct, Enum
    {
        public EnumCodeConverter()
            : base(v => EnumCodes.ToCode(v), v => EnumCodes.Parse<T>(v))
        {
        }
    }
}
