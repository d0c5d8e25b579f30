using System.Data.Common;
using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Data;
using Cartera.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cartera.Application.Tests.CloseOfDay;

/// <summary>The number of database commands of a close does not grow with the portfolio (never one per obligation).</summary>
public sealed class CloseOfDayRoundTripTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_close_of_1000_and_of_20000_obligations_executes_the_same_number_of_commands(string provider)
    {
        var small = await CountAsync(provider, debtors: 200, obligations: 1_000);
        var large = await CountAsync(provider, debtors: 4_000, obligations: 20_000);

        small.Snapshots.ShouldBe(1_000);
        large.Snapshots.ShouldBe(20_000);
        large.Commands.ShouldBe(small.Commands);
        small.Commands.ShouldBeLessThan(200);
    }

    private static async Task<(int Commands, long Snapshots)> CountAsync(string provider, int debtors, int obligations)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var folder = Path.Combine(Path.GetTempPath(), "cartera-close-tests", Guid.NewGuid().ToString("N"));
        await ClosePortfolio.GenerateAsync(database, debtors, obligations, folder);

        // Close one date first, so the counted date also runs the recompute check against a closed date.
        var date = new DateOnly(2026, 2, 10);
        await ClosePortfolio.Runner(database, partitions: 8).RunAsync(date.AddDays(-1), cancellationToken: Ct);

        var counter = new CommandCounter();
        var options = new DbContextOptionsBuilder<CarteraDbContext>();
        CarteraDatabase.Configure(options, database.Options).AddInterceptors(counter);
        var runner = new CloseOfDayRunner(() => new CarteraDbContext(options.Options, FixedActor.System, TimeProvider.System), new CloseOfDayOptions { Partitions = 8 });
        var result = await runner.RunAsync(date, cancellationToken: Ct);
        Directory.Delete(folder, recursive: true);
        result.Dates.Single().Steps.Single(s => s.Step == CloseOfDaySteps.Snapshots).Partitions.ShouldBe(8);
        return (counter.Count, result.Obligations);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => _count;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecuting(command, eventData, result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Interlocked.Increment(ref _count);
            return base.NonQueryExecuting(command, eventData, result);
        }
    }
}
