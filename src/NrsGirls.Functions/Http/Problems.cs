using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NrsGirls.Shared;

namespace NrsGirls.Functions.Http;

/// <summary>
/// The one problem-details mapper (RFC 9457, application/problem+json). Every error an HTTP function
/// returns is built here, with a stable machine-readable <c>code</c>; validation problems name each
/// bad field. Internals (exception text, stack traces) never reach a response.
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult Status(int status, string code, string title, string? detail = null,
        IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://nrsgirls.dev/problems/{code}",
        };
        problem.Extensions["code"] = code;
        if (extensions is not null)
            foreach (var (k, v) in extensions) problem.Extensions[k] = v;
        return TypedResults.Problem(problem);
    }

    public static IResult Validation(IDictionary<string, string[]> errors, string? detail = null)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid fields.",
            Detail = detail ?? "See errors for each field.",
            Type = "https://nrsgirls.dev/problems/validation_failed",
        };
        problem.Extensions["code"] = "validation_failed";
        return TypedResults.Problem(problem);
    }

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult BadRequest(string code, string detail) => Status(400, code, "Bad request.", detail);
    public static IResult Unauthorized(string detail = "Sign in: send Authorization: Bearer <session token>.", string code = "unauthorized") =>
        new ResultHeaders(Status(401, code, "Not signed in.", detail), ("WWW-Authenticate", "Bearer"));
    public static IResult Forbidden(string detail = "You may not do this.") => Status(403, "forbidden", "Forbidden.", detail);
    public static IResult NotFound(string what) => Status(404, "not_found", "Not found.", $"{what} was not found.");
    public static IResult Conflict(string code, string detail) => Status(409, code, "Conflict.", detail);
    public static IResult PayloadTooLarge(long limit) =>
        Status(413, "payload_too_large", "Request body too large.", $"The body must be at most {limit} bytes.");
    public static IResult UnsupportedMediaType() =>
        Status(415, "unsupported_media_type", "Unsupported media type.", "Send the body as application/json.");
    public static IResult TooManyRequests(int retryAfterSeconds) =>
        new ResultHeaders(Status(429, "rate_limited", "Too many requests.", $"Try again in {retryAfterSeconds} seconds.",
            new Dictionary<string, object?> { ["retryAfter"] = retryAfterSeconds }),
            ("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    public static IResult Unavailable(string detail) => Status(503, "unavailable", "Service unavailable.", detail);

    /// <summary>An expected failure reported by a Shared service, as problem+json with its own code.</summary>
    public static IResult From(ServiceError e) => e.Kind switch
    {
        ErrorKind.Validation => Validation(e.Fields!.ToDictionary(), e.Detail),
        ErrorKind.BadRequest => BadRequest(e.Code, e.Detail),
        ErrorKind.Unauthorized => Unauthorized(e.Detail, e.Code),
        ErrorKind.Forbidden => Status(403, e.Code, "Forbidden.", e.Detail),
        ErrorKind.NotFound => Status(404, e.Code, "Not found.", e.Detail),
        ErrorKind.Conflict => Conflict(e.Code, e.Detail),
        ErrorKind.RateLimited => TooManyRequests(e.RetryAfterSeconds ?? 1),
        ErrorKind.Unavailable => Status(503, e.Code, "Service unavailable.", e.Detail),
        ErrorKind.Unprocessable => Status(422, e.Code, "Unprocessable request.", e.Detail),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.Kind, "Unmapped error kind."),
    };

    /// <summary>For the one catch-all: a 500 that says nothing about internals.</summary>
    public static IResult Unexpected(string traceId) =>
        Status(500, "internal_error", "Something went wrong on our side.",
            "The error was logged; quote traceId when reporting it.",
            new Dictionary<string, object?> { ["traceId"] = traceId });
}
