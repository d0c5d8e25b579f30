using System.Globalization;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Delinquency;

/// <summary>A cap row as an administrator enters it (id null: a new row).</summary>
public sealed record UsuryCapInput(
    long? Id,
    string Jurisdiction,
    string Modality,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    decimal UsuryEa,
    decimal? BankingCurrentEa,
    string Source,
    bool Verified);

/// <summary>
/// Lists and edits the stored cap table (the admin page, <c>cartera rates list</c>). A saved row is validated by the
/// domain, must not overlap another row of its jurisdiction and modality, and, where the jurisdiction derives usury from the
/// banking current rate (<see cref="UsuryRules"/>; Colombia: 1.5 ×), agree with its IBC when one is given. Every change is audited by the context's SaveChanges.
/// </summary>
public sealed class UsuryCapAdministration(CarteraDbContext db)
{
    public async Task<IReadOnlyList<UsuryCapRow>> ListAsync(string jurisdiction, string? modality = null, CancellationToken ct = default)
    {
        var query = db.UsuryCaps.AsNoTracking().Where(c => c.Jurisdiction == jurisdiction);
        if (!string.IsNullOrWhiteSpace(modality))
        {
            var m = modality.Trim().ToLowerInvariant();
            query = query.Where(c => c.Modality == m);
        }

        var rows = await query.ToListAsync(ct);
        return rows.OrderBy(r => r.Modality, StringComparer.Ordinal).ThenByDescending(r => r.ValidFrom).ToList();
    }

    public async Task<UsuryCapRow> SaveAsync(UsuryCapInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var jurisdiction = (input.Jurisdiction ?? string.Empty).Trim().ToUpperInvariant();
        var modality = (input.Modality ?? string.Empty).Trim().ToLowerInvariant();
        var source = (input.Source ?? string.Empty).Trim();
        if (jurisdiction.Length != 2)
        {
            throw new DomainException("invalid_value", "The jurisdiction is a two-letter country code.", "jurisdiction");
        }

        if (modality.Length is 0 or > 64 || !modality.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new DomainException("invalid_value", "A modality code has lower-case letters, digits and '_' (at most 64).", "modality");
        }

        if (source.Length is 0 or > 500)
        {
            throw new DomainException("required", "Name the source of the rate (at most 500 characters).", "source");
        }

        new UsuryCap(jurisdiction, modality, input.ValidFrom, input.ValidTo, input.UsuryEa, source, input.Verified).Validate();
        if (input.BankingCurrentEa is { } ibc)
        {
            if (ibc is <= 0m or >= 10m || decimal.Round(ibc, 12) != ibc)
            {
                throw new DomainException("invalid_rate", "banking_current_ea is an effective annual fraction above 0 (0.1624 is 16.24 %).", "banking_current_ea");
            }

            if (UsuryRules.Shipped.RateFor(jurisdiction) is { } rule && !rule.Agrees(input.UsuryEa, ibc))
            {
                throw new DomainException("usury_mismatch", $"In {jurisdiction} usury is {rule.MultipleOfBankingCurrent.ToString(CultureInfo.InvariantCulture)} × the banking current rate (within {rule.Tolerance.ToString(CultureInfo.InvariantCulture)}).", "usury_ea");
            }
        }

        var clash = await db.UsuryCaps.AsNoTracking()
            .Where(c => c.Jurisdiction == jurisdiction && c.Modality == modality && c.Id != (input.Id ?? 0) && c.ValidFrom <= input.ValidTo && input.ValidFrom <= c.ValidTo)
            .FirstOrDefaultAsync(ct);
        if (clash is not null)
        {
            throw new DomainException("overlapping_caps", $"The row overlaps {modality} {UsuryCapImporter.Range(clash)}.", "valid_from");
        }

        UsuryCapRow row;
        if (input.Id is { } id)
        {
            row = await db.UsuryCaps.FirstOrDefaultAsync(c => c.Id == id, ct)
                ?? throw new DomainException("not_found", $"Cap row {id} does not exist.", "id");
        }
        else
        {
            row = new UsuryCapRow();
            db.UsuryCaps.Add(row);
        }

        // The closed dates from the earlier of the old and the new start derive from this row: recompute them.
        var affectedFrom = input.Id is null || row.ValidFrom > input.ValidFrom ? input.ValidFrom : row.ValidFrom;
        var changed = input.Id is null || row.ValidFrom != input.ValidFrom || row.ValidTo != input.ValidTo || row.UsuryEa != input.UsuryEa || row.Modality != modality || row.Jurisdiction != jurisdiction;
        if (changed)
        {
            await SnapshotRecompute.RequestAsync(db, affectedFrom, $"cap row {modality} {input.ValidFrom:yyyy-MM-dd} saved", ct);
        }

        row.Jurisdiction = jurisdiction;
        row.Modality = modality;
        row.ValidFrom = input.ValidFrom;
        row.ValidTo = input.ValidTo;
        row.UsuryEa = input.UsuryEa;
        row.BankingCurrentEa = input.BankingCurrentEa;
        row.Source = source;
        row.Verified = input.Verified;
        await db.SaveChangesAsync(ct);
        return row;
    }
}
