using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Strategies;

/// <summary>What a step's day offset counts from: an installment's due date, the day the debtor entered the stage, or
/// (<see cref="DayOfMonth"/>) nothing: the offset is the day of the month the step runs on (maintenance messages).</summary>
public enum StepAnchor
{
    DueDate,
    StageEntry,
    DayOfMonth,
}

// Stored as snake_case text in strategy files (see EnumCodes). Add members at the end only.

/// <summary>The collection actions of RULES §9 a step can take (seeds 000, 002, 004).</summary>
public enum StrategyAction
{
    /// <summary>Reminder with the exact due date and installment value (D−5, D−1, D0 by default).</summary>
    Reminder,

    /// <summary>Any other message: a collection notice, a maintenance message to a current client.</summary>
    Message,

    FriendlyLetter,

    /// <summary>A call: becomes a queue task.</summary>
    Call,

    /// <summary>An in-person appointment (for high balances).</summary>
    Appointment,

    /// <summary>A field visit: becomes a queue task.</summary>
    Visit,

    /// <summary>Prior notice before reporting to the credit bureaus.</summary>
    BureauNotice,

    /// <summary>Certified notice (burofax).</summary>
    CertifiedNotice,

    AgreementOffer,

    DiscountOffer,

    AgencyAssignment,

    LegalAction,
}

/// <summary>A champion/challenger variant: its code and its share of the segment in whole percent.</summary>
public sealed record StrategyVariant(string Code, int Share);

/// <summary>
/// One dated step: on <see cref="OffsetDays"/> days from its <see cref="Anchor"/> (negative is before), in
/// <see cref="Stage"/>, take <see cref="Action"/> on <see cref="Channel"/> (else the fallbacks in order) with
/// <see cref="Template"/>, for debtors that also meet <see cref="Condition"/> when there is one.
/// </summary>
public sealed record StrategyStep
{
    public required string Id { get; init; }

    public required CollectionStage Stage { get; init; }

    public StepAnchor Anchor { get; init; }

    public int OffsetDays { get; init; }

    public required StrategyAction Action { get; init; }

    public required ConsentChannel Channel { get; init; }

    public IReadOnlyList<ConsentChannel> FallbackChannels { get; init; } = [];

    /// <summary>Template code; required for message channels (SMS, e-mail, WhatsApp, letters).</summary>
    public string? Template { get; init; }

    public SegmentRule? Condition { get; init; }

    /// <summary>The consent purpose the contact is checked against; by default reminders for a reminder, collection otherwise.</summary>
    public ConsentPurpose? Purpose { get; init; }

    public ConsentPurpose EffectivePurpose => Purpose ?? (Action == StrategyAction.Reminder ? ConsentPurpose.Reminders : ConsentPurpose.Collection);

    /// <summary>For a <see cref="StepAnchor.DayOfMonth"/> step: whether it runs on <paramref name="date"/> (its day, or the
    /// month's last day when the month is shorter).</summary>
    public bool RunsOn(DateOnly date) =>
        Anchor == StepAnchor.DayOfMonth && date.Day == Math.Min(OffsetDays, DateTime.DaysInMonth(date.Year, date.Month));

    /// <summary>The step's channel, then its fallbacks, in order.</summary>
    public IEnumerable<ConsentChannel> Channels => FallbackChannels.Prepend(Channel);
}

/// <summary>
/// A collection strategy as data (docs/user/strategies.md): the debtors it applies to (<see cref="Segment"/>), the
/// local time messages are sent, its champion/challenger variants and its dated steps. Immutable; built and checked by
/// <see cref="StrategyJson"/>.
/// </summary>
public sealed record StrategyDefinition
{
    public const int MaxCodeLength = 40;

    public const int MaxNameLength = 200;

    public const int MaxOffsetDays = 365;

    public static readonly TimeOnly DefaultSendTime = new(9, 0);

    public required string Code { get; init; }

    public required string Name { get; init; }

    public SegmentRule Segment { get; init; } = Segments.Everyone;

    /// <summary>Local time (the debtor's zone) at which the strategy's messages are scheduled; 09:00 by default.</summary>
    public TimeOnly SendTime { get; init; } = DefaultSendTime;

    public IReadOnlyList<StrategyVariant> Variants { get; init; } = [];

    /// <summary>The strategy's own sending schedule (days and hours); the legal windows apply on top through the gate.</summary>
    public SendingSchedule Schedule { get; init; } = SendingSchedule.Always;

    public IReadOnlyList<StrategyStep> Steps { get; init; } = [];

    /// <summary>The variant of a debtor (<see cref="VariantAssignment"/>): stable across runs and machines.</summary>
    public StrategyVariant VariantOf(long debtorId) => VariantAssignment.Choose(Code, debtorId, Variants);

    /// <summary>Channels whose step sends a message from a template (and so must name one).</summary>
    public static bool IsMessageChannel(ConsentChannel channel) =>
        channel is ConsentChannel.Sms or ConsentChannel.Email or ConsentChannel.WhatsApp or ConsentChannel.Letters;
}

/// <summary>
/// A strategy's sending schedule: the week days and the local hours [<see cref="From"/>, <see cref="To"/>) its messages
/// may go out (inside the legal windows, which the compliance gate applies on top). <see cref="Next"/> moves a proposed
/// instant to the first one the schedule allows.
/// </summary>
public sealed record SendingSchedule(IReadOnlyList<DayOfWeek> Days, TimeOnly From, TimeOnly To)
{
    public static readonly SendingSchedule Always = new(Enum.GetValues<DayOfWeek>(), TimeOnly.MinValue, TimeOnly.MaxValue);

    public static readonly IReadOnlyList<string> DayCodes = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public bool IsAlways => Days.Count == 7 && From == TimeOnly.MinValue && To == TimeOnly.MaxValue;

    /// <summary>The first local instant at or after <paramref name="proposed"/> on an allowed day within the hours (in <paramref name="zone"/>).</summary>
    public DateTimeOffset Next(DateTimeOffset proposed, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (IsAlways)
        {
            return proposed;
        }

        var local = Compliance.LocalClock.ToLocal(proposed, zone);
        for (var i = 0; i < 8; i++)
        {
            var day = DateOnly.FromDateTime(local).AddDays(i);
            if (!Days.Contains(day.DayOfWeek))
            {
                continue;
            }

            var time = i == 0 ? TimeOnly.FromDateTime(local) : From;
            if (time < From)
            {
                time = From;
            }

            if (time < To)
            {
                return i == 0 && time == TimeOnly.FromDateTime(local) ? proposed : Compliance.LocalClock.ToInstant(day.ToDateTime(time), zone);
            }
        }

        return proposed; // no day allowed: validation prevents it
    }
}
