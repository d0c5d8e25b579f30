using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;
using Cartera.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Scoring.Portfolio;

/// <summary>Why an action was left out: the reason code with its Spanish and English label.</summary>
public sealed record ExclusionReason(string Code, string Es, string En)
{
    public string Text(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Es;
}

/// <summary>A best-next-action candidate the debtor cannot lawfully receive now, with every reason.</summary>
public sealed record ExcludedAction(string Code, IReadOnlyList<ExclusionReason> Reasons);

/// <summary>
/// Reads what the stored debtor can lawfully receive (<see cref="DebtorReachability"/>): for each channel, the
/// compliance gate's permanent reasons at <c>now</c> over the stored rule sets, consents and overrides (the hour and the
/// frequency limits are left to the gate at contact time), and whether the debtor has a usable contact point for it.
/// </summary>
public static class ActionReachability
{
    private static readonly HashSet<ComplianceReason> Permanent =
    [
        ComplianceReason.UnauthorizedChannel, ComplianceReason.DoNotContact, ComplianceReason.DisputeHold, ComplianceReason.InsolvencyHold,
        ComplianceReason.Deceased, ComplianceReason.ThirdParty, ComplianceReason.UnknownTimeZone, ComplianceReason.NoRuleSet, ComplianceReason.UnknownChannel,
    ];

    private static readonly Dictionary<string, (string Es, string En)> Labels = new(StringComparer.Ordinal)
    {
        ["unauthorized_channel"] = ("El deudor no autorizó este canal o se opuso a él", "The debtor has not authorized this channel or opted out of it"),
        ["do_not_contact"] = ("El deudor no debe ser contactado", "The debtor must not be contacted"),
        ["dispute_hold"] = ("Deuda en reclamo: la cobranza está suspendida", "The debt is disputed: collection is on hold"),
        ["insolvency_hold"] = ("Deudor en proceso de insolvencia: la cobranza se detiene", "The debtor is in insolvency proceedings: collection stops"),
        ["deceased"] = ("El deudor falleció", "The debtor is deceased"),
        ["third_party"] = ("El contacto sería con un tercero", "The contact would reach a third party"),
        ["unknown_time_zone"] = ("Se desconoce la zona horaria del deudor", "The debtor's time zone is unknown"),
        ["no_rule_set"] = ("No hay reglas de contacto para la jurisdicción del deudor", "There are no contact rules for the debtor's jurisdiction"),
        ["unknown_channel"] = ("Canal desconocido", "Unknown channel"),
        [ActionEligibility.NoContactPoint] = ("No hay un dato de contacto para este canal", "There is no contact point for this channel"),
        [ActionEligibility.ContactPointDoNotContact] = ("Los datos de contacto de este canal están marcados como no contactar", "This channel's contact points are marked do-not-contact"),
        [ActionEligibility.NoLawfulChannel] = ("No hay un canal permitido para hacer la oferta", "No lawful channel to make the offer through"),
        [ActionEligibility.UnknownAction] = ("Acción sin canal conocido", "Action without a known channel"),
    };

    /// <summary>The label of a reason code (the code itself when Cartera has no label for it).</summary>
    public static ExclusionReason Label(string code) =>
        Labels.TryGetValue(code, out var label) ? new ExclusionReason(code, label.Es, label.En) : new ExclusionReason(code, code, code);

    /// <summary>What the debtor can lawfully receive at <paramref name="now"/>; every channel unreachable when the debtor does not exist.</summary>
    public static async Task<DebtorReachability> LoadAsync(CarteraDbContext db, ComplianceGate gate, long debtorId, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(gate);
        var channels = Enum.GetValues<ConsentChannel>();
        var debtor = await db.Debtors.AsNoTracking().AsSplitQuery().Include(d => d.Consents).Include(d => d.ContactPoints).SingleOrDefaultAsync(d => d.Id == debtorId, ct);
        if (debtor is null)
        {
            return new DebtorReachability(channels.ToDictionary(c => c, _ => (IReadOnlyList<string>)[ActionEligibility.NoContactPoint]), []);
        }

        var overrides = await db.DebtorComplianceOverrides.AsNoTracking().SingleOrDefaultAsync(o => o.DebtorId == debtorId, ct);
        var profile = ComplianceProfiles.For(debtor, overrides, ConsentPurpose.Collection);
        var points = debtor.ContactPoints.Select(p => (p.Channel, p.DoNotContact)).ToList();
        var hasAddress = !string.IsNullOrWhiteSpace(debtor.Address);
        var actor = new ContactActor(ActorKind.System, "best-next-action");
        var byChannel = new Dictionary<ConsentChannel, IReadOnlyList<string>>();
        foreach (var channel in channels)
        {
            var decision = gate.Check(new ContactRequest { Debtor = profile, Channel = channel, At = now, Actor = actor });
            var reasons = decision.Reasons.Where(Permanent.Contains).Select(ComplianceCodes.ToCode).ToList();
            if (ActionEligibility.ContactPointReason(channel, points, hasAddress) is { } pointReason)
            {
                reasons.Add(pointReason);
            }

            byChannel[channel] = reasons;
        }

        var holds = new List<string>();
        if (profile.DoNotContact)
        {
            holds.Add("do_not_contact");
        }

        if (profile.DisputeHold)
        {
            holds.Add("dispute_hold");
        }

        if (profile.InsolvencyProceedings)
        {
            holds.Add("insolvency_hold");
        }

        if (profile.Deceased)
        {
            holds.Add("deceased");
        }

        return new DebtorReachability(byChannel, holds);
    }
}
