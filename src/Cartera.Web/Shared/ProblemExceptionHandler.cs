using System.Text.Json;
using Cartera.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Cartera.Web.Shared;

/// <summary>
/// The one mapping from exceptions to RFC 9457 problem details (docs/adr/0003-errors-as-problem-details.md):
/// <see cref="DomainException"/> → 422 with <c>code</c> and <c>field</c>; a concurrency conflict → 409; malformed input
/// → 400; anything else → 500 with no detail. Page requests (anything outside the API) get an HTML page with the same
/// status instead (<see cref="ErrorPages"/>). Only ids and codes are logged, never the exception message of a rule
/// (it may quote personal data such as an ID number).
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException e => Problems.Rule(e.Code, e.Message, e.Field),
            ConflictException e => Problems.Conflict(e.Code, e.Message, e.Field),
            DbUpdateConcurrencyException => Problems.Conflict("concurrency_conflict", "The record was changed by someone else. Reload it and try again."),
            DbUpdateException { InnerException: { } inner } when IsUniqueViolation(inner) => Problems.Conflict("duplicate", "A record with the same unique key already exists."),
            BadHttpRequestException { InnerException: JsonException json } e => Problems.Json(e.StatusCode, json),
            BadHttpRequestException e => Problems.BadRequest(e.StatusCode, "The request is malformed."),
            JsonException json => Problems.Json(StatusCodes.Status400BadRequest, json),
            _ => null,
        };

        var correlation = Correlation.Id(httpContext); // the id the error page shows (ErrorPages)
        if (problem is null)
        {
            LogUnhandled(logger, exception.GetType().Name, correlation, exception);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
            };
        }
        else
        {
            LogHandled(logger, problem.Status ?? 0, problem.Extensions.TryGetValue("code", out var code) ? code?.ToString() : null, correlation);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (!ErrorPages.IsApi(httpContext))
        {
            // A page request: the exception handler's fallback renders the error page (ErrorPages) with this status.
            httpContext.Items[ErrorPages.StatusItem] = httpContext.Response.StatusCode;
            return false;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    // Two requests creating the same record can both pass the endpoint's duplicate check; the unique index decides.
    private static bool IsUniqueViolation(Exception e) =>
        e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }
        || e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} in request {TraceId}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string traceId, Exception exception);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Request {TraceId} answered {Status} ({Code})")]
    private static partial void LogHandled(ILogger logger, int status, string? code, string traceId);
}
