using Microsoft.AspNetCore.Http;

namespace NrsGirls.Tests.Infrastructure;

/// <summary>Executes an IResult the way ASP.NET Core does and returns the status and JSON body.</summary>
public static class HttpResults
{
    public static async Task<(int Status, JsonDocument Body)> ExecuteAsync(IResult result, IServiceProvider services)
    {
        var (status, _, text) = await ExecuteRawAsync(result, services);
        return (status, JsonDocument.Parse(text.Length == 0 ? "null" : text));
    }

    public static Task<(int Status, IHeaderDictionary Headers, string Body)> ExecuteRawAsync(IResult result, IServiceProvider services) =>
        ExecuteRawAsync(result, services, new DefaultHttpContext());

    /// <summary>
    /// Executes the result on <paramref name="ctx"/> (the request's own context, as the hosts do), so headers
    /// set on its response before the result ran (Cache-Control by RequestAuth) are part of the answer.
    /// </summary>
    public static async Task<(int Status, IHeaderDictionary Headers, string Body)> ExecuteRawAsync(IResult result, IServiceProvider services, HttpContext ctx)
    {
        ctx.RequestServices = WithHttpServices(services);
        var body = new MemoryStream();
        ctx.Response.Body = body;
        await result.ExecuteAsync(ctx);
        return (ctx.Response.StatusCode, ctx.Response.Headers, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    private static IServiceProvider? _http;

    // IResult execution looks up logging and JSON options; the app's provider may lack them.
    private static IServiceProvider WithHttpServices(IServiceProvider app) =>
        app.GetService<ILoggerFactory>() is not null ? app : _http ??= new ServiceCollection().AddLogging().BuildServiceProvider();
}
