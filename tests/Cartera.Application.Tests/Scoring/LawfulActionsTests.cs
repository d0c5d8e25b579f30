using Cartera.Application.Audit;
using Cartera.Application.Compliance;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Domain.Portfolio;
using Cartera.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Application.Tests.Scoring;

/// <summary>The best next action is only an action the debtor can lawfully receive now, and the others say why not.</summary>
public sealed class LawfulActionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_revoked_call_consent_and_no_email_address_keep_call_and_email_out_of_the_ranking(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Context(FixedActor.System, new FakeTimeProvider(Now));
        var debtor = Debtor.Create(
            new DebtorData("D-1", PartyKind.Person, IdentityDocument.Parse(IdType.CC, "1020304050"), "Ana Pérez", new DateOnly(1985, 4, 12), "CO", null, "Bogotá", "Calle 1", null, "es", null),
            Now);
        debtor.AddContactPoint(ContactChannel.Mobile, "+57 300 123 4567", Now);
        foreach (var channel in Enum.GetValues<ConsentChannel>())
        {
            debtor.RecordConsent(channel, ConsentPurpose.Collection, true, "test", "signed_form", null, Now.AddDays(-30));
        }

        debtor.RecordConsent(ConsentChannel.Calls, ConsentPurpose.Collection, false, "test", "phone", null, Now.AddDays(-2));
        db.Debtors.Add(debtor);
        await db.SaveChangesAsync(Ct);
        await AddScoreAsync(db, debtor.Id, dpd: 45);
        using var cache = new ComplianceCatalogCache();

        var view = await new DebtorScoreQueries(db, cache).LatestAsync(debtor.Id, ct: Ct);

        // Without the filter, a call ranks second for this debtor (after a visit) and e-mail fourth.
        var unfiltered = Domain.Scoring.BestNextAction.Rank(0.31, 5_000_000m, 45).Select(a => a.Code).ToList();
        unfiltered.ShouldContain("call");
        unfiltered.ShouldContain("email");
        view!.Actions.Select(a => a.Code).ShouldBe(unfiltered.Where(c => c is not ("call" or "email")));
        var excluded = view.ExcludedActions.ToDictionary(e => e.Code, e => e.Reasons.Select(r => r.Code).ToList());
        excluded.Keys.ShouldBe(["call", "email"], ignoreOrder: true);
        excluded["call"].ShouldBe(["unauthorized_channel"]);
        excluded["email"].ShouldBe(["no_contact_point"]);
        var label = view.ExcludedActions.Single(e => e.Code == "call").Reasons[0];
        label.Es.ShouldBe("El deudor no autorizó este canal o se opuso a él");
        label.En.ShouldBe("The debtor has not authorized this channel or opted out of it");

        // A dispute hold leaves nothing but waiting.
        await new ComplianceOverrides(db).SaveAsync(debtor.Id, OverrideData.None with { DisputeHold = true }, Ct);
        var held = await new DebtorScoreQueries(db, cache).LatestAsync(debtor.Id, ct: Ct);
        held!.Actions.Select(a => a.Code).ShouldBe(["none"]);
        held.ExcludedActions.ShouldAllBe(e => e.Reasons.Any(r => r.Code == "dispute_hold"));
    }

    private static async Task AddScoreAsync(Cartera.Application.Data.CarteraDbContext db, long debtorId, int dpd)
    {
        var model = new StoredScoringModel { ModelVersion = "t-1", Kind = "gbt", Algorithm = "test", DataSha256 = new string('0', 64), TrainedBy = "test", TrainedAt = Now, Artifact = [1] };
        db.ScoringModels.Add(model);
        await db.SaveChangesAsync(Ct);
        db.DebtorScores.Add(new DebtorScore { BusinessDate = new DateOnly(2026, 3, 19), DebtorId = debtorId, Probability = 0.31, Segment = "high|medium|31-90", RiskBand = "high", BalanceBand = "medium", DpdBand = "31-90", Dpd = dpd, BalanceMinor = 500_000_000, CurrencyCode = "COP", ModelId = model.Id });
        await db.SaveChangesAsync(Ct);
    }
}
