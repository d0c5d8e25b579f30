using System.Text.Json;
using System.Text.Json.Nodes;
using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Strategies;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Strategies;

/// <summary>A stored strategy: its definition, whether it runs, its version and last change.</summary>
public sealed record StrategyView(StrategyDefinition Definition, bool Active, uint Version, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public string Code => Definition.Code;
}

/// <summary>
/// One problem of a strategy file: the strategy's 1-based place in the file (1 for a single object), its code when
/// known, the field path (<c>steps[2].offset_days</c>), a code and a Spanish message.
/// </summary>
public sealed record StrategyImportError(int Item, string? Strategy, string Path, string Code, string Message)
{
    public override string ToString() =>
        $"estrategia {Item}{(Strategy is null ? string.Empty : $" ({Strategy})")}, {Path}: {Message}";
}

/// <summary>The outcome of an import: nothing is stored unless <see cref="Errors"/> is empty.</summary>
public sealed record StrategyImportResult(int Strategies, int Created, int Updated, int Unchanged, IReadOnlyList<StrategyImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// The strategies as data (docs/user/strategies.md; <c>cartera strategies import|list|export</c>): a file holds one
/// strategy object or an array of them; every strategy is checked by <see cref="StrategyJson"/> and the whole file is
/// refused, with an error per strategy and field, when any is wrong; otherwise each strategy is created or replaced by
/// its code in one SaveChanges, audited by the DbContext as <see cref="IActor"/>. Export writes the same shape back.
/// </summary>
public sealed class StrategyCatalog(CarteraDbContext db, TimeProvider clock, IActor actor)
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Every stored strategy, by code.</summary>
    public async Task<IReadOnlyList<StrategyView>> ListAsync(bool activeOnly = false, CancellationToken ct = default)
    {
        var rows = await db.Strategies.AsNoTracking().Where(s => !activeOnly || s.Active).OrderBy(s => s.Code).ToListAsync(ct);
        return rows.Select(ToView).ToList();
    }

    /// <summary>One strategy by code.</summary>
    /// <exception cref="DomainException"><c>not_found</c>.</exception>
    public async Task<StrategyView> GetAsync(string code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var row = await db.Strategies.AsNoTracking().FirstOrDefaultAsync(s => s.Code == code, ct)
            ?? throw new DomainException("not_found", $"No existe una estrategia con el código '{code}'.", "code");
        return ToView(row);
    }

    /// <summary>Imports a file's text: one strategy object or an array of them, all or nothing.</summary>
    public async Task<StrategyImportResult> ImportAsync(string json, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new List<StrategyImportError>();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            errors.Add(new(1, null, "$", "invalid_json", $"El archivo no es JSON válido (línea {(e.LineNumber ?? 0) + 1}): {e.Message.Split('\n')[0]}"));
            return new StrategyImportResult(0, 0, 0, 0, errors);
        }

        List<JsonNode?> items = root switch
        {
            JsonArray array => [.. array],
            JsonObject one => [one],
            _ => [],
        };
        if (root is not (JsonArray or JsonObject))
        {
            errors.Add(new(1, null, "$", "invalid_json", "El archivo tiene un objeto de estrategia o una lista de ellas."));
        }

        var parsed = new List<(StrategyDefinition Definition, bool Active)>();
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var itemErrors = new List<StrategyError>();
            var definition = StrategyJson.Read(items[i], itemErrors);
            var code = (items[i] as JsonObject)?["code"] is JsonValue v && v.TryGetValue<string>(out var c) ? c : null;
            errors.AddRange(itemErrors.Select(e => new StrategyImportError(i + 1, code, e.Path, e.Code, e.Message)));
            if (definition is null)
            {
                continue;
            }

            if (codes.TryGetValue(definition.Code, out var first))
            {
                errors.Add(new(i + 1, code, "code", "duplicate", $"El código '{definition.Code}' ya está en la estrategia {first} del archivo."));
                continue;
            }

            codes[definition.Code] = i + 1;
            var active = (items[i] as JsonObject)?["active"] is not JsonValue a || a.GetValueKind() != JsonValueKind.False;
            parsed.Add((definition, active));
        }

        if (errors.Count > 0)
        {
            return new StrategyImportResult(items.Count, 0, 0, 0, errors);
        }

        var (created, updated, unchanged) = await SaveAsync(parsed, ct);
        return new StrategyImportResult(items.Count, created, updated, unchanged, []);
    }

    /// <summary>The stored strategies (or one) as the file's JSON, an array, indented: what <see cref="ImportAsync"/> reads back.</summary>
    public async Task<string> ExportAsync(string? code = null, CancellationToken ct = default)
    {
        var views = code is null ? await ListAsync(ct: ct) : [await GetAsync(code, ct)];
        return new JsonArray(views.Select(v => (JsonNode?)StrategyJson.Write(v.Definition, v.Active)).ToArray()).ToJsonString(Indented);
    }

    private async Task<(int Created, int Updated, int Unchanged)> SaveAsync(List<(StrategyDefinition Definition, bool Active)> strategies, CancellationToken ct)
    {
        var codes = strategies.Select(s => s.Definition.Code).ToList();
        var rows = await db.Strategies.Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow();
        int created = 0, updated = 0, unchanged = 0;
        foreach (var (definition, active) in strategies)
        {
            var json = StrategyJson.Write(definition).ToJsonString();
            if (!rows.TryGetValue(definition.Code, out var row))
            {
                db.Strategies.Add(new StrategyRecord
                {
                    Code = definition.Code,
                    Name = definition.Name,
                    DefinitionJson = json,
                    Active = active,
                    CreatedAt = now,
                    CreatedBy = actor.Name,
                    UpdatedAt = now,
                    UpdatedBy = actor.Name,
                });
                created++;
            }
            else if (row.DefinitionJson == json && row.Name == definition.Name && row.Active == active)
            {
                unchanged++;
            }
            else
            {
                row.Name = definition.Name;
                row.DefinitionJson = json;
                row.Active = active;
                row.UpdatedAt = now;
                row.UpdatedBy = actor.Name;
                updated++;
            }
        }

        using (db.ActAs(actor))
        {
            await db.SaveChangesAsync(ct);
        }

        return (created, updated, unchanged);
    }

    private static StrategyView ToView(StrategyRecord row) =>
        new(StrategyJson.Parse(row.DefinitionJson), row.Active, row.Version, row.UpdatedAt, row.UpdatedBy);
}
