using Cartera.Application.Data;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Compliance;

/// <summary>
/// Builds the gate's <see cref="DebtorComplianceProfile"/> from a stored debtor:
/// <list type="bullet">
/// <item>jurisdiction = <see cref="Debtor.Country"/>, time zone = <see cref="Debtor.TimeZone"/>;</item>
/// <item>authorized channels = those whose current consent (<see cref="Debtor.CurrentConsent"/>) for the purpose is granted;</item>
/// <item>opted-out channels = the override's opt-outs plus every channel whose current consent for the purpose is a
/// withdrawal (an objection is honoured at once, also where consent is not required: ES, US);</item>
/// <item>agreed hours (with their document), do-not-contact, dispute hold, insolvency and deceased from the override.</item>
/// </list>
/// </summary>
public static class ComplianceProfiles
{
    private static readonly ConsentChannel[] Channels = Enum.GetValues<ConsentChannel>();

    public static DebtorComplianceProfile For(Debtor debtor, DebtorComplianceOverride? overrides, ConsentPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(debtor);
        var authorized = ChannelSet.None;
        var optedOut = overrides is null ? ChannelSet.None : ChannelSet.Parse(overrides.OptedOutChannels);
        foreach (var channel in Channels)
        {
            var consent = debtor.CurrentConsent(channel, purpose);
            if (consent is null)
            {
                continue;
            }

            if (consent.Granted)
            {
                authorized = authorized.With(channel);
            }
            else
            {
                optedOut = optedOut.With(channel);
            }
        }

        return new DebtorComplianceProfile
        {
            Jurisdiction = debtor.Country,
            TimeZone = debtor.TimeZone,
            AuthorizedChannels = authorized,
            OptedOutChannels = optedOut,
            AgreedHours = overrides?.AgreedHours is { Length: > 0 } hours && overrides.AgreedHoursDocument is { Length: > 0 } document
                ? new AgreedContactHours(document, WindowsText.Parse(hours, "agreed_hours"))
                : null,
            DoNotContact = overrides?.DoNotContact ?? false,
            DisputeHold = overrides?.DisputeHold ?? false,
            InsolvencyProceedings = overrides?.InsolvencyProceedings ?? false,
            Deceased = overrides?.Deceased ?? false,
        };
    }

    /// <summary>The profile of a stored debtor, or null when there is no such debtor.</summary>
    public static async Task<DebtorComplianceProfile?> LoadAsync(CarteraDbContext db, long debtorId, ConsentPurpose purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var debtor = await db.Debtors.AsNoTracking().Include(d => d.Consents).SingleOrDefaultAsync(d => d.Id == debtorId, cancellationToken);
        if (debtor is null)
        {
            return null;
        }

        var overrides = await db.DebtorComplianceOverrides.AsNoTracking().SingleOrDefaultAsync(o => o.DebtorId == debtorId, cancellationToken);
        return For(debtor, overrides, purpose);
    }

    /// <summary>
    /// What the profiles of many stored debtors are built from (<see cref="ComplianceSources.For"/>), in two queries
    /// whatever their number: the debtors with their consents and their overrides. Unknown ids are left out.
    /// </summary>
    public static async Task<ComplianceSources> LoadManyAsync(CarteraDbContext db, IReadOnlyCollection<long> debtorIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(debtorIds);
        var ids = debtorIds.Distinct().ToList();
        var debtors = await db.Debtors.AsNoTracking().Include(d => d.Consents).Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var overrides = await db.DebtorComplianceOverrides.AsNoTracking().Where(o => ids.Contains(o.DebtorId)).ToDictionaryAsync(o => o.DebtorId, cancellationToken);
        return new ComplianceSources(debtors, overrides);
    }
}

/// <summary>Debtors with their consents and overrides, loaded once for many profiles (<see cref="ComplianceProfiles.LoadManyAsync"/>).</summary>
public sealed class ComplianceSources(IReadOnlyDictionary<long, Debtor> debtors, IReadOnlyDictionary<long, DebtorComplianceOverride> overrides)
{
    private readonly Dictionary<(long, ConsentPurpose), DebtorComplianceProfile> _profiles = [];

    /// <summary>The debtor's profile for <paramref name="purpose"/>, or null when the debtor was not loaded (it does not exist).</summary>
    public DebtorComplianceProfile? For(long debtorId, ConsentPurpose purpose)
    {
        if (_profiles.TryGetValue((debtorId, purpose), out var profile))
        {
            return profile;
        }

        if (!debtors.TryGetValue(debtorId, out var debtor))
        {
            return null;
        }

        profile = ComplianceProfiles.For(debtor, overrides.GetValueOrDefault(debtorId), purpose);
        _profiles[(debtorId, purpose)] = profile;
        return profile;
    }
}
