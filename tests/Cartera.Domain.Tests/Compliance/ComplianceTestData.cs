using System.Globalization;
using Cartera.Domain.Common;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;

namespace Cartera.Domain.Tests.Compliance;

/// <summary>Short builders for contact requests in tests.</summary>
internal static class ComplianceTestData
{
    public static readonly ContactActor Collector = new(ActorKind.Collector, "u-17");

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None);

    public static DebtorComplianceProfile Debtor(string jurisdiction, string timeZone) => new()
    {
        Jurisdiction = jurisdiction,
        TimeZone = timeZone,
        AuthorizedChannels = ChannelSet.All,
    };

    public static DebtorComplianceProfile Bogota => Debtor("CO", "America/Bogota");

    public static DebtorComplianceProfile MexicoCity => Debtor("MX", "America/Mexico_City");

    public static DebtorComplianceProfile NewYork => Debtor("US", "America/New_York");

    public static DebtorComplianceProfile Madrid => Debtor("ES", "Europe/Madrid");

    public static PriorContact Prior(ConsentChannel channel, string at, ContactOutcome outcome = ContactOutcome.Attempt) => new(channel, At(at), outcome, Collector);

    public static ContactRequest Request(DebtorComplianceProfile debtor, ConsentChannel channel, string at, params PriorContact[] prior) => new()
    {
        Debtor = debtor,
        Channel = channel,
        At = At(at),
        Actor = Collector,
        Prior = prior,
    };

    public static ComplianceDecision Check(DebtorComplianceProfile debtor, ConsentChannel channel, string at, params PriorContact[] prior) =>
        ComplianceGate.Default.Check(Request(debtor, channel, at, prior));

    /// <summary>The decision's reasons as codes, for readable assertions.</summary>
    public static string[] Codes(this ComplianceDecision decision) => decision.Reasons.Select(r => EnumCodes.ToCode(r)).ToArray();
}
