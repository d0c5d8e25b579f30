using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Compliance.Calendars;
using Cartera.Domain.Portfolio;
using CsCheck;

namespace Cartera.Domain.Tests.Compliance;

/// <summary>
/// Generated attempt histories (10,000 per jurisdiction) checked against a naive oracle that converts every prior
/// attempt to a local date and applies RULES §7 literally. Properties: the gate's reasons are exactly the oracle's, so
/// an allowed attempt is inside a window, not on a banned Sunday or holiday and within every frequency limit; a blocked
/// attempt without a permanent reason has a <c>NextAllowedAt</c> after it that is itself allowed with the same history.
/// </summary>
public class ComplianceGateProperties
{
    private const int Iterations = 10_000;

    private static readonly ComplianceReason[] Permanent =
    [
        ComplianceReason.UnauthorizedChannel, ComplianceReason.DoNotContact, ComplianceReason.DisputeHold,
        ComplianceReason.InsolvencyHold, ComplianceReason.Deceased, ComplianceReason.ThirdParty,
    ];

    // Daylight-saving transitions (and the days around them) are over-sampled.
    private static readonly DateTimeOffset[] Transitions =
    [
        new(2027, 3, 14, 7, 0, 0, TimeSpan.Zero), new(2027, 11, 7, 6, 0, 0, TimeSpan.Zero),
        new(2027, 3, 28, 1, 0, 0, TimeSpan.Zero), new(2027, 10, 31, 1, 0, 0, TimeSpan.Zero),
        new(2026, 3, 8, 10, 0, 0, TimeSpan.Zero), new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero),
    ];

    private static readonly long Start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private static readonly long End = new DateTimeOffset(2028, 12, 31, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Theory]
    [InlineData("CO", new[] { "America/Bogota" })]
    [InlineData("MX", new[] { "America/Mexico_City", "America/Tijuana", "America/Cancun", "America/Hermosillo", "America/Chihuahua", "America/Mazatlan" })]
    [InlineData("US", new[] { "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu" })]
    [InlineData("ES", new[] { "Europe/Madrid", "Atlantic/Canary" })]
    public void Gate_agrees_with_the_literal_rules_and_next_allowed_is_allowed(string jurisdiction, string[] zones)
    {
        var allowed = 0;
        var postponed = 0;
        Requests(jurisdiction, zones).Sample(
            request =>
            {
                var decision = ComplianceGate.Default.Check(request);
                var expected = Oracle(request);
                decision.Reasons.ShouldBe(expected, $"reasons at {request.At:O} in {request.Debtor.TimeZone}");
                decision.Allowed.ShouldBe(expected.Count == 0);

                if (decision.Allowed)
                {
                    Interlocked.Increment(ref allowed);
                    decision.NextAllowedAt.ShouldBeNull();
                    return;
                }

                if (expected.Any(Permanent.Contains))
                {
                    decision.NextAllowedAt.ShouldBeNull();
                    return;
                }

                if (decision.NextAllowedAt is null)
                {
                    // Only when no weekday offers a usable window: agreed hours on banned Sundays only.
                    var rules = ComplianceRuleSetCatalog.Defaults.For(request.Debtor.Jurisdiction, DateOnly.FromDateTime(request.At.UtcDateTime));
                    var windows = request.Debtor.AgreedHours?.Windows ?? rules.Hours.Windows;
                    Enum.GetValues<DayOfWeek>().Where(day => windows.For(day).Count > 0)
                        .ShouldAllBe(day => day == DayOfWeek.Sunday && rules.Sundays != null, $"no next_allowed_at at {request.At:O}");
                    return;
                }

                Interlocked.Increment(ref postponed);
                var next = decision.NextAllowedAt.Value;
                next.ShouldBeGreaterThan(request.At);
                var later = request with { At = next };
                ComplianceGate.Default.Check(later).Allowed.ShouldBeTrue($"next_allowed_at {next:O} after {request.At:O} in {request.Debtor.TimeZone}");
                Oracle(later).ShouldBeEmpty();
            },
            iter: Iterations,
            print: r => $"{r.Debtor.TimeZone} {EnumCodes.ToCode(r.Channel)} at {r.At:O}; prior: {string.Join(", ", r.Prior.Select(p => $"{EnumCodes.ToCode(p.Channel)}@{p.At:O}@{EnumCodes.ToCode(p.Outcome)}"))}");

        // The generator is not degenerate: both outcomes are well represented.
        allowed.ShouldBeGreaterThan(Iterations / 20);
        postponed.ShouldBeGreaterThan(Iterations / 20);
    }

    private static Gen<ContactRequest> Requests(string jurisdiction, string[] zones)
    {
        var uniform = Gen.Long[Start, End].Select(s => DateTimeOffset.FromUnixTimeSeconds(s));
        var nearTransition = Gen.Select(Gen.OneOf(Transitions), Gen.Long[-10 * 86_400, 10 * 86_400], (t, s) => t.AddSeconds(s));
        var instant = Gen.Frequency((3, (IGen<DateTimeOffset>)uniform), (1, nearTransition));
        var prior = Gen.Select(
            Gen.Frequency((4, Gen.Const(ConsentChannel.Calls)), (2, Gen.Const(ConsentChannel.Sms)), (1, Gen.Enum<ConsentChannel>())),
            Gen.Frequency((3, Gen.Long[1, 3 * 86_400]), (2, Gen.Long[1, 16 * 86_400])),
            Gen.Frequency((6, Gen.Const(ContactOutcome.Attempt)), (2, Gen.Const(ContactOutcome.Conversation)), (1, Gen.Const(ContactOutcome.Blocked))),
            (channel, back, outcome) => (channel, back, outcome));
        var history = Gen.Frequency((2, prior.Array[0, 3]), (1, prior.Array[0, 30]));
        var channel = Gen.Frequency((4, Gen.Const(ConsentChannel.Calls)), (2, Gen.Const(ConsentChannel.Sms)), (1, Gen.Enum<ConsentChannel>()));
        var flags = Gen.Int[0, 99];
        var authorized = Gen.Frequency((8, Gen.Const(ChannelSet.All)), (1, Gen.Enum<ConsentChannel>().Array[0, 4].Select(ChannelSet.Of)));
        var optOut = Gen.Frequency((12, Gen.Const(ChannelSet.None)), (1, Gen.Enum<ConsentChannel>().Array[1, 2].Select(ChannelSet.Of)));

        // Agreed hours on some debtors: half-hour aligned windows anywhere in the day, so openings fall in DST gaps too.
        var window = Gen.Select(Gen.Int[0, 46], Gen.Int[1, 12], (start, length) => new TimeWindow(TimeSpan.FromMinutes(30 * start), TimeSpan.FromMinutes(30 * Math.Min(48, start + length))));
        var agreed = Gen.Frequency(
            (9, Gen.Const((AgreedContactHours?)null)),
            (1, Gen.Select(window, Gen.Enum<DayOfWeek>().Array[1, 7], (w, days) => (AgreedContactHours?)new AgreedContactHours("doc", WeeklyWindows.Empty.With(days.Distinct(), w)))));

        return Gen.Select(Gen.OneOf(zones), instant, history, channel, flags, authorized, optOut, agreed, (zone, at, priors, ch, flag, auth, opt, hours) => new ContactRequest
        {
            Debtor = new DebtorComplianceProfile
            {
                Jurisdiction = jurisdiction,
                TimeZone = zone,
                AuthorizedChannels = auth,
                OptedOutChannels = opt,
                DoNotContact = flag == 0,
                DisputeHold = flag == 1,
                InsolvencyProceedings = flag == 2,
                Deceased = flag == 3,
                AgreedHours = hours,
            },
            Channel = ch,
            At = at,
            Actor = ComplianceTestData.Collector,
            Target = flag == 4 ? ContactTarget.ThirdParty : ContactTarget.Debtor,
            Prior = priors.Select(p => new PriorContact(p.channel, at.AddSeconds(-p.back), p.outcome)).ToArray(),
        });
    }

    /// <summary>RULES §7 applied literally: every prior converted to its own local date.</summary>
    private static List<ComplianceReason> Oracle(ContactRequest request)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(request.Debtor.TimeZone);
        DateOnly LocalDate(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime);
        var local = TimeZoneInfo.ConvertTime(request.At, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var rules = ComplianceRuleSetCatalog.Defaults.For(request.Debtor.Jurisdiction, date);
        var d = request.Debtor;
        var ch = request.Channel;
        var reasons = new HashSet<ComplianceReason>();

        var sunday = rules.Sundays is not null && local.DayOfWeek == DayOfWeek.Sunday;
        var holiday = rules.Holidays is not null && HolidayCalendars.For(rules.Holidays.CalendarCountry).IsHoliday(date);
        var windows = (d.AgreedHours?.Windows ?? rules.Hours.Windows).For(local.DayOfWeek);
        var inWindow = windows.Any(w => w.Start <= local.TimeOfDay && local.TimeOfDay < w.End);
        Add(sunday, ComplianceReason.Sunday);
        Add(holiday, ComplianceReason.Holiday);
        Add(!sunday && !holiday && !inWindow, ComplianceReason.Hours);

        var made = request.Prior.Where(p => p.Outcome != ContactOutcome.Blocked && p.At <= request.At)
            .Select((p, i) => (p, i, Date: LocalDate(p.At))).ToList();
        if (rules.DailyLimit is { } daily)
        {
            Add(made.Count(x => x.Date == date && (daily.CountUnanswered || x.p.Outcome == ContactOutcome.Conversation)) >= daily.MaxContacts, ComplianceReason.DailyLimit);
        }

        if (rules.WeeklyChannel is { } weekly)
        {
            var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
            var first = made.Where(x => x.Date >= monday && x.Date <= date && (weekly.CountUnanswered || x.p.Outcome == ContactOutcome.Conversation))
                .OrderBy(x => x.p.At).ThenBy(x => x.i).Select(x => (ConsentChannel?)x.p.Channel).FirstOrDefault();
            Add(first is not null && first != ch, ComplianceReason.WeeklyChannel);
        }

        if (rules.RollingLimit is { } rolling && rolling.Channels.Contains(ch))
        {
            var from = date.AddDays(1 - rolling.Days);
            Add(made.Count(x => x.Date >= from && x.Date <= date && rolling.Channels.Contains(x.p.Channel)) >= rolling.MaxAttempts, ComplianceReason.SevenInSeven);
        }

        if (rules.AfterConversation is { } quiet && quiet.Channels.Contains(ch))
        {
            var from = date.AddDays(1 - quiet.Days);
            Add(made.Any(x => x.p.Outcome == ContactOutcome.Conversation && x.Date >= from && x.Date <= date && quiet.Channels.Contains(x.p.Channel)), ComplianceReason.AfterConversation);
        }

        Add(d.OptedOutChannels.Contains(ch) || (rules.Consent is not null && rules.Consent.ChannelsRequiringConsent.Contains(ch) && !d.AuthorizedChannels.Contains(ch)), ComplianceReason.UnauthorizedChannel);
        Add(d.DoNotContact, ComplianceReason.DoNotContact);
        Add(d.DisputeHold, ComplianceReason.DisputeHold);
        Add(d.InsolvencyProceedings, ComplianceReason.InsolvencyHold);
        Add(d.Deceased, ComplianceReason.Deceased);
        Add(request.Target == ContactTarget.ThirdParty && rules.ThirdPartyBan is not null, ComplianceReason.ThirdParty);
        return reasons.Order().ToList();

        void Add(bool condition, ComplianceReason reason)
        {
            if (condition)
            {
                reasons.Add(reason);
            }
        }
    }
}
