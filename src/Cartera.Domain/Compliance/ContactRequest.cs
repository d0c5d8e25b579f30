using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Compliance;

/// <summary>How a prior contact attempt ended. <c>Blocked</c> attempts never reached a channel and count for nothing.</summary>
public enum ContactOutcome
{
    /// <summary>The attempt reached a channel (a call placed, a message sent) without a conversation.</summary>
    Attempt,

    /// <summary>A conversation took place (for calls: a telephone conversation with the debtor).</summary>
    Conversation,

    /// <summary>The gate blocked it; kept in the history for audit, ignored by every rule.</summary>
    Blocked,
}

/// <summary>Who makes a contact attempt.</summary>
public enum ActorKind
{
    Collector,
    Strategy,
    Agency,
    System,
}

/// <summary>Who the attempt addresses. Guarantors and joint obligors are obligors, not third parties.</summary>
public enum ContactTarget
{
    Debtor,
    CoObligor,
    Guarantor,
    ThirdParty,
}

/// <summary>The person, strategy or agency behind an attempt: kind plus an internal id (never a name).</summary>
public sealed record ContactActor(ActorKind Kind, string Id)
{
    public override string ToString() => $"{EnumCodes.ToCode(Kind)}:{Id}";
}

/// <summary>A contact attempt already made to the debtor, by anyone, on any channel.</summary>
public readonly record struct PriorContact(ConsentChannel Channel, DateTimeOffset At, ContactOutcome Outcome, ContactActor? Actor = null);

/// <summary>Hours the debtor agreed in a separate signed document; they replace the rule set's windows (not its day rules).</summary>
public sealed record AgreedContactHours(string DocumentReference, WeeklyWindows Windows);

/// <summary>
/// What the gate needs to know about a debtor: jurisdiction, IANA zone, authorized channels and per-debtor overrides.
/// Built by the application from the debtor, their consents and flags.
/// </summary>
public sealed record DebtorComplianceProfile
{
    /// <summary>ISO 3166-1 alpha-2 country whose rule set applies.</summary>
    public required string Jurisdiction { get; init; }

    /// <summary>IANA time zone of the debtor (from the region: Mexico and the US have several).</summary>
    public required string TimeZone { get; init; }

    /// <summary>Channels the debtor authorized for the purpose at hand.</summary>
    public ChannelSet AuthorizedChannels { get; init; }

    /// <summary>Channels the debtor objected to or opted out of; blocked even where consent is not required.</summary>
    public ChannelSet OptedOutChannels { get; init; }

    public AgreedContactHours? AgreedHours { get; init; }

    public bool DoNotContact { get; init; }

    public bool DisputeHold { get; init; }

    /// <summary>Insolvency proceedings (Colombia: Ley 1564 de 2012) — collection stops.</summary>
    public bool InsolvencyProceedings { get; init; }

    public bool Deceased { get; init; }
}

/// <summary>
/// One contact attempt to check: who is contacted, on which channel, for what, when, by whom, and every prior attempt
/// of the debtor across channels, collectors, strategies and agencies (attempts after <see cref="At"/> are ignored).
/// </summary>
public sealed record ContactRequest
{
    public required DebtorComplianceProfile Debtor { get; init; }

    public required ConsentChannel Channel { get; init; }

    public ConsentPurpose Purpose { get; init; } = ConsentPurpose.Collection;

    /// <summary>The instant of the attempt, with any offset (letters: the dispatch instant).</summary>
    public required DateTimeOffset At { get; init; }

    public required ContactActor Actor { get; init; }

    public ContactTarget Target { get; init; } = ContactTarget.Debtor;

    public IReadOnlyList<PriorContact> Prior { get; init; } = [];
}
