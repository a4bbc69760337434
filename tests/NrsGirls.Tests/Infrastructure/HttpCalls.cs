using Microsoft.AspNetCore.Http;

namespace NrsGirls.Tests.Infrastructure;

/// <summary>One HTTP answer: status, headers, and the body as JSON.</summary>
public sealed record Answer(int Status, IHeaderDictionary Headers, JsonElement Body, string Raw)
{
    public string? ContentType => Headers.ContentType.ToString();
    public string? Code => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var c) ? c.GetString() : null;
    public string Str(string name) => Body.GetProperty(name).GetString()!;

    /// <summary>The messages of one field of a validation problem.</summary>
    public string[] FieldErrors(string field) =>
        Body.TryGetProperty("errors", out var e) && e.TryGetProperty(field, out var f)
            ? f.EnumerateArray().Select(x => x.GetString()!).ToArray()
            : [];
}

/// <summary>Builds requests the way the Functions host hands them over, calls a function, executes its result.</summary>
public static class Http
{
    private static int _ip;

    /// <summary>A client address no other test uses, so per-IP rate limits and keys are this test's own.</summary>
    public static string NewIp()
    {
        var n = Interlocked.Increment(ref _ip) + Random.Shared.Next(0, 1 << 20) * 64;
        return $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
    }

    /// <summary>A request as the host hands it over; <paramref name="query"/> with or without its leading '?'.</summary>
    public static HttpRequest Request(object? body = null, string? token = null, string? ip = null, string? raw = null,
        string contentType = "application/json", string? query = null)
    {
        var ctx = new DefaultHttpContext();
        if (!string.IsNullOrEmpty(query)) ctx.Request.QueryString = new QueryString(query.StartsWith('?') ? query : "?" + query);
        ctx.Connection.RemoteIpAddress = IPAddress.Parse(ip ?? NewIp());
        ctx.Request.Headers.UserAgent = "NrsGirls.Tests/1.0";
        if (token is not null) ctx.Request.Headers.Authorization = "Bearer " + token;
        var bytes = raw is not null ? Encoding.UTF8.GetBytes(raw) : body is not null ? JsonSerializer.SerializeToUtf8Bytes(body) : null;
        if (bytes is not null)
        {
            ctx.Request.ContentType = contentType;
            ctx.Request.ContentLength = bytes.Length;
            ctx.Request.Body = new MemoryStream(bytes);
        }
        return ctx.Request;
    }

    public static async Task<Answer> Call(IServiceProvider services, Task<IResult> function)
    {
        var (status, headers, text) = await HttpResults.ExecuteRawAsync(await function, services);
        return ToAnswer(status, headers, text);
    }

    /// <summary>
    /// Calls a function with <paramref name="request"/> and executes its result on that request's own
    /// HttpContext, as the hosts do: headers set on the response before the result ran (Cache-Control:
    /// no-store from RequestAuth) are in the answer.
    /// </summary>
    public static async Task<Answer> Call(IServiceProvider services, HttpRequest request, Func<HttpRequest, Task<IResult>> function)
    {
        var (status, headers, text) = await HttpResults.ExecuteRawAsync(await function(request), services, request.HttpContext);
        return ToAnswer(status, headers, text);
    }

    private static Answer ToAnswer(int status, IHeaderDictionary headers, string text)
    {
        using var doc = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return new Answer(status, headers, doc.RootElement.Clone(), text);
    }
}
