using System.Text.Json;
using System.Text.Json.Serialization;
using Cartera.Application.Data;
using Cartera.Domain.Delinquency;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>
/// Product settings as data: the stored row of a product, or <see cref="ProductSettings.DefaultFor"/> when there is none.
/// </summary>
public sealed class ProductCatalog(CarteraDbContext db)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = false,
    };

    /// <summary>The settings of every product code given (stored or default), keyed by code.</summary>
    public async Task<IReadOnlyDictionary<string, ProductSettings>> ForCodesAsync(IEnumerable<string> codes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var wanted = codes.Distinct(StringComparer.Ordinal).ToList();
        var stored = await db.Products.AsNoTracking().Where(p => wanted.Contains(p.Code)).ToListAsync(ct);
        var result = new Dictionary<string, ProductSettings>(StringComparer.Ordinal);
        foreach (var code in wanted)
        {
            var row = stored.FirstOrDefault(p => p.Code == code);
            result[code] = row is null ? ProductSettings.DefaultFor(code) : Deserialize(row.SettingsJson, code);
        }

        return result;
    }

    public async Task<ProductSettings> ForCodeAsync(string code, CancellationToken ct = default) =>
        (await ForCodesAsync([code], ct))[code];

    /// <summary>Stores a product's settings (validated; audited like every change).</summary>
    public async Task SaveAsync(ProductSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var json = JsonSerializer.Serialize(settings, Json);
        var row = await db.Products.FirstOrDefaultAsync(p => p.Code == settings.Code, ct);
        if (row is null)
        {
            db.Products.Add(new ProductConfiguration { Code = settings.Code, SettingsJson = json, UpdatedAt = db.Clock.GetUtcNow() });
        }
        else
        {
            row.SettingsJson = json;
            row.UpdatedAt = db.Clock.GetUtcNow();
        }

        await db.SaveChangesAsync(ct);
    }

    public static ProductSettings Deserialize(string json, string code)
    {
        var settings = JsonSerializer.Deserialize<ProductSettings>(json, Json)
            ?? throw new Domain.Common.DomainException("invalid_value", $"Product {code}: stored settings are empty.", "settings");
        return settings with { Code = code };
    }
}

/// <summary>The stored legal-cap table as the domain's <see cref="CapTable"/>.</summary>
public sealed class CapTableStore(CarteraDbContext db)
{
    public async Task<CapTable> LoadAsync(string jurisdiction, CancellationToken ct = default)
    {
        var rows = await db.UsuryCaps.AsNoTracking().Where(c => c.Jurisdiction == jurisdiction).ToListAsync(ct);
        return new CapTable(rows.Select(r => r.ToDomain()));
    }
}
