using Microsoft.Azure.Functions.Worker.Middleware;

namespace NrsGirls.Functions.Http;

/// <summary>
/// Worker middleware: an HTTP function's unexpected exception becomes the problem+json 500 of
/// <see cref="UnexpectedErrors"/> instead of the host's bare 500. Queue and timer exceptions propagate,
/// so the host retries and poisons messages and records failed runs.
/// </summary>
public sealed class UnexpectedExceptionMiddleware(ILogger<UnexpectedExceptionMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { } http && !http.RequestAborted.IsCancellationRequested)
        {
            await UnexpectedErrors.WriteAsync(http, ex, logger, context.FunctionDefinition.Name);
            // Nothing left for the HTTP integration to execute: the response is written.
            if (context.GetInvocationResult() is { } result) result.Value = null;
        }
    }
}
