using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Serilog.Core;
using Serilog.Events;

namespace Cartera.Web.Shared;

/// <summary>
/// The one correlation id of a request: the W3C trace id of its activity (32 hex digits). The 500 page shows it, the
/// exception handler logs it and every log event written during the request carries it as <c>TraceId</c>
/// (<see cref="TraceIdEnricher"/>), so the id a person reads to support finds the request's errors in the log.
/// </summary>
internal static class Correlation
{
    /// <summary>The request's correlation id; <see cref="HttpContext.TraceIdentifier"/> only when no activity runs.</summary>
    public static string Id(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Activity.Current is { } activity && activity.TraceId != default ? activity.TraceId.ToHexString() : http.TraceIdentifier;
    }

    /// <summary>
    /// Adds the event's trace id as the <c>TraceId</c> property (Serilog keeps it apart from the properties), so the
    /// request log, the framework's error events and ours are found by the same id in any sink.
    /// </summary>
    public sealed class TraceIdEnricher : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            ArgumentNullException.ThrowIfNull(logEvent);
            ArgumentNullException.ThrowIfNull(propertyFactory);
            if (logEvent.TraceId is { } traceId && traceId != default)
            {
                logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("TraceId", traceId.ToHexString()));
            }
        }
    }
}
