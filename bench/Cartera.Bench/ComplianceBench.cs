using System.Diagnostics;
using System.Globalization;
using Cartera.Application.Compliance;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;

namespace Cartera.Bench;

/// <summary>
/// Compliance gate benchmark (<c>--suite compliance</c>): generates debtors of CO, MX, US and ES (several time zones,
/// consents, a few overrides) with 0–20 prior attempts each across channels over the 14 days before the check, builds
/// the gate over the rule sets as they are stored (default rule sets through their JSON form), and runs N checks
/// in-process on one thread, timing each one. Prints checks/s, latency percentiles per check and the share blocked.
///   dotnet run -c Release --project bench/Cartera.Bench -- --suite compliance [--checks 1000000] [--debtors 20000] [--seed 7]
/// </summary>
internal static class ComplianceBench
{
    private static readonly DateTimeOffset Start = new(2026, 11, 9, 0, 0, 0, TimeSpan.Zero);
    private static readonly ConsentChannel[] Channels = Enum.GetValues<ConsentChannel>();

    private static readonly (string Country, string?[] Regions)[] Countries =
    [
        ("CO", [null]),
        ("MX", [null, "BC", "SON", "ROO", "CHH"]),
        ("US", [null, "CA", "TX", "AZ", "CO"]),
        ("ES", [null]),
    ];

    public static int Run(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var checks = int.Parse(Value("--checks", "1000000"), CultureInfo.InvariantCulture);
        var debtors = int.Parse(Value("--debtors", "20000"), CultureInfo.InvariantCulture);
        var seed = int.Parse(Value("--seed", "7"), CultureInfo.InvariantCulture);

        var sw = Stopwatch.StartNew();
        var gate = StoredGate();
        var requests = Generate(debtors, seed);
        var priors = requests.Sum(r => r.Prior.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {requests.Length:N0} debtors with {priors:N0} prior attempts ({(double)priors / requests.Length:F1} each) in {sw.Elapsed.TotalSeconds:F1} s"));

        // Warm-up: JIT, zone tables and holiday calendars.
        for (var i = 0; i < Math.Min(100_000, checks); i++)
        {
            gate.Check(requests[i % requests.Length]);
        }

        var latencies = new long[checks];
        var blocked = 0L;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < checks; i++)
        {
            var request = requests[i % requests.Length];
            var t0 = Stopwatch.GetTimestamp();
            var decision = gate.Check(request);
            latencies[i] = Stopwatch.GetTimestamp() - t0;
            if (!decision.Allowed)
            {
                blocked++;
            }
        }

        total.Stop();
        Array.Sort(latencies);
        double Micro(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)] * 1_000_000.0 / Stopwatch.Frequency;
        var perSecond = checks / total.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine("suite       checks       seconds   checks/s    p50 µs  p95 µs  p99 µs  blocked   goal");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compliance  {checks,-12:N0} {total.Elapsed.TotalSeconds,7:F2}   {perSecond,-11:N0} {Micro(0.50),6:F2} {Micro(0.95),7:F2} {Micro(0.99),7:F2}  {100.0 * blocked / checks,5:F1} %   {(perSecond >= 100_000 ? "met" : "NOT met")} (≥ 100,000/s)"));
        return perSecond >= 100_000 ? 0 : 1;
    }

    /// <summary>The gate over the default rule sets as the database holds them: each one through its stored JSON.</summary>
    private static ComplianceGate StoredGate() =>
        new(new ComplianceRuleSetCatalog(DefaultRuleSets.All.Select(d =>
            RulesData.FromJson(RulesData.From(d).ToJson()).ToRuleSet(d.Id, d.Version, d.Jurisdiction, d.ValidFrom, d.ValidTo))));

    private static ContactRequest[] Generate(int count, int seed)
    {
        var random = new Random(seed);
        var requests = new ContactRequest[count];
        var collectors = Enumerable.Range(1, 50).Select(i => new ContactActor(ActorKind.Collector, $"u-{i}")).Append(new ContactActor(ActorKind.Strategy, "s-1")).Append(new ContactActor(ActorKind.Agency, "ag-1")).ToArray();
        for (var n = 0; n < count; n++)
        {
            var (country, regions) = Countries[random.Next(Countries.Length)];
            var idType = country == "CO" ? IdType.CC : IdType.OTHER;
            var debtor = Debtor.Create(
                new DebtorData($"B-{n}", PartyKind.Person, IdentityDocument.Parse(idType, (10_000_000 + n).ToString(CultureInfo.InvariantCulture)), "Bench", null, country, regions[random.Next(regions.Length)], null, null, null, "es", null),
                Start);
            foreach (var channel in Channels)
            {
                if (random.NextDouble() < 0.6)
                {
                    debtor.RecordConsent(channel, ConsentPurpose.Collection, random.NextDouble() < 0.9, "bench", "import", null, Start);
                }
            }

            var overrides = random.NextDouble() < 0.05
                ? new DebtorComplianceOverride
                {
                    DebtorId = n,
                    OptedOutChannels = random.NextDouble() < 0.5 ? "calls" : string.Empty,
                    AgreedHours = random.NextDouble() < 0.3 ? "mon-fri 08:00-20:00" : null,
                    AgreedHoursDocument = "Acuerdo",
                    DisputeHold = random.NextDouble() < 0.2,
                }
                : null;
            var profile = ComplianceProfiles.For(debtor, overrides, ConsentPurpose.Collection);

            // The check: some instant of the 7 days after the 14-day history, any hour (so the hours rules bite too).
            var at = Start.AddDays(14).AddMinutes(random.Next(7 * 24 * 60));
            var prior = new PriorContact[random.Next(21)];
            for (var i = 0; i < prior.Length; i++)
            {
                var outcome = random.NextDouble() switch { < 0.15 => ContactOutcome.Blocked, < 0.35 => ContactOutcome.Conversation, _ => ContactOutcome.Attempt };
                prior[i] = new PriorContact(Channels[random.Next(Channels.Length)], at.AddMinutes(-random.Next(1, 14 * 24 * 60)), outcome, collectors[random.Next(collectors.Length)]);
            }

            requests[n] = new ContactRequest
            {
                Debtor = profile,
                Channel = Channels[random.Next(Channels.Length)],
                At = at,
                Actor = collectors[random.Next(collectors.Length)],
                Target = random.NextDouble() < 0.02 ? ContactTarget.ThirdParty : ContactTarget.Debtor,
                Prior = prior,
            };
        }

        return requests;
    }
}
