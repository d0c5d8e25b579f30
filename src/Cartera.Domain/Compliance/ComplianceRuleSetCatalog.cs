using Cartera.Domain.Common;

namespace Cartera.Domain.Compliance;

/// <summary>
/// The rule sets in force, by jurisdiction and validity. When several versions cover a date the highest
/// <see cref="ComplianceRuleSet.Version"/> wins. Immutable; build a new catalog when an administrator saves a version.
/// </summary>
public sealed class ComplianceRuleSetCatalog
{
    private readonly Dictionary<string, Entry[]> _byJurisdiction;

    public ComplianceRuleSetCatalog(IEnumerable<ComplianceRuleSet> ruleSets)
    {
        ArgumentNullException.ThrowIfNull(ruleSets);
        _byJurisdiction = ruleSets
            .Select(r => r.Validate())
            .GroupBy(r => r.Jurisdiction.ToUpperInvariant(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Version).Select(r => new Entry(r)).ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The shipped defaults for CO, MX, US and ES (<see cref="DefaultRuleSets"/>).</summary>
    public static ComplianceRuleSetCatalog Defaults { get; } = new(DefaultRuleSets.All);

    public IEnumerable<ComplianceRuleSet> All => _byJurisdiction.Values.SelectMany(v => v).Select(e => e.Set);

    /// <summary>The rule set of <paramref name="jurisdiction"/> that applies on the debtor's local date.</summary>
    /// <exception cref="DomainException"><c>no_rule_set</c>.</exception>
    public ComplianceRuleSet For(string jurisdiction, DateOnly localDate) =>
        (TryResolve(jurisdiction, localDate) ?? throw NoRuleSet(jurisdiction, localDate)).Set;

    internal static DomainException NoRuleSet(string jurisdiction, DateOnly localDate) =>
        new("no_rule_set", $"No compliance rule set for '{jurisdiction}' on {localDate:yyyy-MM-dd}.", "jurisdiction");

    internal Entry? TryResolve(string jurisdiction, DateOnly localDate)
    {
        if (jurisdiction is not null && _byJurisdiction.TryGetValue(jurisdiction, out var entries))
        {
            foreach (var entry in entries)
            {
                if (entry.Set.AppliesOn(localDate))
                {
                    return entry;
                }
            }
        }

        return null;
    }

    /// <summary>A rule set with what the gate derives from it once: its label and its holiday calendar.</summary>
    internal sealed class Entry(ComplianceRuleSet set)
    {
        public ComplianceRuleSet Set { get; } = set;

        public string Label { get; } = set.VersionLabel;

        public Calendars.IHolidayCalendar? Calendar { get; } = set.Holidays is null ? null : Calendars.HolidayCalendars.For(set.Holidays.CalendarCountry);
    }
}
