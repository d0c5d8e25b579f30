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
    private static readonly ConcurrentDictionary<string, ZoneTable> Tables = new(StringComparer.Ordinal);

    /// <exception cref="DomainException"><c>unknown_time_zone</c> when the id is not an IANA zone known to the system.</exception>
    public static TimeZoneInfo Zone(string ianaId) => Table(ianaId).Zone;

    /// <summary>The zone table, or false when the id is missing or not a known IANA zone.</summary>
    internal static bool TryTable(string? ianaId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ZoneTable? table)
    {
        table = null;
        if (string.IsNullOrWhiteSpace(ianaId))
        {
            return false;
        }

        if (Tables.TryGetValue(ianaId, out table))
        {
            return true;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(ianaId.Trim(), out var found))
        {
            return false;
        }

        table = Tables.GetOrAdd(ianaId, new ZoneTable(found));
        return true;
    }

    /// <summary>The zone with its memo of offsets per UTC day and of local midnights, for the gate's hot path.</summary>
    internal static ZoneTable Table(string ianaId)
    {
        if (string.IsNullOrWhiteSpace(ianaId))
        {
            throw new DomainException("unknown_time_zone", "A time zone (IANA id) is required.", "time_zone");
        }

        if (Tables.TryGetValue(ianaId, out var table))
        {
            return table;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(ianaId.Trim(), out var found))
        {
            throw new DomainException("unknown_time_zone", $"'{ianaId}' is not a known IANA time zone.", "time_zone");
        }

        return Tables.GetOrAdd(ianaId, new ZoneTable(found));
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

    /// <summary>
    /// Memo of one zone's answers, filled lazily per year (1970–2129; other years are computed each time): the UTC
    /// offset of each UTC day when it is constant all day (days with a transition are computed each time), and the
    /// instant of each local midnight. Entries are written once with the value any thread would compute, so races
    /// are harmless.
    /// </summary>
    internal sealed class ZoneTable(TimeZoneInfo zone)
    {
        private const int FirstYear = 1970;
        private const int Years = 160;
        private const int Bias = 1_000_000;
        private const int Mixed = -1;

        private readonly int[]?[] _utcDayOffsets = new int[Years][];
        private readonly long[]?[] _localDayStarts = new long[Years][];

        public TimeZoneInfo Zone { get; } = zone;

        /// <summary>Local wall-clock time of <paramref name="instant"/>.</summary>
        public DateTime ToLocal(DateTimeOffset instant)
        {
            var utc = instant.UtcDateTime;
            var index = utc.Year - FirstYear;
            if ((uint)index >= Years)
            {
                return LocalClock.ToLocal(instant, Zone);
            }

            var days = _utcDayOffsets[index] ?? Interlocked.CompareExchange(ref _utcDayOffsets[index], new int[367], null) ?? _utcDayOffsets[index]!;
            var doy = utc.DayOfYear;
            var v = days[doy];
            if (v == 0)
            {
                var dayStart = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerDay), TimeSpan.Zero);
                var first = Zone.GetUtcOffset(dayStart);
                var last = Zone.GetUtcOffset(dayStart.AddTicks(TimeSpan.TicksPerDay - 1));
                v = first == last ? (int)(first.Ticks / TimeSpan.TicksPerSecond) + Bias : Mixed;
                days[doy] = v;
            }

            var offsetTicks = v == Mixed ? Zone.GetUtcOffset(instant).Ticks : (v - Bias) * TimeSpan.TicksPerSecond;
            return new DateTime(utc.Ticks + offsetTicks, DateTimeKind.Unspecified);
        }

        /// <summary>UTC ticks of the first instant of local <paramref name="date"/>.</summary>
        public long StartOfDayTicks(DateOnly date)
        {
            var index = date.Year - FirstYear;
            if ((uint)index >= Years)
            {
                return StartOfDay(date, Zone).UtcTicks;
            }

            var days = _localDayStarts[index] ?? Interlocked.CompareExchange(ref _localDayStarts[index], new long[367], null) ?? _localDayStarts[index]!;
            var doy = date.DayOfYear;
            var ticks = Volatile.Read(ref days[doy]);
            if (ticks == 0)
            {
                ticks = StartOfDay(date, Zone).UtcTicks;
                Volatile.Write(ref days[doy], ticks);
            }

            return ticks;
        }
    }
}
