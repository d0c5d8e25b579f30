using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>
/// The legal-cap rows Cartera ships per jurisdiction (<see cref="UsuryRules.ShippedTables"/>; today Colombia's
/// <c>Delinquency/Data/usury_caps_co.csv</c>, embedded): the usury rates (and, where found, the certified interés bancario
/// corriente) of the Superintendencia Financiera for 2024–2026, every row unverified and its source marked [verify].
/// Months we could not source are missing on purpose: an administrator imports them (<c>cartera rates import</c>) — see
/// docs/user/rates.md. Seeded on <c>db migrate</c> and at start-up for each jurisdiction that holds no cap row, so an
/// administrator's deletions or edits are never overwritten.
/// </summary>
public static class ShippedUsuryCaps
{
    /// <summary>The shipped rows of a jurisdiction (none when it ships no table), parsed and checked like an imported file.</summary>
    public static IReadOnlyList<UsuryCapRow> Rows(string jurisdiction)
    {
        var file = UsuryRules.Shipped.ShippedTables.FirstOrDefault(t => string.Equals(t.Jurisdiction, jurisdiction, StringComparison.OrdinalIgnoreCase)).File;
        if (file is null)
        {
            return [];
        }

        var resource = "Cartera.Application.Delinquency.Data." + file;
        var stream = typeof(ShippedUsuryCaps).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream, new System.Text.UTF8Encoding(false, true));
        var (rows, errors) = UsuryCapImporter.Parse(reader, file, jurisdiction.ToUpperInvariant());
        return errors.Count > 0
            ? throw new InvalidOperationException($"The shipped cap table {file} is invalid: {errors[0].Message}")
            : rows.Select(r => r.Row).ToList();
    }

    /// <summary>Stores the shipped rows of every jurisdiction that has no cap row yet. Returns how many were stored.</summary>
    public static async Task<int> SeedIfEmptyAsync(CarteraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = 0;
        foreach (var (jurisdiction, _) in UsuryRules.Shipped.ShippedTables)
        {
            if (await db.UsuryCaps.AnyAsync(c => c.Jurisdiction == jurisdiction, ct))
            {
                continue;
            }

            var rows = Rows(jurisdiction);
            db.UsuryCaps.AddRange(rows);
            await db.SaveChangesAsync(ct);
            stored += rows.Count;
        }

        return stored;
    }
}
