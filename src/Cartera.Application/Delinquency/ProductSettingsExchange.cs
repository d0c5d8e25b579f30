using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cartera.Application.Data;
using Cartera.Application.Import;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Microsoft.EntityFrameworkCore;
using Sylvan.Data.Csv;

namespace Cartera.Application.Delinquency;

/// <summary>A product as listed: its settings (stored, or the defaults), whether they are stored, when and how many obligations use it.</summary>
public sealed record ProductListing(string Code, ProductSettings Settings, bool Stored, DateTimeOffset? UpdatedAt, int Obligations);

/// <summary>The outcome of a product-settings import: nothing is stored unless <see cref="Errors"/> is empty.</summary>
public sealed record ProductImportResult(string File, int Rows, int Saved, int Unchanged, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Product settings outside the web page (<c>cartera products list|export|import</c>, <c>/api/v1/products</c>): list,
/// export as JSON or CSV, and change them with the page's rules. A change names only the fields it sets; the others keep
/// the product's current value (its stored settings, or its defaults). Every field is checked with its own name
/// (<c>backdate_window_days</c>, <c>allocation.component_order</c>…), then the domain's
/// <see cref="ProductSettings.Validate"/>; an import stores nothing unless every product is valid, in one SaveChanges,
/// audited like the page.
/// </summary>
public sealed class ProductSettingsExchange(CarteraDbContext db)
{
    /// <summary>The top-level fields of a product (snake_case, as exported).</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "code", "classification", "cap_modality", "allocation", "buckets", "tolerance_minor", "backdate_window_days",
        "write_off_dpd", "fee_rate", "fee_cap_minor", "provision_by_category", "future_window_days", "max_amount_major",
        "max_amount_major_by_currency", "excess_credit_balance_installments", "promise_horizon_days", "promise_grace_days",
        "promise_tolerance",
    ];

    /// <summary>The CSV columns (flat): <c>strategy</c>, <c>component_order</c>, <c>prepayment</c> are the allocation; <c>provision_a..e</c> the matrix.</summary>
    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "code", "classification", "cap_modality", "strategy", "component_order", "prepayment", "buckets", "tolerance_minor",
        "backdate_window_days", "write_off_dpd", "fee_rate", "fee_cap_minor", "provision_a", "provision_b", "provision_c",
        "provision_d", "provision_e",
    ];

    /// <summary>Backdate window and write-off DPD are at most this many days (100 years).</summary>
    public const int MaxDays = 36_500;

    /// <summary>Every product with stored settings or used by an obligation, by code.</summary>
    public async Task<IReadOnlyList<ProductListing>> ListAsync(CancellationToken ct = default)
    {
        var stored = await db.Products.AsNoTracking().ToListAsync(ct);
        var used = await db.Obligations.AsNoTracking().GroupBy(o => o.Product).Select(g => new { Code = g.Key, Count = g.Count() }).ToListAsync(ct);
        var codes = stored.Select(p => p.Code).Union(used.Select(u => u.Code), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return codes.Select(code =>
        {
            var row = stored.FirstOrDefault(p => p.Code == code);
            var settings = row is null ? ProductSettings.DefaultFor(code) : ProductCatalog.Deserialize(row.SettingsJson, code);
            return new ProductListing(code, settings, row is not null, row?.UpdatedAt, used.FirstOrDefault(u => u.Code == code)?.Count ?? 0);
        }).ToList();
    }

    /// <summary>One product (stored or defaults), or null when no stored row and no obligation names it.</summary>
    public async Task<ProductListing?> FindAsync(string code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var row = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct);
        var count = await db.Obligations.AsNoTracking().CountAsync(o => o.Product == code, ct);
        if (row is null && count == 0)
        {
            return null;
        }

        var settings = row is null ? ProductSettings.DefaultFor(code) : ProductCatalog.Deserialize(row.SettingsJson, code);
        return new ProductListing(code, settings, row is not null, row?.UpdatedAt, count);
    }

    /// <summary>The settings as their JSON object (the export and API shape).</summary>
    public static JsonObject ToJson(ProductSettings settings) =>
        JsonSerializer.SerializeToNode(settings, ProductCatalog.Json)!.AsObject();

    /// <summary>
    /// Applies a change (a JSON object naming some fields) to the product's current settings and checks the result.
    /// Returns the new settings, or the errors (field, code, message), all of them.
    /// </summary>
    public static (ProductSettings? Settings, List<(string Field, string Code, string Message)> Errors) Apply(ProductSettings current, JsonObject change)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        var errors = new List<(string Field, string Code, string Message)>();
        var merged = ToJson(current);
        foreach (var (name, value) in change)
        {
            if (!Fields.Contains(name))
            {
                errors.Add((name, "unknown_field", $"Unknown field '{name}'. Fields: {string.Join(", ", Fields)}."));
                continue;
            }

            if (name == "code")
            {
                var given = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
                if (!string.Equals(given?.Trim(), current.Code, StringComparison.Ordinal))
                {
                    errors.Add(("code", "code_mismatch", $"The code '{given}' does not match the product '{current.Code}'."));
                }

                continue;
            }

            if (name is "allocation" or "provision_by_category" && value is JsonObject nested && merged[name] is JsonObject currentNested)
            {
                // Nested objects merge too: a change may set only the prepayment policy, or only category E's provision.
                foreach (var (key, part) in nested)
                {
                    if (name == "allocation" && key is not ("strategy" or "component_order" or "prepayment"))
                    {
                        errors.Add(($"allocation.{key}", "unknown_field", $"Unknown field 'allocation.{key}'. Fields: strategy, component_order, prepayment."));
                        continue;
                    }

                    currentNested[key] = part?.DeepClone();
                }

                continue;
            }

            merged[name] = value?.DeepClone();
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        ProductSettings settings;
        try
        {
            settings = merged.Deserialize<ProductSettings>(ProductCatalog.Json)! with { Code = current.Code };
        }
        catch (JsonException e)
        {
            var field = (e.Path ?? "$").TrimStart('$', '.');
            errors.Add((field.Length == 0 ? "settings" : field, "invalid_value", $"'{field}' has a value of the wrong kind: {FirstLine(e.Message)}"));
            return (null, errors);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            errors.Add(("settings", "invalid_value", FirstLine(e.Message)));
            return (null, errors);
        }

        errors.AddRange(Check(settings));
        return errors.Count > 0 ? (null, errors) : (settings, errors);
    }

    /// <summary>Every rule of a product's settings, each with its field: the page's checks, then the domain's.</summary>
    public static List<(string Field, string Code, string Message)> Check(ProductSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<(string Field, string Code, string Message)>();
        if (string.IsNullOrWhiteSpace(settings.Code) || settings.Code.Length > 64)
        {
            errors.Add(("code", "required", "A product has a code of at most 64 characters."));
        }

        if (settings.CapModality is not { Length: > 0 and <= 64 } modality || !modality.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            errors.Add(("cap_modality", "invalid_value", "The cap modality is a code of lower-case letters, digits and '_' (at most 64), such as consumo_ordinario."));
        }

        if (!Enum.IsDefined(settings.Classification))
        {
            errors.Add(("classification", "invalid_value", "classification is consumer, commercial, microcredit or housing."));
        }

        if (settings.ToleranceMinor < 0)
        {
            errors.Add(("tolerance_minor", "invalid_value", "tolerance_minor is a whole number of minor units, 0 or more."));
        }

        if (settings.BackdateWindowDays is < 0 or > MaxDays)
        {
            errors.Add(("backdate_window_days", "invalid_value", $"backdate_window_days is a whole number of days from 0 to {MaxDays}."));
        }

        if (settings.WriteOffDpd is <= 0 or > MaxDays)
        {
            errors.Add(("write_off_dpd", "invalid_value", $"write_off_dpd is a whole number of days from 1 to {MaxDays}."));
        }

        if (settings.FeeRate is < 0m or > 1m)
        {
            errors.Add(("fee_rate", "invalid_rate", "fee_rate is a fraction from 0 to 1 (0.1 is 10 %)."));
        }

        if (settings.FeeCapMinor < 0)
        {
            errors.Add(("fee_cap_minor", "invalid_value", "fee_cap_minor is a whole number of minor units, 0 or more, or empty."));
        }

        if (settings.PromiseHorizonDays is < 0 or > 3_660)
        {
            errors.Add(("promise_horizon_days", "invalid_value", "promise_horizon_days is a whole number of days from 0 to 3660."));
        }

        if (settings.PromiseGraceDays is < 0 or > 366)
        {
            errors.Add(("promise_grace_days", "invalid_value", "promise_grace_days is a whole number of calendar days from 0 to 366."));
        }

        if (settings.PromiseTolerance is < 0m or >= 1m)
        {
            errors.Add(("promise_tolerance", "invalid_rate", "promise_tolerance is a fraction from 0 to less than 1 (0.01 is 1 %)."));
        }

        if (settings.Allocation is null)
        {
            errors.Add(("allocation", "required", "allocation is required."));
        }
        else
        {
            if (!Enum.IsDefined(settings.Allocation.Strategy))
            {
                errors.Add(("allocation.strategy", "invalid_value", "strategy is installment_first or component_first."));
            }

            if (!Enum.IsDefined(settings.Allocation.Prepayment))
            {
                errors.Add(("allocation.prepayment", "invalid_value", "prepayment is reduce_term, reduce_installment or credit_balance."));
            }

            Collect(errors, "allocation.component_order", settings.Allocation.Validate);
        }

        Collect(errors, "buckets", () => AgingBuckets.Validate(settings.Buckets));
        if (settings.ProvisionByCategory is null || ClassificationTable.Categories.Any(c => !settings.ProvisionByCategory.ContainsKey(c))
            || settings.ProvisionByCategory.Keys.Any(k => !ClassificationTable.Categories.Contains(k)))
        {
            errors.Add(("provision_by_category", "invalid_value", "provision_by_category has a fraction for each category A, B, C, D and E, and no other."));
        }
        else
        {
            foreach (var (category, pct) in settings.ProvisionByCategory.Where(p => p.Value is < 0m or > 1m))
            {
                errors.Add(($"provision_by_category.{category}", "invalid_value", $"The provision of category {category} is a fraction from 0 to 1."));
            }
        }

        if (errors.Count == 0)
        {
            // The domain's own rules last, so nothing the page refuses passes here.
            Collect(errors, "settings", settings.Validate);
        }

        return errors;
    }

    /// <summary>Saves one product's settings (after <see cref="Apply"/>), audited.</summary>
    public async Task SaveAsync(ProductSettings settings, CancellationToken ct = default) =>
        await SaveAllAsync([settings], ct);

    /// <summary>Imports a JSON (an array of product objects, or one object) or CSV file: all or nothing.</summary>
    public async Task<ProductImportResult> ImportAsync(string path, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, new System.Text.UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        var format = Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase) ? "json" : "csv";
        return await ImportAsync(reader, Path.GetFileName(path), format, ct);
    }

    /// <summary>Imports products from a reader in <paramref name="format"/> (<c>json</c> or <c>csv</c>).</summary>
    public async Task<ProductImportResult> ImportAsync(TextReader reader, string file, string format, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var errors = new List<ImportError>();
        var changes = format == "json" ? ReadJson(reader, file, errors) : ReadCsv(reader, file, errors);
        var valid = new List<ProductSettings>();
        var unchanged = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, code, change) in changes)
        {
            if (code.Length is 0 or > 64)
            {
                errors.Add(new ImportError(file, line, "code", "required", "Each product names its code (at most 64 characters)."));
                continue;
            }

            if (!seen.Add(code))
            {
                errors.Add(new ImportError(file, line, "code", "duplicate", $"The product {code} appears twice in the file."));
                continue;
            }

            var current = await new ProductCatalog(db).ForCodeAsync(code, ct);
            var (settings, problems) = Apply(current, change);
            foreach (var (field, errorCode, message) in problems)
            {
                errors.Add(new ImportError(file, line, field, errorCode, message));
            }

            if (settings is null)
            {
                continue;
            }

            var stored = await db.Products.AsNoTracking().AnyAsync(p => p.Code == code, ct);
            if (stored && JsonSerializer.Serialize(settings, ProductCatalog.Json) == JsonSerializer.Serialize(current, ProductCatalog.Json))
            {
                unchanged++;
                continue;
            }

            valid.Add(settings);
        }

        if (errors.Count > 0)
        {
            return new ProductImportResult(file, changes.Count, 0, 0, errors);
        }

        await SaveAllAsync(valid, ct);
        return new ProductImportResult(file, changes.Count, valid.Count, unchanged, []);
    }

    /// <summary>Writes every listed product as a JSON array (the import shape).</summary>
    public static string ExportJson(IEnumerable<ProductListing> products) =>
        new JsonArray(products.Select(p => (JsonNode?)ToJson(p.Settings)).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Writes every listed product as CSV rows of <see cref="CsvColumns"/> (the import shape).</summary>
    public static void ExportCsv(IEnumerable<ProductListing> products, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(string.Join(',', CsvColumns));
        foreach (var p in products)
        {
            var s = p.Settings;
            string Rate(decimal d) => d.ToString("0.############", CultureInfo.InvariantCulture);
            string[] cells =
            [
                s.Code, EnumCodes.ToCode(s.Classification), s.CapModality, EnumCodes.ToCode(s.Allocation.Strategy),
                string.Join('>', s.Allocation.ComponentOrder.Select(c => EnumCodes.ToCode(c))), EnumCodes.ToCode(s.Allocation.Prepayment),
                string.Join(';', s.Buckets.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Label},{b.From},{b.To}"))),
                s.ToleranceMinor.ToString(CultureInfo.InvariantCulture), s.BackdateWindowDays.ToString(CultureInfo.InvariantCulture),
                s.WriteOffDpd.ToString(CultureInfo.InvariantCulture), Rate(s.FeeRate), s.FeeCapMinor?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                .. ClassificationTable.Categories.Select(c => s.ProvisionByCategory.TryGetValue(c, out var pct) ? Rate(pct) : string.Empty),
            ];
            writer.WriteLine(string.Join(',', cells.Select(Quote)));
        }
    }

    private async Task SaveAllAsync(List<ProductSettings> settings, CancellationToken ct)
    {
        if (settings.Count == 0)
        {
            return;
        }

        var codes = settings.Select(s => s.Code).ToList();
        var rows = await db.Products.Where(p => codes.Contains(p.Code)).ToListAsync(ct);
        var now = db.Clock.GetUtcNow();
        foreach (var s in settings)
        {
            s.Validate();
            var json = JsonSerializer.Serialize(s, ProductCatalog.Json);
            var row = rows.FirstOrDefault(r => r.Code == s.Code);
            if (row is null)
            {
                db.Products.Add(new ProductConfiguration { Code = s.Code, SettingsJson = json, UpdatedAt = now });
            }
            else
            {
                row.SettingsJson = json;
                row.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static List<(long Line, string Code, JsonObject Change)> ReadJson(TextReader reader, string file, List<ImportError> errors)
    {
        var result = new List<(long, string, JsonObject)>();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(reader.ReadToEnd(), documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            errors.Add(new ImportError(file, (e.LineNumber ?? 0) + 1, "file", "invalid_json", $"The file is not valid JSON: {FirstLine(e.Message)}"));
            return result;
        }

        var items = root switch
        {
            JsonArray array => array.ToList(),
            JsonObject one => [one],
            _ => null,
        };
        if (items is null)
        {
            errors.Add(new ImportError(file, 1, "file", "invalid_json", "The file holds one product object or an array of them."));
            return result;
        }

        for (var k = 0; k < items.Count; k++)
        {
            // JSON has no rows: an item is reported by its 1-based place in the array.
            if (items[k] is not JsonObject item)
            {
                errors.Add(new ImportError(file, k + 1, "product", "invalid_json", $"Item {k + 1} is not an object."));
                continue;
            }

            var code = item["code"] is JsonValue v && v.TryGetValue<string>(out var text) ? text.Trim() : string.Empty;
            result.Add((k + 1, code, item));
        }

        return result;
    }

    private static List<(long Line, string Code, JsonObject Change)> ReadCsv(TextReader reader, string file, List<ImportError> errors)
    {
        var result = new List<(long, string, JsonObject)>();
        var text = reader.ReadToEnd();
        var firstLine = text.Split('\n', 2)[0];
        var delimiter = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        using var csv = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = true, Delimiter = delimiter });
        var headers = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim().ToLowerInvariant()).ToArray();
        foreach (var unknown in headers.Where(h => !CsvColumns.Contains(h)))
        {
            errors.Add(new ImportError(file, 1, unknown, "unknown_column", $"Unknown column '{unknown}'. Columns: {string.Join(", ", CsvColumns)}."));
        }

        if (!headers.Contains("code"))
        {
            errors.Add(new ImportError(file, 1, "code", "missing_column", "The column 'code' is required."));
        }

        if (errors.Count > 0)
        {
            return result;
        }

        long line = 1;
        while (csv.Read())
        {
            line++;
            string Cell(string name) => Array.IndexOf(headers, name) is var i and >= 0 && i < csv.RowFieldCount ? csv.GetString(i).Trim() : string.Empty;
            if (headers.All(h => Cell(h).Length == 0))
            {
                continue;
            }

            var change = new JsonObject();
            void Error(string column, string code, string message) => errors.Add(new ImportError(file, line, column, code, message));
            foreach (var column in new[] { "classification", "cap_modality" })
            {
                if (Cell(column) is { Length: > 0 } value)
                {
                    change[column] = value.ToLowerInvariant();
                }
            }

            foreach (var column in new[] { "tolerance_minor", "backdate_window_days", "write_off_dpd", "fee_cap_minor" })
            {
                if (Cell(column) is { Length: > 0 } value)
                {
                    if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    {
                        change[column] = n;
                    }
                    else
                    {
                        Error(column, "invalid_number", $"{column} is a whole number, not '{value}'.");
                    }
                }
            }

            if (Cell("fee_rate") is { Length: > 0 } fee)
            {
                if (decimal.TryParse(fee, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate))
                {
                    change["fee_rate"] = rate;
                }
                else
                {
                    Error("fee_rate", "invalid_number", $"fee_rate is a fraction with '.' as decimal separator, not '{fee}'.");
                }
            }

            var allocation = new JsonObject();
            if (Cell("strategy") is { Length: > 0 } strategy)
            {
                allocation["strategy"] = strategy.ToLowerInvariant();
            }

            if (Cell("prepayment") is { Length: > 0 } prepayment)
            {
                allocation["prepayment"] = prepayment.ToLowerInvariant();
            }

            if (Cell("component_order") is { Length: > 0 } order)
            {
                allocation["component_order"] = new JsonArray(order.Split(['>', ' ', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(c => (JsonNode?)JsonValue.Create(c.ToLowerInvariant())).ToArray());
            }

            if (allocation.Count > 0)
            {
                change["allocation"] = allocation;
            }

            if (Cell("buckets") is { Length: > 0 } bucketsText)
            {
                var buckets = new JsonArray();
                var parsed = true;
                foreach (var part in bucketsText.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var pieces = part.Split(',', StringSplitOptions.TrimEntries);
                    if (pieces.Length is < 2 or > 3 || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                        || (pieces.Length == 3 && pieces[2].Length > 0 && !int.TryParse(pieces[2], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                    {
                        Error("buckets", "invalid_buckets", $"'{part}' is not label,from,to (buckets separated by ';').");
                        parsed = false;
                        continue;
                    }

                    var to = pieces.Length == 3 && pieces[2].Length > 0 ? int.Parse(pieces[2], NumberStyles.None, CultureInfo.InvariantCulture) : (int?)null;
                    buckets.Add(new JsonObject { ["label"] = pieces[0], ["from"] = from, ["to"] = to });
                }

                if (parsed)
                {
                    change["buckets"] = buckets;
                }
            }

            var provisions = new JsonObject();
            foreach (var category in ClassificationTable.Categories)
            {
                var column = "provision_" + category.ToLowerInvariant();
                if (Cell(column) is { Length: > 0 } value)
                {
                    if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pct))
                    {
                        provisions[category] = pct;
                    }
                    else
                    {
                        Error(column, "invalid_number", $"{column} is a fraction with '.' as decimal separator, not '{value}'.");
                    }
                }
            }

            // A cell that does not parse is reported and left out of the change; the row's other fields are still
            // checked, so one run reports every error of the row (nothing is saved while any error remains).
            var code = Cell("code");
            if (provisions.Count > 0)
            {
                // Categories not in the file keep the product's current percentage.
                change["provision_by_category"] = provisions;
            }

            result.Add((line, code, change));
        }

        return result;
    }

    private static void Collect(List<(string Field, string Code, string Message)> errors, string field, Action check)
    {
        try
        {
            check();
        }
        catch (DomainException e)
        {
            errors.Add((field, e.Code, e.Message));
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', ';', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
