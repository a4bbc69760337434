using Microsoft.Net.Http.Headers;
using NrsGirls.Functions.Accounts;

namespace NrsGirls.Tests.Hosting;

/// <summary>
/// Issue 8: every response carries X-Content-Type-Options: nosniff, and every response to a signed-in
/// request Cache-Control: no-store, over real HTTP through the production app and through the tests'
/// direct calls alike.
/// </summary>
public class ResponseHeaderTests(ProductionHostFixture app) : IClassFixture<ProductionHostFixture>
{
    private Task<HttpResponseMessage> Get(string path, string? token = null) => app.SendAsync(HttpMethod.Get, path, token);

    [Theory]
    [InlineData("api/me")]
    [InlineData("api/me/settings")]
    public async Task Signed_in_reads_are_no_store_and_nosniff(string path)
    {
        var user = await app.SignUp(Roles.Viewer);
        using var response = await Get(path, user.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, response.Headers.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues(HeaderNames.XContentTypeOptions).Single());
    }

    [Theory]
    [InlineData("api/health")]
    [InlineData("api/me")]
    [InlineData("api/no/such/route")]
    public async Task Every_response_signed_in_or_not_and_routed_or_not_is_nosniff(string path)
    {
        using var response = await Get(path);
        Assert.Equal("nosniff", response.Headers.GetValues(HeaderNames.XContentTypeOptions).Single());
    }

    [Fact]
    public async Task A_direct_call_executed_on_the_requests_own_context_carries_no_store_once_signed_in()
    {
        var user = await app.SignUp(Roles.Viewer);
        var signedIn = await Http.Call(app.Services, Http.Request(token: user.Token), r => app.Function<MeApi>().GetMe(r, default));
        Assert.Equal(200, signedIn.Status);
        Assert.Equal("no-store", signedIn.Headers.CacheControl.ToString());

        // Not signed in: nothing personal to protect, and no session was found to mark the response.
        var anonymous = await Http.Call(app.Services, Http.Request(token: SecureTokens.New()), r => app.Function<MeApi>().GetMe(r, default));
        Assert.Equal(401, anonymous.Status);
        Assert.False(anonymous.Headers.ContainsKey(HeaderNames.CacheControl));
    }
}
