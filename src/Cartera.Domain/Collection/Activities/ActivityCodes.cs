namespace Cartera.Domain.Collection.Activities;

// Stored as snake_case text in the database, files and the API (see EnumCodes). Add members at the end only.

/// <summary>What a collection activity was: a contact on a channel, a visit, or a note that contacted no one.</summary>
public enum ActivityKind
{
    Call,
    Sms,
    WhatsApp,
    Email,
    Visit,
    Note,
}

/// <summary>Who started the contact: the lender (outbound, checked by the compliance gate) or the debtor (inbound).</summary>
public enum ActivityDirection
{
    Outbound,
    Inbound,
}

/// <summary>How a contact ended (a note has none).</summary>
public enum ActivityOutcome
{
    /// <summary>The debtor was reached (contacto directo / titular).</summary>
    RightPartyContact,

    /// <summary>Someone else answered (a relative, a colleague); nothing about the debt is disclosed.</summary>
    ThirdParty,

    NoAnswer,

    /// <summary>The number or address is not the debtor's: the contact point is marked do-not-contact.</summary>
    WrongNumber,

    /// <summary>The debtor refused to pay or to talk.</summary>
    Refused,

    /// <summary>The debtor disputes the debt.</summary>
    Dispute,

    /// <summary>The debtor promised to pay (the promise itself is recorded by Promises).</summary>
    Promise,

    /// <summary>A payment agreement was reached or requested.</summary>
    Agreement,

    /// <summary>Call back at an agreed moment: the next action instant is required.</summary>
    Callback,
}

/// <summary>Why the debtor fell behind (causa del no pago), as told by the debtor or found by the collector.</summary>
public enum DefaultCause
{
    Unemployment,
    Illness,
    OverIndebtedness,
    BusinessFailure,
    Fraud,
    Forgot,
    Disagreement,
    ReducedIncome,
    FamilyEmergency,
    NaturalDisaster,
    Other,
}

/// <summary>
/// The collection stage of a debtor by days past due (RULES §9): preventive (not past due), early (1–30), late (31–90),
/// pre-legal (91–180) and legal (more than 180). The call guide has one script per stage. Strategies (RULES §9) also
/// place debtors with an outside collection agency and written-off debts in stages of their own, which no DPD reaches
/// (<see cref="CollectionStages.ForDpd"/> never returns them).
/// </summary>
public enum CollectionStage
{
    Preventive,
    Early,
    Late,
    PreLegal,
    Legal,
    Agency,
    WrittenOff,
}

/// <summary>The stage of a number of days past due.</summary>
public static class CollectionStages
{
    /// <summary>The stages days past due reach, in order (the call guide has one script for each).</summary>
    public static IReadOnlyList<CollectionStage> ByDpd { get; } =
        [CollectionStage.Preventive, CollectionStage.Early, CollectionStage.Late, CollectionStage.PreLegal, CollectionStage.Legal];

    public static CollectionStage ForDpd(int dpd) => dpd switch
    {
        <= 0 => CollectionStage.Preventive,
        <= 30 => CollectionStage.Early,
        <= 90 => CollectionStage.Late,
        <= 180 => CollectionStage.PreLegal,
        _ => CollectionStage.Legal,
    };
}
