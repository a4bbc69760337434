using System.Net.Http.Headers;
using System.Net.Http.Json;
using NrsGirls.Tests.Hosting;

namespace NrsGirls.Tests.Infrastructure;

/// <summary>
/// The production function app (src/NrsGirls.Functions) served over real HTTP by the local host, on its
/// own database. xunit makes one per test class that names it in IClassFixture, so classes never share
/// a host; a class that needs other settings derives from it.
/// </summary>
public class ProductionHostFixture : LocalHostFixture
{
    protected override string? AppDirectory => null;

    /// <summary>A request to the host: signed in when <paramref name="token"/> is given, with <paramref name="body"/> as JSON when given.</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, string? token = null, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    /// <summary>Sends <see cref="Request"/> and answers the (buffered) response.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, object? body = null)
    {
        using var request = Request(method, path, token, body);
        return await Http.SendAsync(request);
    }
}
