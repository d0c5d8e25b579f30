using Cartera.Application.Data;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Portfolio;

/// <summary>A debtor's obligation with its schedule (installments by number, read-only).</summary>
public sealed record ObligationWithSchedule(
    long Id,
    string ExternalId,
    string Product,
    ObligationKind Kind,
    ObligationStatus Status,
    string CurrencyCode,
    long PrincipalMinor,
    DateOnly IssueDate,
    IReadOnlyList<Installment> Schedule);

/// <summary>A postal-address contact point with its debtor's name, language and city (letters).</summary>
public sealed record PostalAddressee(long ContactPointId, long DebtorId, string FullName, string Language, string Address, string? City);

/// <summary>Who a debtor is, for messages and headings: name, country, preferred language (ISO 639-1) and IANA time zone.</summary>
public sealed record DebtorIdentity(long Id, string ExternalId, string FullName, string Country, string Language, string TimeZone);

/// <summary>A co-debtor or guarantor of one of the debtor's obligations.</summary>
public sealed record ObligationPartyView(long ObligationId, string ObligationExternalId, long DebtorId, string ExternalId, string FullName, ObligationRole Role);

/// <summary>A collateral of one of the debtor's obligations (amounts in minor units).</summary>
public sealed record CollateralView(
    long Id,
    long ObligationId,
    string ObligationExternalId,
    CollateralType Type,
    string? Description,
    long AppraisedValueMinor,
    string CurrencyCode,
    DateOnly? AppraisalDate,
    DateOnly? NextVerificationDate);

/// <summary>An insurance policy of one of the debtor's obligations (amounts in minor units).</summary>
public sealed record InsuranceView(
    long Id,
    long ObligationId,
    string ObligationExternalId,
    string Insurer,
    string PolicyNumber,
    InsuranceType Type,
    long InsuredValueMinor,
    string CurrencyCode,
    DateOnly StartDate,
    DateOnly ExpiryDate,
    RenewalStatus RenewalStatus);

/// <summary>
/// Portfolio's public read model of one debtor for other features (the debtor 360 of Collection): obligations with
/// their schedules, co-debtors and guarantors, collateral and insurance. One query per part, whatever the number of
/// obligations (no query per obligation).
/// </summary>
public sealed class DebtorPortfolio(CarteraDbContext db)
{
    /// <summary>The debtor's identity, or null when no debtor has <paramref name="debtorId"/>.</summary>
    public Task<DebtorIdentity?> IdentityAsync(long debtorId, CancellationToken ct = default) =>
        db.Debtors.AsNoTracking().Where(d => d.Id == debtorId)
            .Select(d => new DebtorIdentity(d.Id, d.ExternalId, d.FullName, d.Country, d.Language, d.TimeZone))
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// Who and where letters go: for each postal-address contact point of <paramref name="contactPointIds"/>, the
    /// debtor's name, language and city (other channels' points and unknown ids are left out). One query.
    /// </summary>
    public async Task<IReadOnlyList<PostalAddressee>> PostalAddresseesAsync(IReadOnlyCollection<long> contactPointIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(contactPointIds);
        if (contactPointIds.Count == 0)
        {
            return [];
        }

        return await db.ContactPoints.AsNoTracking()
            .Where(c => contactPointIds.Contains(c.Id) && c.Channel == ContactChannel.PostalAddress)
            .Join(db.Debtors.AsNoTracking(), c => c.DebtorId, d => d.Id, (c, d) => new PostalAddressee(c.Id, d.Id, d.FullName, d.Language, c.Value, d.City))
            .ToListAsync(ct);
    }

    /// <summary>The debtor's obligations (as holder) by external id, each with its installments by number.</summary>
    public async Task<IReadOnlyList<ObligationWithSchedule>> ObligationsAsync(long debtorId, CancellationToken ct = default) =>
        (await ObligationsOfAsync([debtorId], _ => true, ct)).Select(o => o.Obligation).ToList();

    /// <summary>The identities of <paramref name="debtorIds"/> that exist. One query.</summary>
    public async Task<IReadOnlyList<DebtorIdentity>> IdentitiesAsync(IReadOnlyCollection<long> debtorIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(debtorIds);
        var ids = debtorIds.Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Debtors.AsNoTracking().Where(d => ids.Contains(d.Id))
            .Select(d => new DebtorIdentity(d.Id, d.ExternalId, d.FullName, d.Country, d.Language, d.TimeZone))
            .ToListAsync(ct);
    }

    /// <summary>
    /// <see cref="ObligationsAsync"/> for many debtors: each one's obligations (as holder) by external id, in two
    /// queries; the schedules of those <paramref name="withSchedule"/> picks (id, debtor), the others' left empty.
    /// </summary>
    public async Task<IReadOnlyList<(long DebtorId, ObligationWithSchedule Obligation)>> ObligationsOfAsync(IReadOnlyCollection<long> debtorIds, Func<(long Id, long DebtorId), bool> withSchedule, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(withSchedule);
        ArgumentNullException.ThrowIfNull(debtorIds);
        var debtors = debtorIds.Distinct().ToList();
        if (debtors.Count == 0)
        {
            return [];
        }

        var obligations = await db.Obligations.AsNoTracking().Where(o => debtors.Contains(o.DebtorId))
            .Select(o => new { o.Id, o.DebtorId, o.ExternalId, o.Product, o.Kind, o.Status, o.CurrencyCode, o.PrincipalMinor, o.IssueDate })
            .ToListAsync(ct);
        var ids = obligations.Where(o => withSchedule((o.Id, o.DebtorId))).Select(o => o.Id).ToList();
        var schedule = ids.Count == 0
            ? []
            : await db.Installments.AsNoTracking().Where(i => ids.Contains(i.ObligationId)).OrderBy(i => i.ObligationId).ThenBy(i => i.Number).ToListAsync(ct);
        var byObligation = schedule.ToLookup(i => i.ObligationId);
        return obligations.OrderBy(o => o.DebtorId).ThenBy(o => o.ExternalId, StringComparer.Ordinal)
            .Select(o => (o.DebtorId, new ObligationWithSchedule(o.Id, o.ExternalId, o.Product, o.Kind, o.Status, o.CurrencyCode, o.PrincipalMinor, o.IssueDate, [.. byObligation[o.Id]])))
            .ToList();
    }

    /// <summary>The co-debtors and guarantors of the given obligations, by obligation and role.</summary>
    public Task<IReadOnlyList<ObligationPartyView>> PartiesAsync(IReadOnlyCollection<long> obligationIds, CancellationToken ct = default) =>
        OfObligationsAsync(
            obligationIds,
            ids => from p in db.ObligationParties.AsNoTracking()
                   join o in db.Obligations on p.ObligationId equals o.Id
                   join d in db.Debtors on p.DebtorId equals d.Id
                   where ids.Contains(p.ObligationId) && p.Role != ObligationRole.Holder
                   select new ObligationPartyView(p.ObligationId, o.ExternalId, d.Id, d.ExternalId, d.FullName, p.Role),
            rows => rows.OrderBy(r => r.ObligationExternalId, StringComparer.Ordinal).ThenBy(r => r.Role).ThenBy(r => r.FullName, StringComparer.Ordinal),
            ct);

    /// <summary>The collateral of the given obligations, next verification first.</summary>
    public Task<IReadOnlyList<CollateralView>> CollateralAsync(IReadOnlyCollection<long> obligationIds, CancellationToken ct = default) =>
        OfObligationsAsync(
            obligationIds,
            ids => from c in db.Collaterals.AsNoTracking()
                   join o in db.Obligations on c.ObligationId equals o.Id
                   where ids.Contains(c.ObligationId)
                   select new CollateralView(c.Id, c.ObligationId, o.ExternalId, c.Type, c.Description, c.AppraisedValueMinor, c.CurrencyCode, c.AppraisalDate, c.NextVerificationDate),
            rows => rows.OrderBy(r => r.NextVerificationDate ?? DateOnly.MaxValue).ThenBy(r => r.Id),
            ct);

    /// <summary>The insurance policies of the given obligations, earliest expiry first.</summary>
    public Task<IReadOnlyList<InsuranceView>> InsuranceAsync(IReadOnlyCollection<long> obligationIds, CancellationToken ct = default) =>
        OfObligationsAsync(
            obligationIds,
            ids => from p in db.InsurancePolicies.AsNoTracking()
                   join o in db.Obligations on p.ObligationId equals o.Id
                   where ids.Contains(p.ObligationId)
                   select new InsuranceView(p.Id, p.ObligationId, o.ExternalId, p.Insurer, p.PolicyNumber, p.Type, p.InsuredValueMinor, p.CurrencyCode, p.StartDate, p.ExpiryDate, p.RenewalStatus),
            rows => rows.OrderBy(r => r.ExpiryDate).ThenBy(r => r.Id),
            ct);

    /// <summary>
    /// The rows of <paramref name="query"/> for the given obligations (no query at all for none) in the order of
    /// <paramref name="order"/>, applied in memory so that it is the same on every provider.
    /// </summary>
    private static async Task<IReadOnlyList<T>> OfObligationsAsync<T>(
        IReadOnlyCollection<long> obligationIds, Func<IReadOnlyCollection<long>, IQueryable<T>> query, Func<IEnumerable<T>, IOrderedEnumerable<T>> order, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(obligationIds);
        return obligationIds.Count == 0 ? [] : [.. order(await query(obligationIds).ToListAsync(ct))];
    }
}
