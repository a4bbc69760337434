using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

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
        IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(Details(status, code, title, detail, extensions));

    /// <summary>The problem document itself, for the rare writer that has no HttpContext to execute a result on.</summary>
    public static ProblemDetails Details(int status, string code, string title, string? detail = null,
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
        return problem;
    }

    /// <summary>
    /// A bare status the server produced before or around a function (Kestrel's rejections, routing), as a
    /// problem: what it means in general, since the specific reason is not known here.
    /// </summary>
    public static ProblemDetails ForStatus(int status) => status switch
    {
        400 => Details(400, "bad_request", "Bad request.",
            "The request could not be read: a malformed request line, path or header (for example a NUL, control or non-ASCII byte)."),
        404 => Details(404, "route_not_found", "Not found.", "No function serves this path."),
        408 => Details(408, "request_timeout", "Request timeout.", "The request did not arrive in time."),
        411 => Details(411, "length_required", "Length required.", "Send Content-Length or a chunked body."),
        413 => Details(413, "payload_too_large", "Request body too large.", "The body is larger than the server accepts."),
        414 => Details(414, "uri_too_long", "URI too long.", "The request line is longer than the server accepts."),
        431 => Details(431, "request_headers_too_large", "Request headers too large.", "The request headers are larger than the server accepts."),
        500 => Details(500, "internal_error", "Something went wrong on our side.", "The error was logged."),
        501 => Details(501, "not_implemented", "Not implemented.", "The server does not support what the request asks for."),
        505 => Details(505, "http_version_not_supported", "HTTP version not supported.", "Use HTTP/1.1."),
        _ => Details(status, $"http_{status}", ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } r ? r + "." : "Error.", null),
    };

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
    public static IResult PayloadTooLarge(long? limit) =>
        Status(413, "payload_too_large", "Request body too large.",
            limit is null ? "The body is larger than this endpoint accepts." : $"The body must be at most {limit} bytes.");
    public static IResult UnsupportedMediaType() =>
        Status(415, "unsupported_media_type", "Unsupported media type.", "Send the body as application/json (or application/*+json), UTF-8 encoded: no charset or charset=utf-8.");
    public static IResult TooManyRequests(int retryAfterSeconds) =>
        new ResultHeaders(Status(429, "rate_limited", "Too many requests.", $"Try again in {retryAfterSeconds} seconds.",
            new Dictionary<string, object?> { ["retryAfter"] = retryAfterSeconds }),
            ("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    /// <summary>503 <c>unavailable</c> with Retry-After: a store is unreachable, so asking again later may work.</summary>
    public static IResult Unavailable(string detail, int retryAfterSeconds = DefaultRetryAfterSeconds) =>
        new ResultHeaders(Status(503, "unavailable", "Service unavailable.", detail,
            new Dictionary<string, object?> { ["retryAfter"] = retryAfterSeconds }),
            ("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>How long a client is told to wait after a 503 caused by an unreachable store.</summary>
    public const int DefaultRetryAfterSeconds = 5;

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
        ErrorKind.Unavailable => e.Code == "unavailable" ? Unavailable(e.Detail) : Status(503, e.Code, "Service unavailable.", e.Detail),
        ErrorKind.Unprocessable => Status(422, e.Code, "Unprocessable request.", e.Detail),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.Kind, "Unmapped error kind."),
    };

    /// <summary>For the one catch-all: a 500 that says nothing about internals.</summary>
    public static IResult Unexpected(string traceId) =>
        Status(500, "internal_error", "Something went wrong on our side.",
            "The error was logged; quote traceId when reporting it.",
            new Dictionary<string, object?> { ["traceId"] = traceId });
}
