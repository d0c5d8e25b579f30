using System.Globalization;
using Cartera.Application.Data;
using Cartera.Application.Import;
using Microsoft.EntityFrameworkCore;
using Sylvan.Data.Csv;

namespace Cartera.Application.Delinquency;

/// <summary>The outcome of a cap-table import: nothing is stored unless <see cref="Errors"/> is empty.</summary>
public sealed record UsuryCapImportResult(string File, int Rows, int Inserted, int Unchanged, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>The first closed date whose snapshots the new rows change (a recompute was requested from it), or null.</summary>
    public DateOnly? RecomputeFrom { get; init; }
}

/// <summary>
/// Imports legal-cap rows (<c>cartera rates import</c>): a CSV (UTF-8, comma or semicolon) with the columns
/// <c>valid_from, valid_to, modality, usury_ea</c> and optionally <c>banking_current_ea, source, verified</c>. Every row
/// is checked (dates, rate range, 1.5 × IBC in Colombia, overlaps inside the file and with stored rows of the same
/// jurisdiction and modality); any error rejects the whole file. A row identical to a stored one (same modality, dates and
/// rate) is unchanged, so importing the same file twice stores it once. Stored rows are audited like every change.
/// </summary>
public sealed class UsuryCapImporter(CarteraDbContext db)
{
    public static readonly IReadOnlyList<string> Required = ["valid_from", "valid_to", "modality", "usury_ea"];

    public static readonly IReadOnlyList<string> Optional = ["banking_current_ea", "source", "verified"];

    public async Task<UsuryCapImportResult> ImportAsync(string path, string jurisdiction, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, new System.Text.UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        return await ImportAsync(reader, Path.GetFileName(path), jurisdiction, ct);
    }

    public async Task<UsuryCapImportResult> ImportAsync(TextReader reader, string file, string jurisdiction, CancellationToken ct = default)
    {
        // Rows with errors are left out by Parse; the valid ones are still checked against the stored table, so one run
        // reports every error of the file.
        var (rows, errors) = Parse(reader, file, jurisdiction);
        jurisdiction = jurisdiction.Trim().ToUpperInvariant();
        var stored = await db.UsuryCaps.Where(c => c.Jurisdiction == jurisdiction).ToListAsync(ct);
        var fresh = new List<UsuryCapRow>();
        var unchanged = 0;
        foreach (var (row, line) in rows)
        {
            if (stored.Any(s => SameRow(s, row)))
            {
                unchanged++;
                continue;
            }

            var clash = stored.FirstOrDefault(s => string.Equals(s.Modality, row.Modality, StringComparison.OrdinalIgnoreCase) && s.ValidFrom <= row.ValidTo && row.ValidFrom <= s.ValidTo);
            if (clash is not null)
            {
                errors.Add(new ImportError(file, line, "valid_from", "overlaps_stored", $"{row.Modality} {Range(row)} overlaps the stored row {Range(clash)} ({Percent(clash.UsuryEa)}); edit or remove that row first."));
                continue;
            }

            fresh.Add(row);
        }

        if (errors.Count > 0)
        {
            errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Column, b.Column));
            return new UsuryCapImportResult(file, rows.Count, 0, 0, errors);
        }

        db.UsuryCaps.AddRange(fresh);
        DateOnly? recompute = null;
        if (fresh.Count > 0)
        {
            recompute = await SnapshotRecompute.RequestAsync(db, fresh.Min(r => r.ValidFrom), $"cap rows imported from {file}", ct);
        }

        await db.SaveChangesAsync(ct);
        return new UsuryCapImportResult(file, rows.Count, fresh.Count, unchanged, []) { RecomputeFrom = recompute };
    }

    /// <summary>Reads and checks every row of a cap file without touching the database.</summary>
    public static (List<(UsuryCapRow Row, long Line)> Rows, List<ImportError> Errors) Parse(TextReader reader, string file, string jurisdiction)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(jurisdiction);
        var errors = new List<ImportError>();
        var rows = new List<(UsuryCapRow, long)>();
        jurisdiction = jurisdiction.Trim().ToUpperInvariant();
        if (jurisdiction.Length != 2 || !jurisdiction.All(char.IsAsciiLetterUpper))
        {
            errors.Add(new ImportError(file, 0, "jurisdiction", "invalid_value", "The jurisdiction is a two-letter country code (CO, MX, ES, US)."));
            return (rows, errors);
        }

        var derived = UsuryRules.Shipped.RateFor(jurisdiction);
        var text = reader.ReadToEnd();
        var firstLine = text.Split('\n', 2)[0];
        var delimiter = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        using var csv = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = true, Delimiter = delimiter });
        var headers = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim().ToLowerInvariant()).ToArray();
        foreach (var unknown in headers.Where(h => !Required.Contains(h) && !Optional.Contains(h)))
        {
            errors.Add(new ImportError(file, 1, unknown, "unknown_column", $"Unknown column '{unknown}'. Columns: {string.Join(", ", Required.Concat(Optional))}."));
        }

        foreach (var missing in Required.Where(r => !headers.Contains(r)))
        {
            errors.Add(new ImportError(file, 1, missing, "missing_column", $"The column '{missing}' is required."));
        }

        if (errors.Count > 0)
        {
            return (rows, errors);
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

            var before = errors.Count;
            void Error(string column, string code, string message) => errors.Add(new ImportError(file, line, column, code, message));
            DateOnly? DateCell(string column)
            {
                var value = Cell(column);
                if (value.Length == 0)
                {
                    Error(column, "required", $"{column} is required (yyyy-MM-dd).");
                    return null;
                }

                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    Error(column, "invalid_date", $"'{value}' is not a date in the form yyyy-MM-dd.");
                    return null;
                }

                return date;
            }

            decimal? RateCell(string column, bool required)
            {
                var value = Cell(column);
                if (value.Length == 0)
                {
                    if (required)
                    {
                        Error(column, "required", $"{column} is required: an effective annual fraction (0.2436 is 24.36 %).");
                    }

                    return null;
                }

                if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate))
                {
                    Error(column, "invalid_number", $"'{value}' is not a number with '.' as decimal separator.");
                    return null;
                }

                if (rate is <= 0m or >= 10m || decimal.Round(rate, 12) != rate)
                {
                    Error(column, "invalid_rate", $"{column} {value} is out of range: a fraction above 0 and below 10 (0.2436 is 24.36 %), at most 12 decimals.");
                    return null;
                }

                return rate;
            }

            var from = DateCell("valid_from");
            var to = DateCell("valid_to");
            var modality = Cell("modality").ToLowerInvariant();
            if (modality.Length == 0)
            {
                Error("modality", "required", "modality is required (consumo_ordinario, microcredito, …).");
            }
            else if (modality.Length > 64 || !modality.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                Error("modality", "invalid_value", $"'{modality}' is not a modality code: lower-case letters, digits and '_', at most 64.");
            }

            var usury = RateCell("usury_ea", required: true);
            var banking = RateCell("banking_current_ea", required: false);
            var verifiedText = Cell("verified").ToLowerInvariant();
            bool? verified = verifiedText switch
            {
                "" or "no" or "false" or "0" => false,
                "yes" or "si" or "sí" or "true" or "1" => true,
                _ => null,
            };
            if (verified is null)
            {
                Error("verified", "invalid_value", $"'{verifiedText}' is not yes or no.");
            }

            var source = Cell("source");
            if (source.Length > 500)
            {
                Error("source", "too_long", "source has at most 500 characters.");
            }

            if (from is { } f && to is { } t && t < f)
            {
                Error("valid_to", "invalid_dates", $"valid_to {t:yyyy-MM-dd} is before valid_from {f:yyyy-MM-dd}.");
            }

            if (derived is { } rule && usury is { } u && banking is { } b && !rule.Agrees(u, b))
            {
                Error("usury_ea", "usury_mismatch", $"In {jurisdiction} usury is {rule.MultipleOfBankingCurrent.ToString(CultureInfo.InvariantCulture)} × the banking current rate: {rule.MultipleOfBankingCurrent.ToString(CultureInfo.InvariantCulture)} × {b.ToString(CultureInfo.InvariantCulture)} = {(b * rule.MultipleOfBankingCurrent).ToString(CultureInfo.InvariantCulture)}, not {u.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (errors.Count > before)
            {
                continue;
            }

            rows.Add((new UsuryCapRow
            {
                Jurisdiction = jurisdiction,
                Modality = modality,
                ValidFrom = from!.Value,
                ValidTo = to!.Value,
                UsuryEa = usury!.Value,
                BankingCurrentEa = banking,
                Source = source.Length > 0 ? source : $"Imported from {file}",
                Verified = verified!.Value,
            }, line));
        }

        // Overlaps inside the file, per modality: reported on the later row.
        foreach (var group in rows.GroupBy(r => r.Item1.Modality, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(r => r.Item1.ValidFrom).ThenBy(r => r.Item2).ToList();
            var (reach, reachLine) = ordered[0];
            for (var k = 1; k < ordered.Count; k++)
            {
                var (current, currentLine) = ordered[k];
                if (current.ValidFrom <= reach.ValidTo)
                {
                    errors.Add(new ImportError(file, Math.Max(currentLine, reachLine), "valid_from", "overlapping_caps", $"{current.Modality} {Range(current)} overlaps row {Math.Min(currentLine, reachLine).ToString(CultureInfo.InvariantCulture)} ({Range(reach)})."));
                }

                if (current.ValidTo > reach.ValidTo)
                {
                    (reach, reachLine) = (current, currentLine);
                }
            }
        }

        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Column, b.Column));
        return (rows, errors);
    }

    internal static bool SameRow(UsuryCapRow a, UsuryCapRow b) =>
        string.Equals(a.Modality, b.Modality, StringComparison.OrdinalIgnoreCase) && a.ValidFrom == b.ValidFrom && a.ValidTo == b.ValidTo && a.UsuryEa == b.UsuryEa;

    internal static string Range(UsuryCapRow row) =>
        string.Create(CultureInfo.InvariantCulture, $"{row.ValidFrom:yyyy-MM-dd}..{row.ValidTo:yyyy-MM-dd}");

    internal static string Percent(decimal fraction) => (fraction * 100m).ToString("0.00##", CultureInfo.InvariantCulture) + " %";
}
