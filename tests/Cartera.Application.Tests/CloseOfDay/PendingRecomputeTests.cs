using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Export;
using Cartera.Application.Payments;
using Cartera.Tests.Support;

namespace Cartera.Application.Tests.CloseOfDay;

/// <summary>
/// Issue 11 item 4: a back-dated payment posted after a date closed makes that date's snapshots stale until the next
/// close recomputes them; until then the stale debtors and dates are known ("pending recompute") and the delinquency
/// export says so per row. Payments the close itself posts (pending ones, step 2) are in the snapshots: not stale.
/// </summary>
public sealed class PendingRecomputeTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly DateOnly Due = new(2026, 3, 1);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_back_dated_payment_marks_the_closed_dates_it_reaches_as_pending_recompute_until_the_next_close(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long late, onTime, lateDebtor, onTimeDebtor;
        await using (var db = database.Context())
        {
            lateDebtor = await ClosePortfolio.DebtorAsync(db, "D1");
            late = await ClosePortfolio.ObligationAsync(db, lateDebtor, "O1", "consumo", 0.20m, (Due, 1_000_000m));
            onTimeDebtor = await ClosePortfolio.DebtorAsync(db, "D2");
            onTime = await ClosePortfolio.ObligationAsync(db, onTimeDebtor, "O2", "consumo", 0.20m, (Due, 1_000_000m));
        }

        var runner = new CloseOfDayRunner(database.Options, TimeProvider.System, FixedActor.System, new CloseOfDayOptions { Partitions = 2, RunBy = "test" }, [new PostPaymentsStep()]);
        await runner.RunThroughAsync(Due, Due, cancellationToken: Ct);

        // A future-dated payment: posted by the close of its value date, so part of that date's snapshots.
        await using (var db = database.Context())
        {
            await new PaymentPosting(db).PostAsync(new PostPaymentCommand(onTime, 1_000_000m, "COP", Due.AddDays(2), PaymentChannel.Bank, null, "pending-1"), Ct);
        }

        await runner.RunThroughAsync(Due.AddDays(3), cancellationToken: Ct);
        await using (var db = database.Context())
        {
            (await PendingRecompute.LoadAsync(db, Ct)).Any.ShouldBeFalse();
        }

        // Business date Due+4: a payment value-dated Due+1 reaches back into three closed dates.
        await using (var db = database.Context())
        {
            await new PaymentPosting(db).PostAsync(new PostPaymentCommand(late, 400_000m, "COP", Due.AddDays(1), PaymentChannel.Bank, null, "late-1"), Ct);
        }

        await using (var db = database.Context())
        {
            var pending = await PendingRecompute.LoadAsync(db, Ct);
            pending.LastClosed.ShouldBe(Due.AddDays(3));
            pending.FromByDebtor.ShouldBe(new Dictionary<long, DateOnly> { [lateDebtor] = Due.AddDays(1) });
            pending.IsPending(lateDebtor, Due).ShouldBeFalse();
            pending.IsPending(lateDebtor, Due.AddDays(1)).ShouldBeTrue();
            pending.IsPending(lateDebtor, Due.AddDays(3)).ShouldBeTrue();
            pending.IsPending(onTimeDebtor, Due.AddDays(2)).ShouldBeFalse();
            pending.DebtorsPendingOn(Due.AddDays(2)).ShouldBe(1);
            pending.Describe()!.ShouldContain("2026-03-02");
        }

        var rows = await ExportAsync(database, Due.AddDays(2));
        rows[0].ShouldEndWith(",pending_recompute");
        rows.Single(r => r.StartsWith("O1,", StringComparison.Ordinal)).ShouldEndWith(",true");
        rows.Single(r => r.StartsWith("O2,", StringComparison.Ordinal)).ShouldEndWith(",false");
        (await ExportAsync(database, Due)).Single(r => r.StartsWith("O1,", StringComparison.Ordinal)).ShouldEndWith(",false");

        // The next close recomputes the stale dates: nothing is pending any more.
        await runner.RunThroughAsync(Due.AddDays(4), cancellationToken: Ct);
        await using (var db = database.Context())
        {
            (await PendingRecompute.LoadAsync(db, Ct)).Any.ShouldBeFalse();
        }

        (await ExportAsync(database, Due.AddDays(2))).Single(r => r.StartsWith("O1,", StringComparison.Ordinal)).ShouldEndWith(",false");
    }

    private static async Task<string[]> ExportAsync(TestDatabase database, DateOnly date)
    {
        using var stream = new MemoryStream();
        await new DelinquencyExporter(database.Options).ExportAsync(date, ExportFormat.Csv, stream, Ct);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }
}
