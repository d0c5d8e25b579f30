using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Scoring;

/// <summary>An action left out of the ranking and every reason why (codes, in a fixed order).</summary>
public sealed record ExcludedActionCodes(string Code, IReadOnlyList<string> Reasons);

/// <summary>The ranked actions the debtor can lawfully receive now, and those left out with their reasons.</summary>
public sealed record ActionChoice(IReadOnlyList<RankedAction> Allowed, IReadOnlyList<ExcludedActionCodes> Excluded);

/// <summary>
/// What a debtor can lawfully receive, as far as it does not depend on the hour: per channel, the permanent reasons the
/// compliance gate gives (consent, opt-out, do-not-contact, holds, deceased, unknown zone or rule set) and whether a
/// usable contact point exists; and the debtor's holds. Built by the application from the stored debtor.
/// </summary>
public sealed record DebtorReachability(IReadOnlyDictionary<ConsentChannel, IReadOnlyList<string>> ChannelReasons, IReadOnlyList<string> HoldReasons);

/// <summary>
/// Best next action, lawful only (docs/scoring.md): an action that contacts the debtor through a channel is recommended
/// only when that channel is lawful for the debtor now (consent where required, no opt-out, no do-not-contact, hold or
/// death) and a contact point for it exists that is not marked do-not-contact. <c>none</c> is always possible; an
/// agreement offer needs no hold and at least one lawful channel to make it; a legal demand is not filed during a
/// dispute, insolvency proceedings or after death. An action code Cartera cannot map to a channel is left out
/// (<c>unknown_action</c>): fail closed. Hours, holidays and frequency limits are not reasons here — the gate checks
/// them at the moment of each contact. Pure.
/// </summary>
public static class ActionEligibility
{
    public const string NoContactPoint = "no_contact_point";
    public const string ContactPointDoNotContact = "contact_point_do_not_contact";
    public const string NoLawfulChannel = "no_lawful_channel";
    public const string UnknownAction = "unknown_action";

    /// <summary>The holds (as gate reason codes) that stop agreements and legal action as well as contact.</summary>
    public static readonly IReadOnlyList<string> Holds = ["do_not_contact", "dispute_hold", "insolvency_hold", "deceased"];

    /// <summary>The channel an action code contacts the debtor through; null for <c>none</c>, agreements, legal and unknown codes.</summary>
    public static ConsentChannel? ChannelOf(string code) => code switch
    {
        "sms" => ConsentChannel.Sms,
        "email" => ConsentChannel.Email,
        "whatsapp" => ConsentChannel.WhatsApp,
        "call" => ConsentChannel.Calls,
        "letter" => ConsentChannel.Letters,
        "visit" => ConsentChannel.Visits,
        _ => null,
    };

    /// <summary>The kinds of contact point that can carry a channel (letters and visits: a postal address).</summary>
    public static IReadOnlyList<ContactChannel> PointsFor(ConsentChannel channel) => channel switch
    {
        ConsentChannel.Sms => [ContactChannel.Mobile],
        ConsentChannel.Email => [ContactChannel.Email],
        ConsentChannel.WhatsApp => [ContactChannel.WhatsApp],
        ConsentChannel.Calls => [ContactChannel.Mobile, ContactChannel.Landline],
        ConsentChannel.Letters or ConsentChannel.Visits => [ContactChannel.PostalAddress],
        _ => [],
    };

    /// <summary>
    /// The contact-point reason for a channel: none when a point of a suitable kind is not marked do-not-contact
    /// (<paramref name="hasAddress"/> counts as a postal address), <c>no_contact_point</c> when there is no point of a
    /// suitable kind, <c>contact_point_do_not_contact</c> when every such point is marked do-not-contact.
    /// </summary>
    public static string? ContactPointReason(ConsentChannel channel, IEnumerable<(ContactChannel Kind, bool DoNotContact)> points, bool hasAddress)
    {
        ArgumentNullException.ThrowIfNull(points);
        var kinds = PointsFor(channel);
        if (kinds.Contains(ContactChannel.PostalAddress) && hasAddress)
        {
            return null;
        }

        var any = false;
        foreach (var (kind, doNotContact) in points)
        {
            if (!kinds.Contains(kind))
            {
                continue;
            }

            if (!doNotContact)
            {
                return null;
            }

            any = true;
        }

        return any ? ContactPointDoNotContact : NoContactPoint;
    }

    /// <summary>Splits a ranking into the actions the debtor can lawfully receive (order kept) and those left out.</summary>
    public static ActionChoice Filter(IReadOnlyList<RankedAction> ranked, DebtorReachability reach)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(reach);
        var allowed = new List<RankedAction>();
        var excluded = new List<ExcludedActionCodes>();
        foreach (var action in ranked)
        {
            var reasons = ReasonsFor(action.Code, reach);
            if (reasons.Count == 0)
            {
                allowed.Add(action);
            }
            else
            {
                excluded.Add(new ExcludedActionCodes(action.Code, reasons));
            }
        }

        return new ActionChoice(allowed, excluded);
    }

    private static List<string> ReasonsFor(string code, DebtorReachability reach)
    {
        if (code == "none")
        {
            return [];
        }

        if (ChannelOf(code) is { } channel)
        {
            return reach.ChannelReasons.TryGetValue(channel, out var reasons) ? reasons.ToList() : [UnknownAction];
        }

        switch (code)
        {
            case "agreement":
                var holds = reach.HoldReasons.Where(h => Holds.Contains(h)).ToList();
                if (holds.Count > 0)
                {
                    return holds;
                }

                return reach.ChannelReasons.Values.Any(r => r.Count == 0) ? [] : [NoLawfulChannel];
            case "legal":
                return reach.HoldReasons.Where(h => h is "dispute_hold" or "insolvency_hold" or "deceased").ToList();
            default:
                return [UnknownAction];
        }
    }
}
