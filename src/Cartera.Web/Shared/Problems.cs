using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cartera.Web.Shared;

/// <summary>Problem details built the same way by the exception handler and by endpoints that answer a problem directly.</summary>
internal static class Problems
{
    public static ProblemDetails Rule(string code, string detail, string? field) => With(
        new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "A business rule was not met.",
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        },
        code,
        field);

    public static ProblemDetails Conflict(string code, string detail, string? field = null) => With(
        new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The request conflicts with the current state.",
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        },
        code,
        field);

    public static ProblemDetails BadRequest(int status, string detail) => With(
        new ProblemDetails
        {
            Status = status,
            Title = "The request is malformed.",
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        },
        "bad_request",
        null);

    /// <summary>
    /// A JSON body the endpoint cannot read. A value that is well-formed JSON but not a valid value of its field (a date
    /// <c>2026-13-45</c>, an amount <c>1e400</c>) is <c>invalid_value</c> naming the field by its JSON path without the
    /// leading <c>$.</c> (<c>received_on</c>, <c>amount.amount</c>, <c>items[0].amount</c>); broken JSON is
    /// <c>bad_request</c>, with the path where reading stopped when there is one. The serializer's message is not
    /// returned (it names .NET types).
    /// </summary>
    public static ProblemDetails Json(int status, JsonException exception)
    {
        var field = FieldOf(exception.Path);
        var syntax = exception.InnerException is JsonException; // the reader's own error: the text is not JSON
        if (!syntax && field is not null)
        {
            return With(
                new ProblemDetails
                {
                    Status = status,
                    Title = "The request is malformed.",
                    Detail = $"The value of '{field}' is not valid for this field (check the format: dates yyyy-MM-dd, amounts as decimal numbers within range).",
                    Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                },
                "invalid_value",
                field);
        }

        var problem = BadRequest(status, "The request body is not valid JSON for this endpoint.");
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        return problem;
    }

    /// <summary><c>$.amount.amount</c> → <c>amount.amount</c>; the root (<c>$</c>) or no path → null.</summary>
    internal static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static ProblemDetails With(ProblemDetails problem, string code, string? field)
    {
        problem.Extensions["code"] = code;
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        return problem;
    }
}
