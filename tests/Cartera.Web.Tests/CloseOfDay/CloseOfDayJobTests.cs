using Cartera.Application;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Delinquency;
using Cartera.Application.Tests.CloseOfDay;
using Cartera.Tests.Support;
using Cartera.Web.CloseOfDay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cartera.Web.Tests.CloseOfDay;

public sealed class CloseOfDayJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_scheduled_job_closes_the_previous_date_of_Bogota_then_catches_up_from_the_last_closed_one()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using (var db = database.Context())
        {
            await ClosePortfolio.CapAsync(db, new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), 0.2436m);
            var debtor = await ClosePortfolio.DebtorAsync(db, "D1");
            await ClosePortfolio.ObligationAsync(db, debtor, "O1", "consumo", null, (new DateOnly(2025, 3, 1), 1_000_000m));
        }

        // 03:00 UTC on the 11th is 22:00 on the 10th in Bogotá: the previous date there is the 9th.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 11, 3, 0, 0, TimeSpan.Zero));
        var lender = LenderClock.From(clock, "America/Bogota");
        var job = new CloseOfDayJob(database.Options, lender, new CloseOfDayOptions { Partitions = 2 }, CloseOfDayPlugins.None, NullLogger<CloseOfDayJob>.Instance);
        await job.Execute(null!, Ct);
        var runner = ClosePortfolio.Runner(database);
        (await runner.StatusAsync(Ct)).LastClosed.ShouldBe(new DateOnly(2026, 3, 9));
        (await ClosePortfolio.SnapshotsAsync(database)).Count.ShouldBe(1); // only the previous date, no history replay

        clock.Advance(TimeSpan.FromDays(3));
        await job.Execute(null!, Ct);
        (await runner.StatusAsync(Ct)).LastClosed.ShouldBe(new DateOnly(2026, 3, 12));
        (await ClosePortfolio.SnapshotsAsync(database)).Select(s => s.BusinessDate).ShouldBe(
            [new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 11), new DateOnly(2026, 3, 12)]);
    }

    [Fact]
    public void The_schedule_is_off_unless_enabled_and_a_bad_cron_expression_is_refused()
    {
        static ServiceCollection Services(params (string, string)[] settings)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Item1, s.Item2))).Build();
            var services = new ServiceCollection();
            services.AddCloseOfDaySchedule(configuration);
            return services;
        }

        Services().ShouldNotContain(d => d.ServiceType == typeof(IHostedService));
        Services(("CloseOfDay:Enabled", "true"), ("CloseOfDay:Partitions", "5"))
            .ShouldContain(d => d.ServiceType == typeof(IHostedService));
        Services(("CloseOfDay:Partitions", "5")).Single(d => d.ServiceType == typeof(CloseOfDayOptions)).ImplementationInstance
            .ShouldBeOfType<CloseOfDayOptions>().Partitions.ShouldBe(5);
        Should.Throw<InvalidOperationException>(() => Services(("CloseOfDay:Enabled", "true"), ("CloseOfDay:Schedule", "every night")))
            .Message.ShouldContain("CloseOfDay:Schedule");
    }
}
