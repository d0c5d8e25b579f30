using Cartera.Domain.Common;
using Cartera.Domain.Compliance.Calendars;

namespace Cartera.Domain.Disputes;

/// <summary>Why the debtor disputes (codes <c>not_mine</c>, <c>wrong_amount</c>, <c>already_paid</c>, <c>fraud</c>, <c>service</c>).</summary>
public enum DisputeReason
{
    NotMine,
    WrongAmount,
    AlreadyPaid,
    Fraud,
    Service,
}

/// <summary>A dispute is <c>open</c> until it is answered <c>upheld</c> or <c>rejected</c>.</summary>
public enum DisputeStatus
{
    Open,
    Upheld,
    Rejected,
}

/// <summary>What an upheld dispute does (<c>adjustment</c>, <c>cancellation</c>, <c>bureau_correction</c>).</summary>
public enum DisputeAction
{
    Adjustment,
    Cancellation,
    BureauCorrection,
}

/// <summary>What a person enters to open a dispute. Validated by <see cref="Dispute.Open"/>.</summary>
public sealed record DisputeInput(
    long DebtorId,
    long? ObligationId,
    DisputeReason Reason,
    string Description,
    IReadOnlyList<string> Evidence,
    DateOnly ReceivedOn);

/// <summary>
/// The legal answer deadline of a dispute (Colombia, Ley 1266 de 2008 art. 16: the petition or claim is answered within
/// 15 business days). Our convention: the day the dispute was received is not counted; counting starts on the next
/// business day; a business day is Monday to Friday and not a public holiday of the calendar given (Saturdays, Sundays
/// and holidays do not count); the deadline is the 15th business day, and the answer is on time through the end of it.
/// </summary>
public static class DisputeDeadline
{
    /// <summary>Business days to answer (Ley 1266 de 2008, art. 16).</summary>
    public const int BusinessDays = 15;

    public static DateOnly For(DateOnly receivedOn, IHolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var day = receivedOn;
        var counted = 0;
        while (counted < BusinessDays)
        {
            day = day.AddDays(1);
            if (IsBusinessDay(day, calendar))
            {
                counted++;
            }
        }

        return day;
    }

    public static bool IsBusinessDay(DateOnly day, IHolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !calendar.IsHoliday(day);
    }
}

/// <summary>
/// A dispute case (reclamo): the debtor, optionally one of their obligations, the reason, the description, the
/// references of the evidence, when it was received and the legal answer deadline (<see cref="DisputeDeadline"/>); it
/// is <c>open</c> until resolved <c>upheld</c> (with what that does, <see cref="DisputeAction"/>) or <c>rejected</c>, with
/// the resolution note, who resolved it and on which date. A resolved dispute does not change again.
/// </summary>
public sealed class Dispute
{
    public const int MaxDescriptionLength = 2000;
    public const int MaxNoteLength = 2000;
    public const int MaxEvidenceLength = 200;
    public const int MaxEvidenceItems = 20;

    private Dispute()
    {
        Description = string.Empty;
        EvidenceReferences = string.Empty;
        OpenedBy = string.Empty;
    }

    public long Id { get; private set; }

    public long DebtorId { get; private set; }

    public long? ObligationId { get; private set; }

    public DisputeReason Reason { get; private set; }

    public string Description { get; private set; }

    /// <summary>The evidence references, one per line (stored as one text).</summary>
    public string EvidenceReferences { get; private set; }

    public IReadOnlyList<string> Evidence => EvidenceReferences.Length == 0 ? [] : EvidenceReferences.Split('\n');

    /// <summary>The date the dispute was received (day zero of the deadline).</summary>
    public DateOnly ReceivedOn { get; private set; }

    /// <summary>The last day of the legal answer term.</summary>
    public DateOnly AnswerDeadline { get; private set; }

    public DisputeStatus Status { get; private set; }

    public DisputeAction? Action { get; private set; }

    public string? ResolutionNote { get; private set; }

    public string? ResolvedBy { get; private set; }

    public DateOnly? ResolvedOn { get; private set; }

    public string OpenedBy { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public uint Version { get; private set; }

    /// <summary>Open and unanswered after its deadline on <paramref name="today"/>.</summary>
    public bool IsOverdue(DateOnly today) => Status == DisputeStatus.Open && today > AnswerDeadline;

    /// <exception cref="DomainException"><c>required</c> (description), <c>too_long</c>, <c>too_many</c> (evidence), <c>date_in_future</c> (received on).</exception>
    public static Dispute Open(DisputeInput input, IHolidayCalendar calendar, DateOnly today, string openedBy, DateTimeOffset openedAt)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(calendar);
        var description = Text(input.Description, MaxDescriptionLength, "description")
            ?? throw new DomainException("required", "The dispute needs a description.", "description");
        var evidence = (input.Evidence ?? []).Select(e => e?.Replace('\n', ' ').Replace('\r', ' ').Trim() ?? string.Empty).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (evidence.Count > MaxEvidenceItems)
        {
            throw new DomainException("too_many", $"At most {MaxEvidenceItems} evidence references.", "evidence");
        }

        if (evidence.Any(e => e.Length > MaxEvidenceLength))
        {
            throw new DomainException("too_long", $"An evidence reference has at most {MaxEvidenceLength} characters.", "evidence");
        }

        if (input.ReceivedOn > today)
        {
            throw new DomainException("date_in_future", "A dispute cannot be received after today.", "received_on");
        }

        if (!Enum.IsDefined(input.Reason))
        {
            throw new DomainException("invalid_code", "Unknown dispute reason.", "reason");
        }

        return new Dispute
        {
            DebtorId = input.DebtorId,
            ObligationId = input.ObligationId,
            Reason = input.Reason,
            Description = description,
            EvidenceReferences = string.Join('\n', evidence),
            ReceivedOn = input.ReceivedOn,
            AnswerDeadline = DisputeDeadline.For(input.ReceivedOn, calendar),
            Status = DisputeStatus.Open,
            OpenedBy = openedBy,
            OpenedAt = openedAt,
        };
    }

    /// <summary>Answers the dispute. Upheld needs the action it leads to; rejected takes none (collection resumes).</summary>
    /// <exception cref="DomainException"><c>not_open</c>, <c>required</c> (note, action), <c>not_allowed</c> (action on a rejection), <c>obligation_required</c> (bureau correction without obligation), <c>date_before_received</c>.</exception>
    public void Resolve(DisputeStatus outcome, DisputeAction? action, string note, string resolvedBy, DateOnly on)
    {
        if (Status != DisputeStatus.Open)
        {
            throw new DomainException("not_open", "The dispute was already resolved.", "status");
        }

        if (outcome == DisputeStatus.Open || !Enum.IsDefined(outcome))
        {
            throw new DomainException("invalid_code", "The outcome is upheld or rejected.", "outcome");
        }

        var text = Text(note, MaxNoteLength, "note") ?? throw new DomainException("required", "The resolution needs a note.", "note");
        if (outcome == DisputeStatus.Upheld && action is null)
        {
            throw new DomainException("required", "An upheld dispute needs its action: adjustment, cancellation or bureau_correction.", "action");
        }

        if (outcome == DisputeStatus.Rejected && action is not null)
        {
            throw new DomainException("not_allowed", "A rejected dispute takes no action: collection resumes.", "action");
        }

        if (action is { } a && a != DisputeAction.Adjustment && a != DisputeAction.Cancellation && a != DisputeAction.BureauCorrection)
        {
            throw new DomainException("invalid_code", "Unknown action.", "action");
        }

        if (action is not null && ObligationId is null)
        {
            throw new DomainException("obligation_required", "An adjustment, cancellation or bureau correction applies to an obligation: the dispute names none.", "action");
        }

        if (on < ReceivedOn)
        {
            throw new DomainException("date_before_received", "A dispute cannot be resolved before it was received.", "resolved_on");
        }

        Status = outcome;
        Action = action;
        ResolutionNote = text;
        ResolvedBy = resolvedBy;
        ResolvedOn = on;
    }

    private static string? Text(string? text, int max, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        return trimmed.Length > max ? throw new DomainException("too_long", $"At most {max} characters.", field) : trimmed;
    }
}
