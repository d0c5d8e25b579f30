using Cartera.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>
/// The Colombian legal-cap rows Cartera ships (<c>Delinquency/Data/usury_caps_co.csv</c>, embedded): the usury rates
/// (and, where found, the certified interés bancario corriente) of the Superintendencia Financiera for 2024–2026, every
/// row unverified and its source marked [verify]. Months we could not source are missing on purpose: an administrator
/// imports them (<c>cartera rates import</c>) — see docs/user/rates.md. Seeded on <c>db migrate</c> and at start-up when
/// the table holds no Colombian row, so an administrator's deletions or edits are never overwritten.
/// </summary>
public static class ColombianUsuryCaps
{
    public const string Jurisdiction = "CO";

    /// <summary>The version of the shipped file, recorded in the audit trail through the rows' source.</summary>
    public const string ResourceName = "Cartera.Application.Delinquency.Data.usury_caps_co.csv";

    public static TextReader Open()
    {
        var stream = typeof(ColombianUsuryCaps).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        return new StreamReader(stream, new System.Text.UTF8Encoding(false, true));
    }

    /// <summary>The shipped rows, parsed and checked like an imported file.</summary>
    public static IReadOnlyList<UsuryCapRow> Rows()
    {
        using var reader = Open();
        var (rows, errors) = UsuryCapImporter.Parse(reader, "usury_caps_co.csv", Jurisdiction);
        return errors.Count > 0
            ? throw new InvalidOperationException($"The shipped cap table is invalid: {errors[0].Message}")
            : rows.Select(r => r.Row).ToList();
    }

    /// <summary>Stores the shipped rows when there is no Colombian cap row yet. Returns how many were stored.</summary>
    public static async Task<int> SeedIfEmptyAsync(CarteraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.UsuryCaps.AnyAsync(c => c.Jurisdiction == Jurisdiction, ct))
        {
            return 0;
        }

        var rows = Rows();
        db.UsuryCaps.AddRange(rows);
        await db.SaveChangesAsync(ct);
        return rows.Count;
    }
}
