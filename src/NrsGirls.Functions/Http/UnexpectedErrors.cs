using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using MongoDB.Driver;
using Npgsql;
using NrsGirls.Shared.Configuration;
using NrsGirls.Shared.Redis;

namespace NrsGirls.Functions.Http;

/// <summary>
/// The one catch-all for exceptions an HTTP function did not handle itself. The Azure worker reaches it
/// through <see cref="UnexpectedExceptionMiddleware"/>, the local host (and so the CLI's serve) calls it
/// directly, so both answer alike:
/// <list type="bullet">
/// <item>a store is unreachable (Redis connection/timeout/LOADING, a transient Npgsql error such as a refused
/// connection or a timeout, a MongoDB connection or server-selection timeout): 503 <c>unavailable</c> with
/// Retry-After, logged as one warning line. So Shared code need not guard each store call for correctness;
/// the fail-closed check where a session is read stays explicit (SessionAuthenticator).</item>
/// <item>the request body was broken (Kestrel's BadHttpRequestException: shorter than its Content-Length,
/// bad chunking, too slow, too large): 400, 408 or 413, logged as one warning line.</item>
/// <item>anything else: 500 <see cref="Problems.Unexpected"/> with a trace id, logged as an error with its stack.</item>
/// </list>
/// </summary>
public static class UnexpectedErrors
{
    private static readonly string MongoDriverAssembly = typeof(MongoClient).Assembly.GetName().Name!;

    public static string TraceId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    /// <summary>The store an exception says is unreachable ("redis", "postgres", "mongodb"), or null.</summary>
    public static string? UnreachableStore(Exception exception)
    {
        foreach (var e in Chain(exception))
        {
            if (RedisFailure.Is(e)) return "redis";
            // IsTransient: refused or reset connections, timeouts, pool exhaustion, server starting or shutting down.
            if (e is NpgsqlException { IsTransient: true }) return "postgres";
            if (e is MongoConnectionException) return "mongodb";
            // Server selection gives up with a plain TimeoutException thrown by the driver.
            if (e is TimeoutException && e.Source == MongoDriverAssembly) return "mongodb";
        }
        return null;
    }

    /// <summary>Kestrel's rejection of a broken request body, if that is what the exception is (or wraps).</summary>
    public static BadHttpRequestException? BrokenBody(Exception exception) =>
        Chain(exception).OfType<BadHttpRequestException>().FirstOrDefault();

    /// <summary>Logs <paramref name="exception"/> and answers with the matching problem; returns the status answered.</summary>
    public static async Task<int> WriteAsync(HttpContext http, Exception exception, ILogger logger, string function)
    {
        var traceId = TraceId(http);
        IResult answer;
        int status;
        if (UnreachableStore(exception) is { } store)
        {
            logger.LogWarning("Function {Function}: {Store} unreachable, answered 503 ({Reason}; traceId {TraceId})",
                function, store, ExceptionText.OneLine(exception), traceId);
            (answer, status) = (Problems.Unavailable($"A data store is unreachable; try again in {Problems.DefaultRetryAfterSeconds} seconds."), 503);
        }
        else if (BrokenBody(exception) is { } bad)
        {
            status = bad.StatusCode is 408 or 413 ? bad.StatusCode : 400;
            logger.LogWarning("Function {Function}: broken request body, answered {Status} ({Reason}; traceId {TraceId})",
                function, status, ExceptionText.OneLine(bad), traceId);
            answer = status switch
            {
                413 => Problems.PayloadTooLarge(http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize),
                408 => Problems.Status(408, "request_timeout", "Request timeout.",
                    "The request body arrived too slowly or stopped arriving; send it whole, at once."),
                _ => Problems.BadRequest("bad_request_body",
                    "The request body is incomplete or badly framed (shorter than its Content-Length, or broken chunked encoding)."),
            };
        }
        else
        {
            logger.LogError(exception, "Function {Function} failed with an unexpected error (traceId {TraceId})", function, traceId);
            (answer, status) = (Problems.Unexpected(traceId), 500);
        }
        // Once the body has begun, the status can no longer change; the client sees a cut-off response.
        if (http.Response.HasStarted) return http.Response.StatusCode;
        // Clear drops every header; keep the ones that hold for any answer to this request.
        var cacheControl = http.Response.Headers.CacheControl;
        http.Response.Clear();
        if (cacheControl.Count > 0) http.Response.Headers.CacheControl = cacheControl;
        ResponseDefaults.Apply(http.Response);
        await answer.ExecuteAsync(http);
        return status;
    }

    /// <summary>The exception and its inner exceptions (all of an AggregateException's), breadth first, bounded.</summary>
    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var queue = new Queue<Exception>([exception]);
        for (var seen = 0; queue.Count > 0 && seen < 32; seen++)
        {
            var e = queue.Dequeue();
            yield return e;
            if (e is AggregateException a) foreach (var inner in a.InnerExceptions) queue.Enqueue(inner);
            else if (e.InnerException is { } inner) queue.Enqueue(inner);
        }
    }
}
