using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Collection.Activities;

/// <summary>What a person enters to log an activity (gestión). Validated by <see cref="CollectionActivity.Create"/>.</summary>
public sealed record ActivityInput(
    ActivityKind Kind,
    ActivityDirection Direction,
    long? ObligationId,
    long? ContactPointId,
    ActivityOutcome? Outcome,
    DefaultCause? DefaultCause,
    bool Conversation,
    DateTimeOffset? NextActionAt,
    string? Note);

/// <summary>The contact point an activity used, as the activity needs to know it (channel and whether it may be used).</summary>
public sealed record ActivityContactPoint(long Id, ContactChannel Channel, bool DoNotContact);

/// <summary>
/// One logged collection activity (gestión de cobranza): a call, a hand-sent SMS, WhatsApp or e-mail, a visit or a note,
/// with its outcome, the cause of default, whether a conversation took place (calls: the US 7-day rule counts it) and
/// the next action instant (a callback). Append-only: a correction is a new activity.
/// </summary>
public sealed class CollectionActivity
{
    /// <summary>The longest note kept (characters).</summary>
    public const int MaxNoteLength = 2000;

    private CollectionActivity()
    {
        UserId = string.Empty;
        CreatedBy = string.Empty;
    }

    public long Id { get; private set; }

    public long DebtorId { get; private set; }

    public long? ObligationId { get; private set; }

    public ActivityKind Kind { get; private set; }

    public ActivityDirection Direction { get; private set; }

    public long? ContactPointId { get; private set; }

    public ActivityOutcome? Outcome { get; private set; }

    public DefaultCause? DefaultCause { get; private set; }

    public bool Conversation { get; private set; }

    /// <summary>When the next action is due (callback), UTC.</summary>
    public DateTimeOffset? NextActionAt { get; private set; }

    public string? Note { get; private set; }

    /// <summary>The contact attempt the compliance gate recorded for it (outbound contacts only).</summary>
    public long? ContactAttemptId { get; private set; }

    /// <summary>When the activity took place (UTC).</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>The internal id of the user who logged it (never a name); the callback is theirs.</summary>
    public string UserId { get; private set; }

    /// <summary>The actor name, as in the audit trail.</summary>
    public string CreatedBy { get; private set; }

    /// <summary>Whether the activity reaches someone on a channel, so the compliance gate must allow it first.</summary>
    public static bool IsGated(ActivityKind kind, ActivityDirection direction) => kind != ActivityKind.Note && direction == ActivityDirection.Outbound;

    /// <summary>The consent channel the gate checks for a kind (null for a note).</summary>
    public static ConsentChannel? GateChannel(ActivityKind kind) => kind switch
    {
        ActivityKind.Call => ConsentChannel.Calls,
        ActivityKind.Sms => ConsentChannel.Sms,
        ActivityKind.WhatsApp => ConsentChannel.WhatsApp,
        ActivityKind.Email => ConsentChannel.Email,
        ActivityKind.Visit => ConsentChannel.Visits,
        _ => null,
    };

    /// <summary>The contact point channels a kind may use (a visit: a postal address, optional; a note: none).</summary>
    public static IReadOnlyList<ContactChannel> ContactChannels(ActivityKind kind) => kind switch
    {
        ActivityKind.Call => [ContactChannel.Mobile, ContactChannel.Landline, ContactChannel.WhatsApp],
        ActivityKind.Sms => [ContactChannel.Mobile],
        ActivityKind.WhatsApp => [ContactChannel.WhatsApp, ContactChannel.Mobile],
        ActivityKind.Email => [ContactChannel.Email],
        ActivityKind.Visit => [ContactChannel.PostalAddress],
        _ => [],
    };

    /// <summary>Validates and creates an activity.</summary>
    /// <param name="debtorId">The debtor.</param>
    /// <param name="input">What was entered.</param>
    /// <param name="contactPoint">The contact point named by <see cref="ActivityInput.ContactPointId"/>, loaded from the debtor's own points (null when none was named or it is not the debtor's).</param>
    /// <param name="at">The instant of the activity.</param>
    /// <param name="userId">The user's internal id.</param>
    /// <param name="createdBy">The actor name.</param>
    /// <exception cref="DomainException">
    /// <c>required</c>, <c>invalid_value</c>, <c>not_found</c> (contact point), <c>wrong_channel</c>,
    /// <c>contact_point_not_allowed</c>, <c>do_not_contact</c>, <c>too_long</c>, <c>invalid_date</c>.
    /// </exception>
    public static CollectionActivity Create(long debtorId, ActivityInput input, ActivityContactPoint? contactPoint, DateTimeOffset at, string userId, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input, contactPoint, at);
        return new CollectionActivity
        {
            DebtorId = debtorId,
            ObligationId = input.ObligationId,
            Kind = input.Kind,
            Direction = input.Direction,
            ContactPointId = input.ContactPointId,
            Outcome = input.Outcome,
            DefaultCause = input.DefaultCause,
            Conversation = input.Conversation,
            NextActionAt = input.NextActionAt?.ToUniversalTime(),
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            At = at.ToUniversalTime(),
            UserId = string.IsNullOrWhiteSpace(userId) ? throw new DomainException("required", "The user is required.", "user") : userId,
            CreatedBy = createdBy ?? string.Empty,
        };
    }

    /// <summary>Links the compliance gate's recorded attempt (set once, before saving).</summary>
    public void LinkAttempt(long attemptId) => ContactAttemptId ??= attemptId;

    private static void Validate(ActivityInput input, ActivityContactPoint? contactPoint, DateTimeOffset at)
    {
        if (!Enum.IsDefined(input.Kind) || !Enum.IsDefined(input.Direction)
            || (input.Outcome is { } o && !Enum.IsDefined(o)) || (input.DefaultCause is { } c && !Enum.IsDefined(c)))
        {
            throw new DomainException("invalid_code", "Unknown kind, direction, outcome or cause.", "kind");
        }

        if (input.Note is { } note && note.Trim().Length > MaxNoteLength)
        {
            throw new DomainException("too_long", $"The note is longer than {MaxNoteLength} characters.", "note");
        }

        if (input.Kind == ActivityKind.Note)
        {
            if (input.ContactPointId is not null)
            {
                throw new DomainException("contact_point_not_allowed", "A note contacts no one: it takes no contact point.", "contact_point_id");
            }

            if (input.Outcome is not null || input.Conversation)
            {
                throw new DomainException("invalid_value", "A note has no outcome and no conversation.", "outcome");
            }

            if (string.IsNullOrWhiteSpace(input.Note))
            {
                throw new DomainException("required", "A note needs its text.", "note");
            }
        }
        else
        {
            ValidateContact(input, contactPoint);
        }

        if (input.NextActionAt is { } next && next <= at)
        {
            throw new DomainException("invalid_date", "The next action must be after the activity.", "next_action_at");
        }
    }

    private static void ValidateContact(ActivityInput input, ActivityContactPoint? contactPoint)
    {
        if (input.Outcome is null)
        {
            throw new DomainException("required", "A contact needs its outcome.", "outcome");
        }

        if (input.ContactPointId is null && input.Kind != ActivityKind.Visit)
        {
            throw new DomainException("required", "A call, SMS, WhatsApp or e-mail needs the contact point used.", "contact_point_id");
        }

        if (input.ContactPointId is not null)
        {
            if (contactPoint is null || contactPoint.Id != input.ContactPointId)
            {
                throw new DomainException("not_found", "The contact point is not one of the debtor's.", "contact_point_id");
            }

            if (!ContactChannels(input.Kind).Contains(contactPoint.Channel))
            {
                throw new DomainException("wrong_channel", $"A {EnumCodes.ToCode(input.Kind)} cannot use a {EnumCodes.ToCode(contactPoint.Channel)} contact point.", "contact_point_id");
            }

            if (contactPoint.DoNotContact && input.Direction == ActivityDirection.Outbound)
            {
                throw new DomainException("do_not_contact", "The contact point is marked do-not-contact.", "contact_point_id");
            }
        }

        if (input.Outcome == ActivityOutcome.Callback && input.NextActionAt is null)
        {
            throw new DomainException("required", "A callback needs the date and time to call back.", "next_action_at");
        }

        if (input.Outcome == ActivityOutcome.WrongNumber && input.ContactPointId is null)
        {
            throw new DomainException("required", "A wrong number names the contact point.", "contact_point_id");
        }

        if (input.Conversation && input.Kind != ActivityKind.Call)
        {
            throw new DomainException("invalid_value", "Only a call records a conversation.", "conversation");
        }

        if (input.Conversation && input.Outcome is ActivityOutcome.NoAnswer or ActivityOutcome.WrongNumber)
        {
            throw new DomainException("invalid_value", "A call without an answer or to a wrong number had no conversation.", "conversation");
        }
    }
}
