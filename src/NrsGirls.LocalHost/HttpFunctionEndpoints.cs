using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using NrsGirls.Functions.Http;

namespace NrsGirls.LocalHost;

/// <summary>Endpoint metadata naming the function an endpoint serves.</summary>
public sealed record HostedFunctionMetadata(string Function);

/// <summary>
/// Serves HTTP-triggered functions on ASP.NET Core routing: the metadata's route templates (constraints
/// included) under the host.json route prefix, its methods, and problem+json for what matches no function.
/// </summary>
internal static class HttpFunctionEndpoints
{
    public static void Map(WebApplication app, FunctionApp functions, long maxBodyBytes)
    {
        // What the worker's ResponseDefaultsMiddleware does: nosniff on every response, routed or not.
        app.Use((http, next) =>
        {
            ResponseDefaults.Apply(http.Response);
            return next(http);
        });
        // Only what the pipeline answers itself with an empty body comes through here (no route: 404, wrong
        // method: 405 with Allow, anything else by its status); function endpoints switch status-code
        // pages off, so their own responses pass untouched. Kestrel's rejections, which never reach this
        // pipeline, are rewritten by KestrelRejections.
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var target = $"{http.Request.Method} {http.Request.Path}";
            var problem = http.Response.StatusCode switch
            {
                404 => Problems.Status(404, "route_not_found", "Not found.", $"No function serves {target}."),
                405 => Problems.Status(405, "method_not_allowed", "Method not allowed.",
                    $"{http.Request.Path} does not accept {http.Request.Method}; it accepts {http.Response.Headers.Allow}."),
                >= 400 and var status => TypedResults.Problem(Problems.ForStatus(status)),
                _ => null,
            };
            if (problem is not null) await problem.ExecuteAsync(http);
        });

        var prefix = functions.Manifest.RoutePrefix.Length == 0 ? "" : "/" + functions.Manifest.RoutePrefix;
        foreach (var f in functions.Http)
        {
            var pattern = $"{prefix}/{f.RouteTemplate}";
            RequestDelegate handler = http => HandleAsync(http, f, maxBodyBytes);
            var endpoint = f.Methods is null ? app.Map(pattern, handler) : app.MapMethods(pattern, f.Methods, handler);
            endpoint.WithDisplayName(f.Name).WithMetadata(new HostedFunctionMetadata(f.Name));
        }
    }

    private static async Task HandleAsync(HttpContext http, HttpFunction f, long maxBodyBytes)
    {
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        var log = http.RequestServices.GetRequiredService<InvocationLog>();
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + f.Name);
        var trigger = $"http {http.Request.Method} {http.Request.Path}";
        var sw = Stopwatch.StartNew();

        if (http.Request.ContentLength > maxBodyBytes)
        {
            await Problems.PayloadTooLarge(maxBodyBytes).ExecuteAsync(http);
            log.Record(f.Name, trigger, "413 refused before invocation", true, sw.Elapsed);
            return;
        }
        try
        {
            var result = await f.Invoker.InvokeAsync(http.RequestServices, new InvocationInput(http.RequestAborted) { Request = http.Request });
            await ExecuteAsync(http, result);
            log.Record(f.Name, trigger, http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), true, sw.Elapsed);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            log.Record(f.Name, trigger, "cancelled: the client went away", true, sw.Elapsed);
        }
        catch (Exception ex)
        {
            // The one catch-all: unreachable stores 503, broken bodies 400/408/413 (a body without
            // Content-Length that grew past Kestrel's limit while the function read it), the rest 500.
            var status = await UnexpectedErrors.WriteAsync(http, ex, logger, f.Name);
            log.Record(f.Name, trigger, $"{status} {ex.GetType().Name}", status < 500, sw.Elapsed);
        }
    }

    /// <summary>Executes the function's result the way the worker's ASP.NET Core integration does.</summary>
    private static Task ExecuteAsync(HttpContext http, object? result) => result switch
    {
        IResult r => r.ExecuteAsync(http),
        IActionResult a => a.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor())),
        null => Task.CompletedTask,
        _ => throw new InvalidOperationException($"An HTTP function returned {result.GetType().Name}; return IResult or IActionResult."),
    };
}
