using Cartera.Application.Compliance;
using Cartera.Application.Data;
using Cartera.Domain.Compliance;
using Cartera.Domain.Portfolio;

namespace Cartera.Application.Tests.Compliance;

/// <summary>Debtors with consents, and requests, for the compliance tests. Tuesday 2026-11-24 10:00 in Bogotá is inside every window.</summary>
internal static class ComplianceFixture
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Tuesday 2026-11-24 10:00 Bogotá.</summary>
    public static readonly DateTimeOffset TuesdayMorningBogota = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(-5));

    public static readonly ContactActor Collector = new(ActorKind.Collector, "u-17");

    public static async Task<long> AddDebtorAsync(CarteraDbContext db, string externalId, string country = "CO", string idNumber = "1020304050", params ConsentChannel[] granted)
    {
        var idType = country == "CO" ? IdType.CC : IdType.OTHER;
        var data = new DebtorData(externalId, PartyKind.Person, IdentityDocument.Parse(idType, idNumber), "Ana María Pérez", new DateOnly(1985, 4, 2), country, null, null, null, null, "es", null);
        var debtor = Debtor.Create(data, Now);
        foreach (var channel in granted)
        {
            debtor.RecordConsent(channel, ConsentPurpose.Collection, true, "test", "signed_form", "Formulario 12", Now.AddDays(-30));
        }

        db.Debtors.Add(debtor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return debtor.Id;
    }

    public static ContactGateRequest Request(long debtorId, ConsentChannel channel, DateTimeOffset at, ContactActor? actor = null) =>
        new(debtorId, channel, ConsentPurpose.Collection, at, actor ?? Collector);
}
