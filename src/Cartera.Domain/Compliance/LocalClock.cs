using System.Collections.Concurrent;
using Cartera.Domain.Common;

namespace Cartera.Domain.Compliance;

/// <summary>
/// Debtor-local wall-clock time by IANA zone id. Converts instants to local time (whatever offset the instant carried)
/// and local times back to instants, resolving daylight-saving edges one way everywhere: a local time that does not
/// exist (spring-forward gap) maps to the first instant after the gap; a local time that occurs twice (fall-back
/// overlap) maps to its first occurrence.
/// </summary>
public static class LocalClock
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <exception cref="DomainException"><c>unknown_time_zone</c> when the id is not an IANA zone known to the system.</exception>
    public static TimeZoneInfo Zone(string ianaId)
    {
        if (string.IsNullOrWhiteSpace(ianaId))
        {
            throw new DomainException("unknown_time_zone", "A time zone (IANA id) is required.", "time_zone");
        }

        if (Zones.TryGetValue(ianaId, out var zone))
        {
            return zone;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(ianaId.Trim(), out var found))
        {
            throw new DomainException("unknown_time_zone", $"'{ianaId}' is not a known IANA time zone.", "time_zone");
        }

        zone = found;

        return Zones.GetOrAdd(ianaId, zone);
    }

    /// <summary>The local wall-clock time of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new DateTime(instant.UtcTicks + zone.GetUtcOffset(instant).Ticks, DateTimeKind.Unspecified);
    }

    /// <summary>
    /// The instant at which the local wall clock in <paramref name="zone"/> shows <paramref name="local"/>: the first
    /// occurrence when it shows it twice, the first instant after the gap when it never does. Returned in UTC.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Walk forward to the end of the gap; transitions fall on whole minutes.
            var probe = new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
            for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(probe); i++)
            {
                probe = probe.AddMinutes(1);
            }

            local = probe;
        }

        TimeSpan offset;
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            offset = offsets[0];
            for (var i = 1; i < offsets.Length; i++)
            {
                if (offsets[i] > offset)
                {
                    offset = offsets[i];
                }
            }
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    /// <summary>The first instant of <paramref name="date"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date, TimeZoneInfo zone) => ToInstant(date.ToDateTime(TimeOnly.MinValue), zone);
}
