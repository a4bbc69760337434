using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NrsGirls.Functions.Http;

/// <summary>
/// The one catch-all for exceptions an HTTP function did not expect: log it with a trace id and answer
/// <see cref="Problems.Unexpected"/> (problem+json 500, no internals). The Azure worker reaches it through
/// <see cref="UnexpectedExceptionMiddleware"/>, the local host calls it directly, so both answer alike.
/// </summary>
public static class UnexpectedErrors
{
    public static string TraceId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    public static async Task WriteAsync(HttpContext http, Exception exception, ILogger logger, string function)
    {
        var traceId = TraceId(http);
        logger.LogError(exception, "Function {Function} failed with an unexpected error (traceId {TraceId})", function, traceId);
        // Once the body has begun, the status can no longer change; the client sees a cut-off response.
        if (http.Response.HasStarted) return;
        http.Response.Clear();
        await Problems.Unexpected(traceId).ExecuteAsync(http);
    }
}
