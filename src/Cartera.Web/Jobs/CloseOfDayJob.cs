using System.Globalization;
using Cartera.Application;
using Cartera.Application.Audit;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Data;
using Cartera.Application.Delinquency;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Cartera.Web.Jobs;

/// <summary>
/// The scheduled close-of-day: closes the previous calendar date of the lender's time zone (and any date before it that
/// is still open or not yet closed since the last close). On a portfolio never closed it closes only the previous
/// date — catching up history is a deliberate <c>cartera close-of-day --through</c>. One run at a time.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class CloseOfDayJob(
    DatabaseOptions database,
    TimeProvider clock,
    CloseOfDayOptions options,
    CloseOfDayPlugins plugins,
    ILogger<CloseOfDayJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var yesterday = BusinessCalendar.LenderToday(clock).AddDays(-1);
        var runner = plugins.Runner(new(database, clock, new FixedActor("scheduler", "scheduler")), options);
        var status = await runner.StatusAsync(cancellationToken);
        var from = status.LastClosed is null && status.Open is null ? yesterday : (DateOnly?)null;
        Started(logger, yesterday);
        var result = await runner.RunThroughAsync(yesterday, from, cancellationToken: cancellationToken);
        foreach (var day in result.Dates.Where(d => !d.AlreadyClosed))
        {
            Closed(logger, day.Date, day.Obligations, day.Elapsed.TotalSeconds);
        }

        if (result.Message is { } message)
        {
            Nothing(logger, message);
        }

        if (result.MissingCapMonths.Count > 0)
        {
            MissingCaps(logger, string.Join(", ", result.MissingCapMonths));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No legal cap row for {Months}: the last published cap was carried forward (snapshots marked cap_assumed)")]
    private static partial void MissingCaps(ILogger logger, string months);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled close-of-day through {Through}")]
    private static partial void Started(ILogger logger, DateOnly through);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Date}: {Obligations} obligations in {Seconds:F1} s")]
    private static partial void Closed(ILogger logger, DateOnly date, long obligations, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled close-of-day: {Message}")]
    private static partial void Nothing(ILogger logger, string message);
}

/// <summary>
/// Registers the scheduled close-of-day when <c>CloseOfDay:Enabled</c> is true: Quartz (in memory) fires
/// <see cref="CloseOfDayJob"/> on the cron expression <c>CloseOfDay:Schedule</c> (Quartz syntax with seconds, default
/// <c>0 30 0 * * ?</c>, 00:30 every day) in the lender's time zone. <c>CloseOfDay:Partitions</c> sets the partitions.
/// </summary>
internal static class CloseOfDayScheduling
{
    public const string DefaultSchedule = "0 30 0 * * ?";

    public static void AddCloseOfDaySchedule(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new CloseOfDayOptions { RunBy = "scheduler" };
        if (int.TryParse(configuration["CloseOfDay:Partitions"], CultureInfo.InvariantCulture, out var partitions) && partitions > 0)
        {
            options = options with { Partitions = partitions };
        }

        services.AddSingleton(options);
        if (!bool.TryParse(configuration["CloseOfDay:Enabled"], out var enabled) || !enabled)
        {
            return;
        }

        var schedule = configuration["CloseOfDay:Schedule"] is { Length: > 0 } s ? s : DefaultSchedule;
        if (!CronExpression.TryParse(schedule, out _))
        {
            throw new InvalidOperationException($"CloseOfDay:Schedule '{schedule}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week).");
        }

        var zone = LenderClock.From(TimeProvider.System, configuration[LenderClock.TimeZoneKey]).LocalTimeZone;
        services.AddQuartz(q => q.ScheduleJob<CloseOfDayJob>(
            trigger => trigger.WithIdentity("close-of-day").WithSchedule(CronScheduleBuilder.Create(schedule).InTimeZone(zone)),
            job => job.WithIdentity("close-of-day")));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
