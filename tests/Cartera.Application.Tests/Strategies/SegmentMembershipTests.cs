using System.Globalization;
using Cartera.Application.Audit;
using Cartera.Application.Collection.Agreements;
using Cartera.Application.Collection.Promises;
using Cartera.Application.Delinquency;
using Cartera.Application.Scoring.Portfolio;
using Cartera.Application.Strategies;
using Cartera.Domain.Collection.Activities;
using Cartera.Domain.Portfolio;
using Cartera.Domain.Strategies;
using Cartera.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Tests.Strategies;

public sealed class SegmentMembershipTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Facts_come_from_the_latest_snapshots_debtors_and_scores_and_the_rule_selects_in_batches(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Context(FixedActor.System, new FakeTimeProvider(Now));
        var debtors = new List<Debtor>();
        for (var i = 1; i <= 5; i++)
        {
            var n = (20_000_000 + i).ToString(CultureInfo.InvariantCulture);
            debtors.Add(Debtor.Create(
                new DebtorData($"S{i}", PartyKind.Person, IdentityDocument.Parse(IdType.CC, n), $"Deudor {i}", null, "CO", i <= 2 ? "Antioquia" : "Cundinamarca", "Medellín", null, null, "es", i == 5 ? "nomina" : null),
                Now));
        }

        db.Debtors.AddRange(debtors);
        await db.SaveChangesAsync(Ct);
        var ids = debtors.Select(d => d.Id).ToArray();
        var old = new DateOnly(2026, 12, 5);
        var latest = new DateOnly(2026, 12, 6);
        var obligation = 0L;
        void Snapshot(DateOnly date, long debtor, int dpd, long dueMinor, long principalMinor, string product = "consumo") =>
            db.DelinquencySnapshots.Add(new DelinquencySnapshot
            {
                ObligationId = ++obligation,
                BusinessDate = date,
                DebtorId = debtor,
                Product = product,
                CurrencyCode = "COP",
                Dpd = dpd,
                Bucket = "x",
                TotalDueMinor = dueMinor,
                OutstandingPrincipalMinor = principalMinor,
                OwnCategory = "A",
                Classification = "A",
            });
        Snapshot(old, ids[0], 99, 1, 1); // an older date: ignored
        Snapshot(latest, ids[0], 0, 0, 1_000_000);
        Snapshot(latest, ids[1], 12, 300_000, 2_000_000);
        Snapshot(latest, ids[1], 40, 200_000, 500_000, "tarjeta");
        Snapshot(latest, ids[2], 5, 50_000, 900_000);
        Snapshot(latest, ids[3], 200, 9_000_000, 9_000_000);
        Snapshot(latest, ids[4], 3, 10_000, 100_000);
        var model = new StoredScoringModel { ModelVersion = "t", Kind = "k", Algorithm = "a", DataSha256 = "x", TrainedBy = "t", TrainedAt = Now };
        db.ScoringModels.Add(model);
        await db.SaveChangesAsync(Ct);
        db.DebtorScores.Add(new DebtorScore { BusinessDate = old, DebtorId = ids[1], Probability = 0.9, ModelId = model.Id, Segment = "s", RiskBand = "r", BalanceBand = "b", DpdBand = "d", CurrencyCode = "COP" });
        db.DebtorScores.Add(new DebtorScore { BusinessDate = latest, DebtorId = ids[1], Probability = 0.2, ModelId = model.Id, Segment = "s", RiskBand = "r", BalanceBand = "b", DpdBand = "d", CurrencyCode = "COP" });
        db.DebtorScores.Add(new DebtorScore { BusinessDate = new DateOnly(2026, 12, 9), DebtorId = ids[2], Probability = 0.5, ModelId = model.Id, Segment = "s", RiskBand = "r", BalanceBand = "b", DpdBand = "d", CurrencyCode = "COP" });
        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();
        var membership = new SegmentMembership(db, new PromiseQueries(db), new AgreementQueries(db));

        var batches = new List<IReadOnlyList<DebtorFacts>>();
        await foreach (var batch in membership.FactsAsync(new DateOnly(2026, 12, 7), batchSize: 2, Ct))
        {
            batches.Add(batch);
        }

        batches.Select(b => b.Count).ShouldBe([2, 2, 1]);
        var facts = batches.SelectMany(b => b).ToDictionary(f => f.DebtorId);
        facts.Keys.ShouldBe(ids);
        var two = facts[ids[1]];
        (two.Dpd, two.OverdueMinor, two.BalanceMinor, two.Stage, two.Region).ShouldBe((40, 500_000L, 2_500_000L, CollectionStage.Late, "Antioquia"));
        two.Products.Order(StringComparer.Ordinal).ShouldBe(["consumo", "tarjeta"]);
        two.PaymentProbability.ShouldBe(0.2); // the latest score on or before the date
        facts[ids[2]].PaymentProbability.ShouldBeNull(); // scored after the date only
        facts[ids[0]].Dpd.ShouldBe(0);
        facts[ids[4]].Tags.ShouldBe(["nomina"]);
        facts[ids[3]].PromiseState.ShouldBe(PromiseState.None);
        facts[ids[3]].AgreementState.ShouldBe(AgreementState.None);

        var rule = Segments.Parse("""{"all":[{"field":"dpd","op":">=","value":1},{"any":[{"field":"region","op":"=","value":"Antioquia"},{"field":"tags","op":"in","value":["nomina"]}]}]}""");
        (await membership.MembersAsync(rule, new DateOnly(2026, 12, 7), batchSize: 2, Ct)).ShouldBe([ids[1], ids[4]]);
        (await membership.MembersAsync(Segments.Everyone, new DateOnly(2026, 12, 4), ct: Ct)).ShouldBeEmpty(); // nothing closed yet
        (await membership.MembersAsync(Segments.Parse("""{"field":"dpd","op":">","value":50}"""), old, ct: Ct)).ShouldBe([ids[0]]);
    }
}
