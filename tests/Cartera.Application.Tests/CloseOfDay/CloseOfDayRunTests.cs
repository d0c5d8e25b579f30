using Cartera.Application.CloseOfDay;
using Cartera.Domain.Common;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Tests.CloseOfDay;

/// <summary>Dates in order, idempotency, progress rows, and recompute after back-dated lines.</summary>
public sealed class CloseOfDayRunTests
{
    private static readonly DateOnly Due = new(2026, 3, 1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<long> OneLoanAsync(TestDatabase database)
    {
        await using var db = database.Context();
        await ClosePortfolio.CapAsync(db, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 0.2436m);
        var debtor = await ClosePortfolio.DebtorAsync(db, "D1");
        var id = await ClosePortfolio.ObligationAsync(db, debtor, "O1", "consumo", null, (Due, 1_000_000m), (Due.AddMonths(1), 1_000_000m));
        var other = await ClosePortfolio.DebtorAsync(db, "D2");
        await ClosePortfolio.ObligationAsync(db, other, "O2", "consumo", 0.30m, (Due.AddDays(-20), 500_000m));
        return id;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Closing_a_closed_date_again_changes_nothing_and_says_so_gaps_and_earlier_dates_are_refused(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await OneLoanAsync(database);
        var runner = ClosePortfolio.Runner(database);
        await runner.RunAsync(Due.AddDays(5), cancellationToken: Ct);
        await runner.RunAsync(Due.AddDays(6), cancellationToken: Ct);
        var before = (await ClosePortfolio.SnapshotsAsync(database)).Select(ClosePortfolio.Line).ToList();

        var again = await runner.RunAsync(Due.AddDays(5), cancellationToken: Ct);
        again.Dates.Single().AlreadyClosed.ShouldBeTrue();
        again.Message.ShouldBe("2026-03-06 is already closed; nothing changed.");
        var through = await runner.RunThroughAsync(Due.AddDays(6), cancellationToken: Ct);
        through.Dates.ShouldBeEmpty();
        through.Message!.ShouldContain("already closed");

        var gap = await Should.ThrowAsync<DomainException>(() => runner.RunAsync(Due.AddDays(8), cancellationToken: Ct));
        gap.Code.ShouldBe("close_gap");
        gap.Message.ShouldContain("the next one is 2026-03-08");
        var earlier = await Should.ThrowAsync<DomainException>(() => runner.RunAsync(Due.AddDays(1), cancellationToken: Ct));
        earlier.Code.ShouldBe("close_earlier_date");
        var fromGap = await Should.ThrowAsync<DomainException>(() => runner.RunThroughAsync(Due.AddDays(12), Due.AddDays(9), cancellationToken: Ct));
        fromGap.Code.ShouldBe("close_gap");

        (await ClosePortfolio.SnapshotsAsync(database)).Select(ClosePortfolio.Line).ShouldBe(before);
        var status = await runner.StatusAsync(Ct);
        status.LastClosed.ShouldBe(Due.AddDays(6));
        status.Open.ShouldBeNull();
        status.Steps.Select(s => s.Step).ShouldBe(CloseOfDaySteps.InOrder);
        status.Steps.Single(s => s.Step == CloseOfDaySteps.Snapshots).Obligations.ShouldBe(2);
        status.Steps.Single(s => s.Step == CloseOfDaySteps.RegularInterest).Note!.ShouldContain("nothing to accrue");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_close_is_refused_while_another_one_holds_the_database_and_runs_once_it_is_released(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await OneLoanAsync(database);
        var runner = ClosePortfolio.Runner(database);
        await using (var other = database.Context())
        {
            await other.Database.OpenConnectionAsync(Ct);
            await using var held = await CloseOfDayLock.AcquireAsync(other, Ct);

            var refused = await Should.ThrowAsync<DomainException>(() => runner.RunAsync(Due.AddDays(5), cancellationToken: Ct));
            refused.Code.ShouldBe("close_in_progress");
            (await Should.ThrowAsync<DomainException>(() => runner.RunThroughAsync(Due.AddDays(5), cancellationToken: Ct))).Code.ShouldBe("close_in_progress");
            (await runner.StatusAsync(Ct)).LastClosed.ShouldBeNull();
        }

        var result = await runner.RunAsync(Due.AddDays(5), cancellationToken: Ct);
        result.Dates.Single().Obligations.ShouldBe(2);
        (await runner.RunAsync(Due.AddDays(6), cancellationToken: Ct)).Dates.Single().Obligations.ShouldBe(2);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Through_on_a_fresh_portfolio_starts_at_the_earliest_issue_date(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await OneLoanAsync(database);

        var result = await ClosePortfolio.Runner(database).RunThroughAsync(Due.AddDays(2), cancellationToken: Ct);

        // O2 is issued a month before its due date, 2026-02-09 minus one month.
        result.Dates[0].Date.ShouldBe(Due.AddDays(-20).AddMonths(-1));
        result.Dates[^1].Date.ShouldBe(Due.AddDays(2));
        result.Dates.Count.ShouldBe(Due.AddDays(2).DayNumber - Due.AddDays(-20).AddMonths(-1).DayNumber + 1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rerunning_a_partition_whose_progress_row_was_lost_replaces_its_snapshots_identically(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await OneLoanAsync(database);
        await ClosePortfolio.Runner(database, partitions: 2).RunAsync(Due.AddDays(3), cancellationToken: Ct);
        var before = (await ClosePortfolio.SnapshotsAsync(database)).Select(ClosePortfolio.Line).ToList();

        // As if the process died after the snapshots of every partition but before the date was closed.
        await using (var db = database.Context())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE close_of_day_steps SET status = 'pending' WHERE step = 'snapshots'", Ct);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM close_of_day_steps WHERE step = 'close'", Ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE business_days SET status = 'open', closed_at = NULL", Ct);
        }

        var runner = ClosePortfolio.Runner(database, partitions: 2);
        (await runner.StatusAsync(Ct)).Open.ShouldBe(Due.AddDays(3));
        var resumed = await runner.RunAsync(Due.AddDays(3), cancellationToken: Ct);

        resumed.Dates.Single().Resumed.ShouldBeTrue();
        (await ClosePortfolio.SnapshotsAsync(database)).Select(ClosePortfolio.Line).ShouldBe(before);
        (await runner.StatusAsync(Ct)).LastClosed.ShouldBe(Due.AddDays(3));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_back_dated_payment_booked_after_its_date_was_closed_gives_the_same_snapshots_as_if_it_had_been_there_before(string provider)
    {
        var valueDate = Due.AddDays(4);
        var end = Due.AddDays(10);

        // A: the payment is in the ledger before any date is closed.
        await using var first = await TestDatabase.CreateAsync(provider);
        var id = await OneLoanAsync(first);
        await using (var db = first.Context())
        {
            await ClosePortfolio.PayAsync(db, id, 1, 400_000m, valueDate, businessDate: Due.AddDays(8));
        }

        await ClosePortfolio.Runner(first).RunThroughAsync(end, Due, cancellationToken: Ct);

        // B: dates through the 8th are closed first; the payment, value-dated the 5th, is booked on the 9th.
        await using var second = await TestDatabase.CreateAsync(provider);
        id = await OneLoanAsync(second);
        await ClosePortfolio.Runner(second).RunThroughAsync(Due.AddDays(7), Due, cancellationToken: Ct);
        var stale = (await ClosePortfolio.SnapshotsAsync(second, valueDate)).Single(s => s.ObligationId == id);
        await using (var db = second.Context())
        {
            await ClosePortfolio.PayAsync(db, id, 1, 400_000m, valueDate, businessDate: Due.AddDays(8));
        }

        var result = await ClosePortfolio.Runner(second).RunThroughAsync(end, cancellationToken: Ct);

        var recompute = result.Dates[0].Steps.Single(s => s.Step == CloseOfDaySteps.Recompute);
        recompute.Partitions.ShouldBe(4); // the 5th, 6th, 7th and 8th
        recompute.Note!.ShouldContain("from 2026-03-05 to 2026-03-08");
        var fresh = (await ClosePortfolio.SnapshotsAsync(second, valueDate)).Single(s => s.ObligationId == id);
        fresh.OverduePrincipalMinor.ShouldBe(stale.OverduePrincipalMinor - 40_000_000);
        fresh.ArrearsInterestMinor.ShouldBeLessThan(stale.ArrearsInterestMinor);
        (await ClosePortfolio.SnapshotsAsync(second)).Select(ClosePortfolio.Line)
            .ShouldBe((await ClosePortfolio.SnapshotsAsync(first)).Select(ClosePortfolio.Line));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_pluggable_step_runs_once_per_date_before_the_snapshots_and_its_outcome_is_recorded(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await OneLoanAsync(database);
        var step = new CountingStep();
        var runner = new CloseOfDayRunner(database.Options, TimeProvider.System, Audit.FixedActor.System, new CloseOfDayOptions { Partitions = 2 }, [step]);

        await runner.RunThroughAsync(Due.AddDays(2), Due, cancellationToken: Ct);
        await runner.RunAsync(Due.AddDays(2), cancellationToken: Ct);

        step.Dates.ShouldBe([Due, Due.AddDays(1), Due.AddDays(2)]);
        await using var db = database.Context();
        var rows = await db.CloseOfDaySteps.AsNoTracking().Where(s => s.Step == CloseOfDaySteps.PostPayments).ToListAsync(Ct);
        rows.Count.ShouldBe(3);
        rows.ShouldAllBe(r => r.Note == "posted nothing" && r.Obligations == 7);
    }

    private sealed class CountingStep : ICloseOfDayStep
    {
        public List<DateOnly> Dates { get; } = [];

        public int Number => 2;

        public string Name => CloseOfDaySteps.PostPayments;

        public Task<CloseOfDayStepOutcome> RunAsync(CloseOfDayStepContext context, CancellationToken cancellationToken)
        {
            Dates.Add(context.Date);
            return Task.FromResult(new CloseOfDayStepOutcome(7, "posted nothing"));
        }
    }
}
