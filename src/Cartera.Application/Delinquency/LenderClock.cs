namespace Cartera.Application.Delinquency;

/// <summary>
/// The host's clock in the lender's time zone: the instants of <paramref name="inner"/>, with
/// <see cref="TimeProvider.LocalTimeZone"/> the lender's (configuration <c>Lender:TimeZone</c>, an IANA id, shipped in
/// the CLI's appsettings.json), never the server's. The lender's calendar date (<see cref="BusinessCalendar.LenderToday"/>)
/// and the lender's clock times of the pages follow it.
/// </summary>
public sealed class LenderClock(TimeProvider inner, TimeZoneInfo zone) : TimeProvider
{
    /// <summary>The configuration key of the lender's IANA time zone.</summary>
    public const string TimeZoneKey = "Lender:TimeZone";

    public TimeProvider Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public override TimeZoneInfo LocalTimeZone { get; } = zone ?? throw new ArgumentNullException(nameof(zone));

    public override long TimestampFrequency => Inner.TimestampFrequency;

    /// <summary>
    /// <paramref name="inner"/> in the configured zone; when no zone is configured, <paramref name="inner"/> as it is
    /// (its own local zone). An unknown zone id is refused at start-up.
    /// </summary>
    public static TimeProvider From(TimeProvider inner, string? timeZone)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            return inner;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out var zone)
            ? new LenderClock(inner is LenderClock lender ? lender.Inner : inner, zone)
            : throw new InvalidOperationException($"{TimeZoneKey} '{timeZone}' is not a known IANA time zone (for example America/Mexico_City).");
    }

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow();

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Inner.CreateTimer(callback, state, dueTime, period);
}
