using Cartera.Application.Audit;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Portfolio;

/// <summary>
/// A new contact point found by skip tracing ("localizar al cliente") and the consent evidence that lets it be used:
/// the consent channels the debtor authorized on it, how the consent was obtained (<c>call_recording</c>,
/// <c>signed_form</c>…) and the evidence (recording id, form number). No consent channels: stored, usable only where the
/// jurisdiction needs no consent.
/// </summary>
public sealed record NewContactPoint(
    ContactChannel Channel,
    string Value,
    IReadOnlyList<ConsentChannel> ConsentChannels,
    string? ConsentMethod,
    string? ConsentEvidence);

/// <summary>
/// Portfolio's public service for a debtor's contact points (<c>contact_points</c>, <c>consent_records</c> are
/// Portfolio's tables): other features (Collection's activities) invalidate a wrong number or add a located one through
/// here. Each change is saved at once and audited with the actor (the DbContext's audit trail).
/// </summary>
public sealed class ContactPointService(CarteraDbContext db, IActor actor, TimeProvider clock)
{
    /// <summary>
    /// Marks a debtor's contact point do-not-contact (a wrong number: it is not the debtor's). Returns false when it
    /// already was.
    /// </summary>
    /// <exception cref="DomainException"><c>not_found</c> when the point is not the debtor's.</exception>
    public async Task<bool> InvalidateAsync(long debtorId, long contactPointId, CancellationToken ct = default)
    {
        var point = await db.ContactPoints.SingleOrDefaultAsync(c => c.Id == contactPointId && c.DebtorId == debtorId, ct)
            ?? throw new DomainException("not_found", "The contact point is not one of the debtor's.", "contact_point_id");
        if (point.DoNotContact)
        {
            return false;
        }

        point.MarkDoNotContact(true);
        point.MarkVerified(false);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Adds a contact point to the debtor (or finds the same channel and value) and records the consents granted on
    /// it with their evidence, for collection. Returns the point's id.
    /// </summary>
    /// <exception cref="DomainException">
    /// <c>not_found</c> (debtor), <c>invalid_phone</c>/<c>invalid_email</c>/<c>required</c> (value), <c>required</c>
    /// (consent method and evidence when a consent is given).
    /// </exception>
    public async Task<long> AddAsync(long debtorId, NewContactPoint input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var debtor = await db.Debtors.Include(d => d.ContactPoints).Include(d => d.Consents).AsSplitQuery()
            .SingleOrDefaultAsync(d => d.Id == debtorId, ct)
            ?? throw new DomainException("not_found", "The debtor does not exist.", "debtor");
        var consents = (input.ConsentChannels ?? []).Distinct().ToList();
        if (consents.Count > 0 && (string.IsNullOrWhiteSpace(input.ConsentMethod) || string.IsNullOrWhiteSpace(input.ConsentEvidence)))
        {
            throw new DomainException("required", "A consent needs how it was obtained and its evidence.", "consent_evidence");
        }

        var now = clock.GetUtcNow();
        var point = debtor.AddContactPoint(input.Channel, input.Value, now);
        foreach (var channel in consents)
        {
            debtor.RecordConsent(channel, ConsentPurpose.Collection, true, actor.Name, input.ConsentMethod!.Trim(), input.ConsentEvidence!.Trim(), now);
        }

        await db.SaveChangesAsync(ct);
        return point.Id;
    }
}
