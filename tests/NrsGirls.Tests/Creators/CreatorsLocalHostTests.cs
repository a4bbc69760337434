namespace NrsGirls.Tests.Creators;

/// <summary>The creators routes served by the local host over real HTTP: route constraints, query binding, optional sign-in, region header.</summary>
public class CreatorsLocalHostTests(CreatorsLocalHostTests.Host app) : IClassFixture<CreatorsLocalHostTests.Host>
{
    public sealed class Host : ProductionHostFixture
    {
        protected override IDictionary<string, string?> Overrides =>
            new Dictionary<string, string?>(base.Overrides) { [SettingNames.CountryHeader] = CreatorsFixture.CountryHeader };
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, string? token = null, object? body = null, string? country = null)
    {
        using var request = app.Request(method, path, token, body);
        if (country is not null) request.Headers.Add(CreatorsFixture.CountryHeader, country);
        using var response = await app.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task A_performer_profile_is_created_found_followed_and_hidden_from_a_blocked_region_over_http()
    {
        var word = CreatorFlows.UniqueWord();
        var performer = await app.SignUp(Roles.Performer);
        var viewer = await app.SignUp();

        var created = await Send(HttpMethod.Post, "api/performers", performer.Token, new { stageName = $"Luna {word}", bio = "Live loops." });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Body.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, $"api/performers/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "api/performers/not-a-guid")).Status);
        var hits = await Send(HttpMethod.Get, $"api/creators/search?q={word[..7]}&type=performer&limit=5");
        Assert.Equal(id, Assert.Single(hits.Body.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.Created, (await Send(HttpMethod.Post, $"api/creators/{id}/follow", viewer.Token)).Status);
        var following = await Send(HttpMethod.Get, "api/me/following?limit=1000", viewer.Token);
        Assert.Equal(id, Assert.Single(following.Body.GetProperty("items").EnumerateArray()).GetProperty("creatorId").GetString());

        var privacy = await Send(HttpMethod.Put, $"api/performers/{id}/privacy", performer.Token,
            new { privacySettings = new { }, blockedRegions = new[] { "NL" } });
        Assert.Equal(HttpStatusCode.OK, privacy.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, $"api/performers/{id}", country: "NL")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, $"api/performers/{id}", country: "BE")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, $"api/creators/{id}/follow", viewer.Token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(HttpMethod.Post, $"api/creators/{id}/follow")).Status);
    }
}
