using Microsoft.AspNetCore.Http.Metadata;

namespace NrsGirls.Functions.Http;

/// <summary>Adds response headers to another result (Retry-After, WWW-Authenticate, Cache-Control).</summary>
public sealed class ResultHeaders(IResult inner, params (string Name, string Value)[] headers) : IResult, IStatusCodeHttpResult
{
    public IResult Inner => inner;
    public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        foreach (var (name, value) in headers) httpContext.Response.Headers[name] = value;
        return inner.ExecuteAsync(httpContext);
    }

    /// <summary>Responses that carry a bearer token or a secret must not be cached anywhere (RFC 6749 §5.1).</summary>
    public static IResult NoStore(IResult inner) => new ResultHeaders(inner, ("Cache-Control", "no-store"), ("Pragma", "no-cache"));
}
