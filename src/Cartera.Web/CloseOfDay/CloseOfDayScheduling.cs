using System.Globalization;
using Cartera.Application.CloseOfDay;
using Cartera.Application.Delinquency;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Cartera.Web.CloseOfDay;

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
