using System.Globalization;
using Cartera.Application.Communications;
using Cartera.Application.Communications.Letters;
using Cartera.Application.Communications.Outbox;
using Cartera.Domain.Communications.Outbox;
using Cartera.Domain.Portfolio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cartera.Web.Communications;

/// <summary>
/// Reads <c>Communications:*</c> (docs/user/communications.md, "Outbox and delivery"): the channels
/// (<c>Email</c> over SMTP; <c>Sms</c>, <c>WhatsApp</c> over an HTTP provider, <c>Kind</c> <c>json</c> or <c>twilio</c>;
/// <c>Letters</c>: PDFs in the daily print batch, <c>Directory</c>, <c>Paper</c>, <c>ReturnAddress</c>),
/// the worker (<c>Outbox:Enabled</c>, <c>BatchSize</c>, <c>PollSeconds</c>, <c>LeaseMinutes</c>, <c>MaxAttempts</c>,
/// <c>BaseDelaySeconds</c>, <c>MaxDelayMinutes</c>), the opt-out keywords (<c>Inbound:OptOutKeywords</c>, comma-separated)
/// and the callback token (<c>Callbacks:Token</c>). A channel without its settings is not registered: its messages wait.
/// </summary>
internal static class OutboxHosting
{
    public static void AddCommunicationsOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Communications");
        var outbox = section.GetSection("Outbox");
        var retry = new OutboxRetryPolicy
        {
            MaxAttempts = Int(outbox["MaxAttempts"], 5),
            BaseDelay = TimeSpan.FromSeconds(Int(outbox["BaseDelaySeconds"], 60)),
            MaxDelay = TimeSpan.FromMinutes(Int(outbox["MaxDelayMinutes"], 60)),
        };
        services.Replace(ServiceDescriptor.Singleton(new OutboxWorkerOptions
        {
            BatchSize = Int(outbox["BatchSize"], 50),
            Lease = TimeSpan.FromMinutes(Int(outbox["LeaseMinutes"], 5)),
            Retry = retry,
        }));
        var keywords = section["Inbound:OptOutKeywords"];
        if (!string.IsNullOrWhiteSpace(keywords))
        {
            services.Replace(ServiceDescriptor.Singleton(new InboundOptions { OptOutKeywords = keywords.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) }));
        }

        services.AddSingleton(new CallbackSettings(section["Callbacks:Token"]));

        var email = section.GetSection("Email");
        if (!string.IsNullOrWhiteSpace(email["Host"]) && !string.IsNullOrWhiteSpace(email["From"]))
        {
            var smtp = new SmtpSettings
            {
                Host = email["Host"]!,
                Port = Int(email["Port"], 587),
                Security = email["Security"] ?? "auto",
                User = email["User"],
                Password = email["Password"],
                From = email["From"]!,
                FromName = email["FromName"],
                MessageIdDomain = email["MessageIdDomain"],
            };
            services.AddSingleton<IMessageChannel>(new SmtpEmailChannel(smtp));
        }

        AddHttp(services, section.GetSection("Sms"), ConsentChannel.Sms);
        AddHttp(services, section.GetSection("WhatsApp"), ConsentChannel.WhatsApp);

        // Letters need no provider: always on, into the print batch folder (Communications:Letters:Directory).
        var letters = section.GetSection("Letters");
        services.Replace(ServiceDescriptor.Singleton(LetterSettings.From(letters["Directory"], letters["Paper"], letters["ReturnAddress"])));
        services.AddSingleton<IMessageChannel>(sp => new LetterChannel(sp.GetRequiredService<LetterSettings>(), sp.GetRequiredService<LenderContact>()));

        if (bool.TryParse(outbox["Enabled"], out var enabled) && enabled)
        {
            services.AddSingleton(new OutboxPolling(TimeSpan.FromSeconds(Int(outbox["PollSeconds"], 10))));
            services.AddHostedService<OutboxDeliveryService>();
        }
    }

    private static void AddHttp(IServiceCollection services, IConfigurationSection s, ConsentChannel channel)
    {
        var kind = s["Kind"] ?? "json";
        var configured = string.Equals(kind, "twilio", StringComparison.OrdinalIgnoreCase) ? !string.IsNullOrWhiteSpace(s["AccountSid"]) : !string.IsNullOrWhiteSpace(s["Url"]);
        if (!configured)
        {
            return;
        }

        var settings = new HttpChannelSettings
        {
            Kind = kind,
            Url = s["Url"],
            AuthHeader = s["AuthHeader"],
            AuthValue = s["AuthValue"],
            BodyTemplate = s["BodyTemplate"] is { Length: > 0 } t ? t : HttpChannelSettings.DefaultBodyTemplate,
            IdField = s["IdField"] is { Length: > 0 } f ? f : "id",
            AccountSid = s["AccountSid"],
            AuthToken = s["AuthToken"],
            From = s["From"],
            BaseUrl = s["BaseUrl"] is { Length: > 0 } b ? b : "https://api.twilio.com",
            StatusCallback = s["StatusCallback"],
        };
        services.AddSingleton<IMessageChannel>(new HttpMessageChannel(channel, settings));
    }

    private static int Int(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
}

/// <summary>The shared secret providers send with callbacks and inbound messages; null disables both endpoints.</summary>
internal sealed record CallbackSettings(string? Token);

internal sealed record OutboxPolling(TimeSpan Interval);

/// <summary>
/// Runs <see cref="OutboxWorker"/> in the host (<c>serve</c>): a pass per batch while there is work, then a pause of
/// <c>Communications:Outbox:PollSeconds</c>. Each pass has its own scope (DbContext). Logs carry counts only.
/// </summary>
internal sealed partial class OutboxDeliveryService(IServiceScopeFactory scopes, OutboxPolling polling, ILogger<OutboxDeliveryService> logger, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<OutboxWorker>().RunOnceAsync(stoppingToken);
                claimed = result.Claimed;
                if (claimed > 0)
                {
                    LogPass(logger, result.Claimed, result.Sent, result.Retrying, result.Failed, result.Blocked, result.Rescheduled);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed pass must not stop delivery; the next pass retries
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailure(logger, e);
            }

            if (claimed == 0)
            {
                try
                {
                    await Task.Delay(polling.Interval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Outbox pass: {Claimed} claimed, {Sent} sent, {Retrying} to retry, {Failed} failed, {Blocked} blocked, {Rescheduled} rescheduled")]
    private static partial void LogPass(ILogger logger, int claimed, int sent, int retrying, int failed, int blocked, int rescheduled);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Error, Message = "Outbox pass failed")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
