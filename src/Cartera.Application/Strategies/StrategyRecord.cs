using Cartera.Domain.Strategies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cartera.Application.Strategies;

/// <summary>
/// A stored strategy (<c>strategies</c>, owned by Strategies): its code, name and definition as the file's JSON text
/// (docs/user/strategies.md), read back through <see cref="StrategyJson"/>. <see cref="Version"/> is the
/// optimistic-concurrency token.
/// </summary>
public sealed class StrategyRecord
{
    public long Id { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>The definition as written by <see cref="StrategyJson.Write"/> (without <c>active</c>).</summary>
    public string DefinitionJson { get; set; } = string.Empty;

    public bool Active { get; set; } = true;

    public uint Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary><c>strategies</c>, owned by Strategies: one row per strategy, its code unique.</summary>
internal sealed class StrategyRecordConfiguration : IEntityTypeConfiguration<StrategyRecord>
{
    public void Configure(EntityTypeBuilder<StrategyRecord> b)
    {
        b.ToTable("strategies", t => t.HasCheckConstraint("ck_strategies_code", "length(code) > 0"));
        b.HasKey(s => s.Id);
        b.Property(s => s.Code).HasMaxLength(StrategyDefinition.MaxCodeLength).IsRequired();
        b.Property(s => s.Name).HasMaxLength(StrategyDefinition.MaxNameLength).IsRequired();
        b.Property(s => s.DefinitionJson).IsRequired();
        b.Property(s => s.CreatedBy).HasMaxLength(200).IsRequired();
        b.Property(s => s.UpdatedBy).HasMaxLength(200).IsRequired();
        b.HasIndex(s => s.Code).IsUnique();
    }
}
