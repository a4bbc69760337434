namespace NrsGirls.Tests.Streams;

/// <summary>Streams, viewers and moderation through the production app served by the local host over real HTTP.</summary>
public class LiveLocalHostTests(ProductionHostFixture app) : IClassFixture<ProductionHostFixture>
{
    [Fact]
    public async Task A_creator_goes_live_viewers_count_a_moderator_is_appointed_and_the_end_persists_the_peak()
    {
        var dj = await app.SignUp(Roles.Dj);
        var profile = await app.Scalar<Guid>("insert into dj_profiles (user_id, stage_name) values (@u, 'HostDj') returning id", new { u = dj.UserId });

        using var created = await app.SendAsync(HttpMethod.Post, "api/streams", dj.Token, new { title = "Over HTTP", category = "dj-set" });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();

        using var beat = await app.SendAsync(HttpMethod.Post, $"api/streams/{id}/viewers/heartbeat", body: new { viewerId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        using var get = await app.Http.GetAsync($"api/streams/{id}");
        Assert.Equal(1, JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("viewerCount").GetInt64());

        var mod = await app.SignUp();
        using var appoint = await app.SendAsync(HttpMethod.Put, $"api/creators/{profile}/moderators/{mod.UserId}", dj.Token);
        Assert.Equal(HttpStatusCode.NoContent, appoint.StatusCode);

        using var end = await app.SendAsync(HttpMethod.Post, $"api/streams/{id}/end", dj.Token);
        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        Assert.Equal(1, await app.Scalar<int>("select peak_viewers from streams where id = @id", new { id }));

        using var badId = await app.SendAsync(HttpMethod.Post, "api/streams/not-a-guid/start", dj.Token);
        Assert.Equal(HttpStatusCode.NotFound, badId.StatusCode);
        using var late = await app.SendAsync(HttpMethod.Post, $"api/streams/{id}/viewers/heartbeat", body: new { viewerId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
    }
}
