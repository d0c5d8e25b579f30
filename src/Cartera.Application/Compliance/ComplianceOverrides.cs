using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Compliance;

/// <summary>What an administrator or supervisor sets for one debtor. Blank agreed hours = the rule set's windows.</summary>
public sealed record OverrideData(
    string? AgreedHours,
    string? AgreedHoursDocument,
    string? OptedOutChannels,
    bool DoNotContact,
    bool DisputeHold,
    bool InsolvencyProceedings,
    bool Deceased,
    string? Note)
{
    public static OverrideData None { get; } = new(null, null, null, false, false, false, false, null);

    public static OverrideData From(DebtorComplianceOverride? o) =>
        o is null
            ? None
            : new(o.AgreedHours, o.AgreedHoursDocument, o.OptedOutChannels, o.DoNotContact, o.DisputeHold, o.InsolvencyProceedings, o.Deceased, o.Note);
}

/// <summary>
/// Per-debtor overrides (<c>debtor_compliance_overrides</c>). Saving validates the data (agreed hours need the
/// reference of the separate document and valid windows; channel codes must exist) and is audited with before and
/// after by <c>SaveChanges</c>. Optimistic concurrency: a save over a row changed meanwhile is refused.
/// </summary>
public sealed class ComplianceOverrides(CarteraDbContext db)
{
    public async Task<OverrideData?> GetAsync(long debtorId, CancellationToken cancellationToken = default)
    {
        var row = await db.DebtorComplianceOverrides.AsNoTracking().SingleOrDefaultAsync(o => o.DebtorId == debtorId, cancellationToken);
        return row is null ? null : OverrideData.From(row);
    }

    /// <summary>Which of <paramref name="debtorIds"/> have a dispute hold (a dispute in progress), in one query.</summary>
    public async Task<IReadOnlySet<long>> DebtorsWithDisputeHoldAsync(IReadOnlyCollection<long> debtorIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(debtorIds);
        var ids = debtorIds.ToList();
        return (await db.DebtorComplianceOverrides.AsNoTracking()
            .Where(o => o.DisputeHold && ids.Contains(o.DebtorId)).Select(o => o.DebtorId).ToListAsync(cancellationToken)).ToHashSet();
    }

    /// <summary>
    /// Sets or clears only the debtor's dispute hold (the gate's <c>dispute_hold</c>), leaving the other overrides as
    /// they are; for the disputes workflow (opening a dispute sets it, resolving the last open one clears it). Audited
    /// like <see cref="SaveAsync"/>. Saves nothing when the hold is already as asked.
    /// </summary>
    public async Task SetDisputeHoldAsync(long debtorId, bool hold, CancellationToken cancellationToken = default)
    {
        var row = await db.DebtorComplianceOverrides.SingleOrDefaultAsync(o => o.DebtorId == debtorId, cancellationToken);
        if ((row?.DisputeHold ?? false) == hold)
        {
            return;
        }

        if (row is null)
        {
            row = new DebtorComplianceOverride { DebtorId = debtorId };
            db.DebtorComplianceOverrides.Add(row);
        }

        row.DisputeHold = hold;
        row.UpdatedAt = db.Clock.GetUtcNow();
        row.UpdatedBy = db.Actor.Name;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <exception cref="DomainException"><c>not_found</c> (debtor), <c>required</c> (document of agreed hours), <c>invalid_window</c>, <c>invalid_code</c>.</exception>
    public async Task<OverrideData> SaveAsync(long debtorId, OverrideData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!await db.Debtors.AnyAsync(d => d.Id == debtorId, cancellationToken))
        {
            throw new DomainException("not_found", "The debtor does not exist.", "debtor");
        }

        var hours = Blank(data.AgreedHours);
        var document = Blank(data.AgreedHoursDocument);
        if (hours is not null)
        {
            var windows = WindowsText.Parse(hours, "agreed_hours");
            if (!windows.HasAny)
            {
                throw new DomainException("invalid_window", "Agreed hours need at least one window.", "agreed_hours");
            }

            if (document is null)
            {
                throw new DomainException("required", "Agreed hours are valid only with the reference of the separate document the debtor signed.", "agreed_hours_document");
            }

            hours = WindowsText.Format(windows);
        }

        var row = await db.DebtorComplianceOverrides.SingleOrDefaultAsync(o => o.DebtorId == debtorId, cancellationToken);
        if (row is null)
        {
            row = new DebtorComplianceOverride { DebtorId = debtorId };
            db.DebtorComplianceOverrides.Add(row);
        }

        row.AgreedHours = hours;
        row.AgreedHoursDocument = hours is null ? null : document;
        row.OptedOutChannels = ChannelSet.Parse(data.OptedOutChannels).ToString();
        row.DoNotContact = data.DoNotContact;
        row.DisputeHold = data.DisputeHold;
        row.InsolvencyProceedings = data.InsolvencyProceedings;
        row.Deceased = data.Deceased;
        row.Note = Blank(data.Note);
        row.UpdatedAt = db.Clock.GetUtcNow();
        row.UpdatedBy = db.Actor.Name;
        await db.SaveChangesAsync(cancellationToken);
        return OverrideData.From(row);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
