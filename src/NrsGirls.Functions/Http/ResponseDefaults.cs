using Microsoft.Azure.Functions.Worker.Middleware;

namespace NrsGirls.Functions.Http;

/// <summary>
/// Headers the API sets centrally rather than in each function: <c>X-Content-Type-Options: nosniff</c> on
/// every response (the worker through <see cref="ResponseDefaultsMiddleware"/>, the local host through its own
/// pipeline step), and <c>Cache-Control: no-store</c> on every response to an authenticated request
/// (<see cref="RequestAuth.AuthenticateAsync"/> sets it once the session is found).
/// </summary>
public static class ResponseDefaults
{
    public static void Apply(HttpResponse response) => response.Headers.XContentTypeOptions = "nosniff";

    /// <summary>Personal data and secrets must not be kept by browsers or proxies.</summary>
    public static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}

/// <summary>Worker middleware: <see cref="ResponseDefaults.Apply"/> on every HTTP invocation, before the function runs.</summary>
public sealed class ResponseDefaultsMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http) ResponseDefaults.Apply(http.Response);
        return next(context);
    }
}
