using Cartera.Application.CloseOfDay;
using Cartera.Application.Delinquency;
using Cartera.Application.Payments;
using Cartera.Domain.Delinquency;
using Cartera.Domain.Ledger;
using Cartera.Tests.Support;

namespace Cartera.Application.Tests.CloseOfDay;

/// <summary>
/// Jurisdiction as data: a portfolio with Colombian and Mexican obligations closes each under its own jurisdiction's
/// tables — the holder's country picks the cap table (Mexico has none: the contract arrears rate applies alone) and
/// the classification table.
/// </summary>
public sealed class JurisdictionCloseTests
{
    private static readonly DateOnly Due = new(2026, 3, 1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_mixed_Colombian_and_Mexican_portfolio_closes_each_obligation_under_its_own_jurisdictions_tables(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long co, mx, mxLegal;
        await using (var db = database.Context())
        {
            // Colombia caps arrears at 24.36 %; Mexico has no cap row.
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 0.2436m);
            co = await ClosePortfolio.ObligationAsync(db, await ClosePortfolio.DebtorAsync(db, "CO-1"), "CO-O1", "consumo", 0.60m, (Due, 1_000_000m));
            mx = await ClosePortfolio.ObligationAsync(db, await ClosePortfolio.DebtorAsync(db, "MX-1", "MX"), "MX-O1", "consumo", 0.60m, (Due, 1_000_000m));

            // A Mexican debtor left to "the legal maximum": no Mexican cap, so no arrears accrue (Cartera never guesses a legal rate).
            mxLegal = await ClosePortfolio.ObligationAsync(db, await ClosePortfolio.DebtorAsync(db, "MX-2", "MX"), "MX-O2", "consumo", null, (Due, 1_000_000m));
        }

        var date = Due.AddDays(30);
        await ClosePortfolio.Runner(database).RunThroughAsync(date, date, cancellationToken: Ct);
        var snapshots = (await ClosePortfolio.SnapshotsAsync(database, date)).ToDictionary(s => s.ObligationId);

        // 30 days on 1,000,000 pesos: at the Colombian cap 24.36 % EA, at the Mexican contract rate 60 % EA.
        var atCap = Arrears(0.2436m, 30);
        var atContract = Arrears(0.60m, 30);
        snapshots[co].ArrearsInterestMinor.ShouldBe(atCap);
        snapshots[mx].ArrearsInterestMinor.ShouldBe(atContract);
        atContract.ShouldBeGreaterThan(atCap);
        snapshots[mxLegal].ArrearsInterestMinor.ShouldBe(0);
        snapshots[mxLegal].CapAssumed.ShouldBeTrue();
        snapshots[co].CapAssumed.ShouldBeFalse();
        snapshots[mx].CapAssumed.ShouldBeFalse();

        // Classification: Mexico has no DPD table of its own and uses the shipped default (30 DPD consumer: A).
        snapshots.Values.ShouldAllBe(s => s.Dpd == 30 && s.OwnCategory == "A");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_cap_and_classification_tables_follow_the_holders_jurisdiction(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long co, mx;
        await using (var db = database.Context())
        {
            // Both jurisdictions with a cap row of the same modality: each obligation meets only its own.
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 0.2436m);
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 0.40m, jurisdiction: "MX");
            co = await ClosePortfolio.ObligationAsync(db, await ClosePortfolio.DebtorAsync(db, "CO-1"), "CO-O1", "consumo", null, (Due, 1_000_000m));
            mx = await ClosePortfolio.ObligationAsync(db, await ClosePortfolio.DebtorAsync(db, "MX-1", "MX"), "MX-O1", "consumo", 0.60m, (Due, 1_000_000m));
        }

        // A Mexican consumer table stricter than the Colombian one (B from 11 days): data, not code.
        var tables = new ClassificationTables("CO", new Dictionary<string, IReadOnlyDictionary<ClassificationTableKind, ClassificationTable>>
        {
            ["CO"] = new Dictionary<ClassificationTableKind, ClassificationTable> { [ClassificationTableKind.Consumer] = new(ClassificationTableKind.Consumer, 30, 60, 90, 180) },
            ["MX"] = new Dictionary<ClassificationTableKind, ClassificationTable> { [ClassificationTableKind.Consumer] = new(ClassificationTableKind.Consumer, 10, 20, 30, 40) },
        });
        var date = Due.AddDays(25);
        await using (var db = database.Context())
        {
            var loaded = await JurisdictionTables.LoadAsync(db, Ct);
            var engine = await SnapshotEngine.LoadAsync(db, Ct, new JurisdictionTables(
                new Dictionary<string, CapTable> { ["CO"] = loaded.Rates("CO").Caps, ["MX"] = loaded.Rates("MX").Caps }, tables));
            var computed = (await engine.ComputeAsync(db, date, new DebtorRange(long.MinValue, long.MaxValue), Ct)).ToDictionary(s => s.ObligationId);
            computed[co].OwnCategory.ShouldBe("A");
            computed[mx].OwnCategory.ShouldBe("C");
            computed[co].ArrearsInterestMinor.ShouldBe(Arrears(0.2436m, 25));
            computed[mx].ArrearsInterestMinor.ShouldBe(Arrears(0.40m, 25)); // min(60 % contract, 40 % Mexican cap)
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_payment_allocates_the_arrears_of_its_obligations_jurisdiction(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long co, mx;
        await using (var db = database.Context())
        {
            // Colombia caps arrears at 24.36 %; Mexico has no cap row, so its 60 % contract rate applies alone.
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 0.2436m);
            co = await ClosePortfolio.ObligationAsync(db, await ClosePortfolio.DebtorAsync(db, "CO-1"), "CO-O1", "consumo", 0.60m, (Due, 1_000_000m));
            mx = await ClosePortfolio.ObligationAsync(db, await ClosePortfolio.DebtorAsync(db, "MX-1", "MX"), "MX-O1", "consumo", 0.60m, (Due, 1_000_000m));
        }

        var date = Due.AddDays(30);
        await ClosePortfolio.Runner(database).RunThroughAsync(date, date, cancellationToken: Ct);

        long ArrearsPaid(PaymentPostingResult result) =>
            result.View.Allocation.Where(l => l.Component == LedgerComponent.ArrearsInterest).Sum(l => l.AmountMinor);
        await using (var db = database.Context())
        {
            var posting = new PaymentPosting(db);
            var toCo = await posting.PostAsync(new PostPaymentCommand(co, 2_000_000m, "COP", date, PaymentChannel.Bank, null, "co-1"), Ct);
            var toMx = await posting.PostAsync(new PostPaymentCommand(mx, 2_000_000m, "COP", date, PaymentChannel.Bank, null, "mx-1"), Ct);

            // The same engine as the close: Colombian arrears at the cap, Mexican arrears at the contract rate.
            ArrearsPaid(toCo).ShouldBeLessThanOrEqualTo(Arrears(0.2436m, 31));
            ArrearsPaid(toCo).ShouldBeGreaterThan(0);
            ArrearsPaid(toMx).ShouldBeGreaterThanOrEqualTo(Arrears(0.60m, 29));
        }
    }

    /// <summary>Arrears on 1,000,000.00 for <paramref name="days"/> days at an effective annual rate, rounded half-even per day (RULES §3).</summary>
    private static long Arrears(decimal ea, int days)
    {
        var perDay = (long)Math.Round(100_000_000m * Domain.Common.Rates.DailyFromEffectiveAnnual(ea), MidpointRounding.ToEven);
        return perDay * days;
    }
}
