using Cartera.Application.CloseOfDay;
using Cartera.Application.Delinquency;
using Cartera.Application.Export;
using Cartera.Application.Tests.Payments;
using Cartera.Domain.Common;
using Cartera.Domain.Delinquency;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.CloseOfDay;

/// <summary>
/// Issue 11 item 3: a month without a legal-cap row never stops payments or the close. The last published cap is carried
/// forward, the snapshot is marked cap_assumed, the run names the months; importing or editing cap rows makes the next
/// close recompute the closed dates they reach.
/// </summary>
public sealed class MissingCapTests
{
    private static readonly DateOnly Due = new(2026, 3, 25);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long PerDay(decimal ea) => (long)decimal.Round(100_000_000 * Rates.DailyFromEffectiveAnnual(ea), 0, MidpointRounding.ToEven);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_month_without_a_cap_carries_the_last_cap_forward_marks_the_snapshot_and_names_the_month(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Context())
        {
            // Only March 2026 is certified; April has no row.
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), 0.2436m);
            var d1 = await ClosePortfolio.DebtorAsync(db, "D1");
            await ClosePortfolio.ObligationAsync(db, d1, "LEGAL-MAX", "consumo", null, (Due, 1_000_000m));
            var d2 = await ClosePortfolio.DebtorAsync(db, "D2");
            await ClosePortfolio.ObligationAsync(db, d2, "CONTRACT20", "consumo", 0.20m, (Due, 1_000_000m));
        }

        var result = await ClosePortfolio.Runner(database).RunThroughAsync(new DateOnly(2026, 4, 5), Due, cancellationToken: Ct);

        result.Dates.Count.ShouldBe(12, "every date closes: nothing stops on the missing April row");
        result.MissingCapMonths.ShouldBe([new MissingCapMonth(CapModalities.ConsumerAndOrdinary, new DateOnly(2026, 4, 1))]);
        var april5 = await Snapshots(database, new DateOnly(2026, 4, 5));
        april5["LEGAL-MAX"].CapAssumed.ShouldBeTrue();
        april5["LEGAL-MAX"].ArrearsInterestMinor.ShouldBe(11 * 59_747, "03-26 … 04-05 at the carried 24.36 %");
        april5["CONTRACT20"].CapAssumed.ShouldBeFalse("a contract rate below the carried cap does not rest on it");
        april5["CONTRACT20"].ArrearsInterestMinor.ShouldBe(11 * PerDay(0.20m));
        (await Snapshots(database, new DateOnly(2026, 3, 31))).Values.ShouldAllBe(s => !s.CapAssumed);
        await using (var db = database.Context())
        {
            var aging = await new DelinquencyAging(db).ReportAsync(db.Obligations, new AgingFilter(new DateOnly(2026, 4, 5)), Ct);
            aging.CapAssumed.ShouldBe(1);
            var explanation = await new DelinquencyExplainer(db).ExplainAsync(april5["LEGAL-MAX"].ObligationId, new DateOnly(2026, 4, 5), Ct);
            explanation.CapAssumedMonths.ShouldBe([new DateOnly(2026, 4, 1)]);
            explanation.Segments[^1].CapAssumed.ShouldBeTrue();
        }

        var csv = new MemoryStream();
        await new DelinquencyExporter(database.Options).ExportAsync(new DateOnly(2026, 4, 5), ExportFormat.Csv, csv, Ct);
        var lines = System.Text.Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].ShouldEndWith(",cap_assumed,pending_recompute");
        lines.Single(l => l.StartsWith("LEGAL-MAX,", StringComparison.Ordinal)).ShouldEndWith(",true,false");
        lines.Single(l => l.StartsWith("CONTRACT20,", StringComparison.Ordinal)).ShouldEndWith(",false,false");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Importing_the_missing_row_makes_the_next_close_recompute_the_closed_dates_it_reaches(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Context())
        {
            await ClosePortfolio.CapAsync(db, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), 0.2436m);
            var d1 = await ClosePortfolio.DebtorAsync(db, "D1");
            await ClosePortfolio.ObligationAsync(db, d1, "LEGAL-MAX", "consumo", null, (Due, 1_000_000m));
        }

        await ClosePortfolio.Runner(database).RunThroughAsync(new DateOnly(2026, 4, 5), Due, cancellationToken: Ct);
        UsuryCapImportResult imported;
        await using (var db = database.Context())
        {
            imported = await new UsuryCapImporter(db).ImportAsync(
                new StringReader("valid_from,valid_to,modality,usury_ea\n2026-04-01,2026-04-30,consumo_ordinario,0.30\n"), "april.csv", "CO", Ct);
        }

        imported.Succeeded.ShouldBeTrue();
        imported.RecomputeFrom.ShouldBe(new DateOnly(2026, 4, 1));
        var next = await ClosePortfolio.Runner(database).RunAsync(new DateOnly(2026, 4, 6), cancellationToken: Ct);

        next.Dates.Single().Steps.Single(s => s.Step == CloseOfDaySteps.RecomputeCaps).Partitions.ShouldBe(5, "closed dates 04-01 … 04-05");
        next.MissingCapMonths.ShouldBeEmpty();
        var april5 = (await Snapshots(database, new DateOnly(2026, 4, 5)))["LEGAL-MAX"];
        april5.CapAssumed.ShouldBeFalse();
        april5.ArrearsInterestMinor.ShouldBe((6 * 59_747) + (5 * PerDay(0.30m)), "03-26 … 03-31 at 24.36 %, 04-01 … 04-05 at the imported 30 %");
        (await Snapshots(database, new DateOnly(2026, 3, 31)))["LEGAL-MAX"].ArrearsInterestMinor.ShouldBe(6 * 59_747, "before the new row: unchanged");
        await using (var db = database.Context())
        {
            (await db.SnapshotRecomputeRequests.AsNoTracking().ToListAsync(Ct)).ShouldHaveSingleItem().DoneOn.ShouldBe(new DateOnly(2026, 4, 6));

            // An edit on the admin page (or any UsuryCapAdministration save) requests a recompute from the row's start too.
            var row = await db.UsuryCaps.AsNoTracking().SingleAsync(c => c.ValidFrom == new DateOnly(2026, 4, 1), Ct);
            await new UsuryCapAdministration(db).SaveAsync(new UsuryCapInput(row.Id, "CO", row.Modality, row.ValidFrom, row.ValidTo, 0.28m, null, "edited", false), Ct);
            (await db.SnapshotRecomputeRequests.AsNoTracking().Where(r => r.DoneOn == null).Select(r => r.FromDate).ToListAsync(Ct)).ShouldBe([new DateOnly(2026, 4, 1)]);
        }

        await ClosePortfolio.Runner(database).RunAsync(new DateOnly(2026, 4, 7), cancellationToken: Ct);
        (await Snapshots(database, new DateOnly(2026, 4, 5)))["LEGAL-MAX"].ArrearsInterestMinor.ShouldBe((6 * 59_747) + (5 * PerDay(0.28m)));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_payment_on_an_obligation_without_any_cap_row_is_accepted(string provider)
    {
        // The microcredito modality has no row at all, and the contract leaves arrears to the legal maximum.
        await using var f = await PaymentFixture.CreateAsync(provider);
        var id = await f.AddObligationAsync("MICRO-1", product: "microcredito", arrearsEa: null);

        var result = await f.Posting().PostAsync(f.Command(id, 1_000m), Ct);

        result.Payment.Status.ShouldBe(Cartera.Application.Payments.PaymentStatus.Posted);
        result.View.Allocation.Sum(l => l.AmountMinor).ShouldBe(100_000);
        var position = await f.PositionAsync(id, PaymentFixture.Today);
        position.CapAssumed.ShouldBeTrue();
        position.Installments.Sum(i => i.ArrearsAccrued).ShouldBe(0, "no legal rate is guessed: nothing accrues");
    }

    private static async Task<Dictionary<string, DelinquencySnapshot>> Snapshots(TestDatabase database, DateOnly date)
    {
        await using var db = database.Context();
        return await db.DelinquencySnapshots.AsNoTracking().Where(s => s.BusinessDate == date)
            .Join(db.Obligations, s => s.ObligationId, o => o.Id, (s, o) => new { o.ExternalId, s })
            .ToDictionaryAsync(x => x.ExternalId, x => x.s, Ct);
    }
}
