using Cartera.Domain.Common;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Compliance;

/// <summary>
/// The compliance gate: decides whether one contact attempt may be made now, in the debtor's local time and calendar,
/// under the rule set of their jurisdiction valid on that local date, counting every prior attempt of the debtor across
/// channels, collectors, strategies and agencies. Returns every reason that applies and the next instant at which the
/// same contact (same channel, same history) would be allowed. Pure and thread-safe: time comes in as the request's
/// instant; nothing is read from a clock, a database or the network.
/// </summary>
/// <remarks>
/// Benchmarking: build a few thousand <see cref="ContactRequest"/>s with 0–30 prior attempts spread over the preceding
/// two weeks (as the property tests do), then time a loop of <see cref="Check"/> over them on one thread
/// (<c>bench/Cartera.Bench --suite compliance</c> does this with 1,000,000 checks). An allowed check allocates only the decision; the search for the next allowed instant runs only for blocked ones.
/// </remarks>
public sealed class ComplianceGate
{
    private const int MaxSearchSteps = 1000;
    private const int NoRuleSetBit = 1 << 30;

    private const int PermanentBits =
        (1 << (int)ComplianceReason.UnauthorizedChannel) | (1 << (int)ComplianceReason.DoNotContact) | (1 << (int)ComplianceReason.DisputeHold) |
        (1 << (int)ComplianceReason.InsolvencyHold) | (1 << (int)ComplianceReason.Deceased) | (1 << (int)ComplianceReason.ThirdParty) |
        (1 << (int)ComplianceReason.UnknownTimeZone) | (1 << (int)ComplianceReason.NoRuleSet) | (1 << (int)ComplianceReason.UnknownChannel) | NoRuleSetBit;

    private const int NextDayBits = (1 << (int)ComplianceReason.Sunday) | (1 << (int)ComplianceReason.Holiday) | (1 << (int)ComplianceReason.DailyLimit) |
        (1 << (int)ComplianceReason.SevenInSeven) | (1 << (int)ComplianceReason.AfterConversation);

    private static readonly IReadOnlyList<ComplianceReason>[] SingleReasons =
        Enum.GetValues<ComplianceReason>().Select(r => (IReadOnlyList<ComplianceReason>)Array.AsReadOnly(new[] { r })).ToArray();

    private readonly ComplianceRuleSetCatalog _ruleSets;

    public ComplianceGate(ComplianceRuleSetCatalog ruleSets)
    {
        ArgumentNullException.ThrowIfNull(ruleSets);
        _ruleSets = ruleSets;
    }

    /// <summary>A gate over the shipped default rule sets.</summary>
    public static ComplianceGate Default { get; } = new(ComplianceRuleSetCatalog.Defaults);

    public ComplianceRuleSetCatalog RuleSets => _ruleSets;

    /// <summary>
    /// Checks one contact attempt. Fails closed: a missing or unknown time zone, a jurisdiction without a rule set on
    /// the local date and an unknown channel block the attempt (<c>unknown_time_zone</c>, <c>no_rule_set</c>,
    /// <c>unknown_channel</c>, with the debtor's own permanent reasons) and have no next allowed instant; the rule-set
    /// version is then empty.
    /// </summary>
    /// <exception cref="DomainException"><c>required</c> when the request has no profile, actor or history list.</exception>
    public ComplianceDecision Check(ContactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Debtor is null || request.Actor is null || request.Prior is null)
        {
            throw new DomainException("required", "A contact request needs the debtor's profile, the actor and the prior attempts (possibly none).", "request");
        }

        var unresolved = Unresolved(request, out var zone);
        if (unresolved != 0)
        {
            return new ComplianceDecision(false, ToReasons(unresolved | ProfileBits(request.Debtor, request.Channel)), null, string.Empty);
        }

        var bits = Evaluate(request, zone!, request.At, out var entry);
        if (entry is null)
        {
            return new ComplianceDecision(false, ToReasons(Bit(ComplianceReason.NoRuleSet) | ProfileBits(request.Debtor, request.Channel)), null, string.Empty);
        }

        if (bits == 0)
        {
            return new ComplianceDecision(true, [], null, entry.Label);
        }

        var next = (bits & PermanentBits) != 0 ? null : NextAllowed(request, zone!, request.At, bits);
        return new ComplianceDecision(false, ToReasons(bits), next, entry.Label);
    }

    /// <summary>Whether the attempt would be allowed; same rules as <see cref="Check"/> without building a decision.</summary>
    public bool IsAllowed(ContactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Debtor is null || request.Prior is null)
        {
            throw new DomainException("required", "A contact request needs the debtor's profile and the prior attempts (possibly none).", "request");
        }

        return Unresolved(request, out var zone) == 0 && Evaluate(request, zone!, request.At, out var entry) == 0 && entry is not null;
    }

    /// <summary>The reasons that leave the rules unknowable: no usable time zone, an undefined channel.</summary>
    private static int Unresolved(ContactRequest request, out LocalClock.ZoneTable? zone)
    {
        var bits = LocalClock.TryTable(request.Debtor.TimeZone, out zone) ? 0 : Bit(ComplianceReason.UnknownTimeZone);
        if (!Enum.IsDefined(request.Channel))
        {
            bits |= Bit(ComplianceReason.UnknownChannel);
        }

        return bits;
    }

    /// <summary>The debtor's own permanent reasons, which need neither the local time nor a rule set.</summary>
    private static int ProfileBits(DebtorComplianceProfile profile, ConsentChannel channel)
    {
        var bits = 0;
        if (profile.DoNotContact)
        {
            bits |= Bit(ComplianceReason.DoNotContact);
        }

        if (profile.DisputeHold)
        {
            bits |= Bit(ComplianceReason.DisputeHold);
        }

        if (profile.InsolvencyProceedings)
        {
            bits |= Bit(ComplianceReason.InsolvencyHold);
        }

        if (profile.Deceased)
        {
            bits |= Bit(ComplianceReason.Deceased);
        }

        if (profile.OptedOutChannels.Contains(channel))
        {
            bits |= Bit(ComplianceReason.UnauthorizedChannel);
        }

        return bits;
    }

    private static IReadOnlyList<ComplianceReason> ToReasons(int bits)
    {
        if ((bits & (bits - 1)) == 0)
        {
            return SingleReasons[System.Numerics.BitOperations.TrailingZeroCount(bits)];
        }

        var list = new ComplianceReason[System.Numerics.BitOperations.PopCount((uint)bits)];
        var n = 0;
        for (var i = 0; i < SingleReasons.Length; i++)
        {
            if ((bits & (1 << i)) != 0)
            {
                list[n++] = (ComplianceReason)i;
            }
        }

        return Array.AsReadOnly(list);
    }

    private static int Bit(ComplianceReason reason) => 1 << (int)reason;

    /// <summary>The reasons (as bits) that block the request's contact at instant <paramref name="at"/>.</summary>
    private int Evaluate(ContactRequest request, LocalClock.ZoneTable zone, DateTimeOffset at, out ComplianceRuleSetCatalog.Entry? entry)
    {
        var profile = request.Debtor;
        var local = zone.ToLocal(at);
        var date = DateOnly.FromDateTime(local);
        entry = _ruleSets.TryResolve(profile.Jurisdiction, date);
        if (entry is null)
        {
            return NoRuleSetBit;
        }

        var rules = entry.Set;
        var channel = request.Channel;
        var bits = ProfileBits(profile, channel);

        if (rules.Consent is { } consent && consent.ChannelsRequiringConsent.Contains(channel) && !profile.AuthorizedChannels.Contains(channel))
        {
            bits |= Bit(ComplianceReason.UnauthorizedChannel);
        }

        if (request.Target == ContactTarget.ThirdParty && rules.ThirdPartyBan is not null)
        {
            bits |= Bit(ComplianceReason.ThirdParty);
        }

        var dayOfWeek = local.DayOfWeek;
        var dayBanned = false;
        if (rules.Sundays is not null && dayOfWeek == DayOfWeek.Sunday)
        {
            bits |= Bit(ComplianceReason.Sunday);
            dayBanned = true;
        }

        if (entry.Calendar is not null && entry.Calendar.IsHoliday(date))
        {
            bits |= Bit(ComplianceReason.Holiday);
            dayBanned = true;
        }

        if (!dayBanned && !(profile.AgreedHours?.Windows ?? rules.Hours.Windows).Contains(dayOfWeek, local.TimeOfDay))
        {
            bits |= Bit(ComplianceReason.Hours);
        }

        if (request.Prior.Count > 0)
        {
            bits |= Frequency(request, rules, zone, at, date, dayOfWeek);
        }

        return bits;
    }

    /// <summary>
    /// Frequency rules, in one pass over the history. Day boundaries are converted to instants once (local midnight in
    /// the debtor's zone), so prior attempts are compared as instants without converting each one.
    /// </summary>
    private static int Frequency(ContactRequest request, ComplianceRuleSet rules, LocalClock.ZoneTable zone, DateTimeOffset at, DateOnly date, DayOfWeek dayOfWeek)
    {
        var daily = rules.DailyLimit;
        var weekly = rules.WeeklyChannel;
        var channel = request.Channel;
        var rolling = rules.RollingLimit is { } r && r.Channels.Contains(channel) ? r : null;
        var quiet = rules.AfterConversation is { } q && q.Channels.Contains(channel) ? q : null;
        if (daily is null && weekly is null && rolling is null && quiet is null)
        {
            return 0;
        }

        var atTicks = at.UtcTicks;
        var dayStart = daily is null ? long.MaxValue : zone.StartOfDayTicks(date);
        var weekStart = weekly is null ? long.MaxValue : zone.StartOfDayTicks(date.AddDays(-(((int)dayOfWeek + 6) % 7)));
        var rollingStart = rolling is null ? long.MaxValue : zone.StartOfDayTicks(date.AddDays(1 - rolling.Days));
        var quietStart = quiet is null ? long.MaxValue : quiet.Days == rolling?.Days ? rollingStart : zone.StartOfDayTicks(date.AddDays(1 - quiet.Days));

        var dailyCount = 0;
        var rollingCount = 0;
        var conversation = false;
        var firstWeekTicks = long.MaxValue;
        var firstWeekChannel = channel;
        var prior = request.Prior;
        for (var i = 0; i < prior.Count; i++)
        {
            var p = prior[i];
            var t = p.At.UtcTicks;
            if (p.Outcome == ContactOutcome.Blocked || t > atTicks)
            {
                continue;
            }

            var talked = p.Outcome == ContactOutcome.Conversation;
            if (t >= dayStart && (talked || daily!.CountUnanswered))
            {
                dailyCount++;
            }

            if (t >= weekStart && t < firstWeekTicks && (talked || weekly!.CountUnanswered))
            {
                firstWeekTicks = t;
                firstWeekChannel = p.Channel;
            }

            if (t >= rollingStart && rolling!.Channels.Contains(p.Channel))
            {
                rollingCount++;
            }

            if (talked && t >= quietStart && quiet!.Channels.Contains(p.Channel))
            {
                conversation = true;
            }
        }

        var bits = 0;
        if (daily is not null && dailyCount >= daily.MaxContacts)
        {
            bits |= Bit(ComplianceReason.DailyLimit);
        }

        if (firstWeekTicks != long.MaxValue && firstWeekChannel != channel)
        {
            bits |= Bit(ComplianceReason.WeeklyChannel);
        }

        if (rolling is not null && rollingCount >= rolling.MaxAttempts)
        {
            bits |= Bit(ComplianceReason.SevenInSeven);
        }

        if (conversation)
        {
            bits |= Bit(ComplianceReason.AfterConversation);
        }

        return bits;
    }

    /// <summary>
    /// Searches forward from a blocked instant: day rules, the daily limit and the rolling periods move to the next
    /// local day, the weekly channel rule to the next Monday, the hours rule to the next window opening; each candidate
    /// is snapped into a contact window (the first valid instant when the opening falls in a daylight-saving gap) and
    /// checked again with the same history, until one passes. Null when none can (no windows, no rule set).
    /// </summary>
    private DateTimeOffset? NextAllowed(ContactRequest request, LocalClock.ZoneTable zone, DateTimeOffset from, int bitsAtFrom)
    {
        var t = from;
        for (var step = 0; step < MaxSearchSteps; step++)
        {
            var bits = step == 0 ? bitsAtFrom : Evaluate(request, zone, t, out _);
            if (bits == 0)
            {
                return t;
            }

            if ((bits & PermanentBits) != 0)
            {
                return null;
            }

            var local = zone.ToLocal(t);
            DateTime candidate;
            if ((bits & Bit(ComplianceReason.WeeklyChannel)) != 0)
            {
                candidate = local.Date.AddDays(7 - (((int)local.DayOfWeek + 6) % 7));
            }
            else if ((bits & NextDayBits) != 0)
            {
                candidate = local.Date.AddDays(1);
                if ((bits & (Bit(ComplianceReason.SevenInSeven) | Bit(ComplianceReason.AfterConversation))) != 0 &&
                    _ruleSets.TryResolve(request.Debtor.Jurisdiction, DateOnly.FromDateTime(local)) is { } current)
                {
                    var release = PeriodRelease(request, current.Set, zone, t, bits);
                    if (release > candidate)
                    {
                        candidate = release;
                    }
                }
            }
            else
            {
                candidate = local; // only the hours rule: the next opening, possibly today
            }

            var entry = _ruleSets.TryResolve(request.Debtor.Jurisdiction, DateOnly.FromDateTime(candidate));
            if (entry is null)
            {
                return null;
            }

            var snapped = Snap(request.Debtor.AgreedHours?.Windows ?? entry.Set.Hours.Windows, candidate, skipSundays: entry.Set.Sundays is not null);
            if (snapped is null)
            {
                return null;
            }

            var next = LocalClock.ToInstant(snapped.Value, zone.Zone);
            if (next <= t)
            {
                // A fall-back overlap maps the opening to its first occurrence, before t: move by wall-clock distance.
                next = t + (snapped.Value - local);
                if (next <= t)
                {
                    next = t.AddSeconds(1);
                }
            }

            t = next;
        }

        return null;
    }

    /// <summary>
    /// The first local day on which the rolling limit and the quiet period that block at <paramref name="t"/> have both
    /// expired, given that no attempt is added: the day after the last day of the rolling window that still holds the
    /// limit-th most recent attempt, and the day after the quiet period of the latest conversation.
    /// </summary>
    private static DateTime PeriodRelease(ContactRequest request, ComplianceRuleSet rules, LocalClock.ZoneTable zone, DateTimeOffset t, int bits)
    {
        var release = DateTime.MinValue;
        var prior = request.Prior;
        var tTicks = t.UtcTicks;
        if ((bits & Bit(ComplianceReason.SevenInSeven)) != 0 && rules.RollingLimit is { } rolling)
        {
            var ticks = new List<long>(prior.Count);
            for (var i = 0; i < prior.Count; i++)
            {
                var p = prior[i];
                if (p.Outcome != ContactOutcome.Blocked && p.At.UtcTicks <= tTicks && rolling.Channels.Contains(p.Channel))
                {
                    ticks.Add(p.At.UtcTicks);
                }
            }

            if (ticks.Count >= rolling.MaxAttempts)
            {
                ticks.Sort();
                var limitTh = new DateTimeOffset(ticks[^rolling.MaxAttempts], TimeSpan.Zero);
                var day = zone.ToLocal(limitTh).Date.AddDays(rolling.Days);
                release = day > release ? day : release;
            }
        }

        if ((bits & Bit(ComplianceReason.AfterConversation)) != 0 && rules.AfterConversation is { } quiet)
        {
            var latest = long.MinValue;
            for (var i = 0; i < prior.Count; i++)
            {
                var p = prior[i];
                if (p.Outcome == ContactOutcome.Conversation && p.At.UtcTicks <= tTicks && quiet.Channels.Contains(p.Channel) && p.At.UtcTicks > latest)
                {
                    latest = p.At.UtcTicks;
                }
            }

            if (latest != long.MinValue)
            {
                var day = zone.ToLocal(new DateTimeOffset(latest, TimeSpan.Zero)).Date.AddDays(quiet.Days);
                release = day > release ? day : release;
            }
        }

        return release;
    }

    /// <summary>
    /// The first local time at or after <paramref name="candidate"/> inside a window, within a week, skipping banned
    /// Sundays. Null when no weekday has a usable window (for example agreed hours on Sundays only in Colombia).
    /// </summary>
    private static DateTime? Snap(WeeklyWindows windows, DateTime candidate, bool skipSundays)
    {
        for (var i = 0; i < 8; i++)
        {
            var day = candidate.Date.AddDays(i);
            if (skipSundays && day.DayOfWeek == DayOfWeek.Sunday)
            {
                continue;
            }

            var open = windows.FirstOpenAtOrAfter(day.DayOfWeek, i == 0 ? candidate.TimeOfDay : TimeSpan.Zero);
            if (open is not null)
            {
                return day + open.Value;
            }
        }

        return null;
    }
}
