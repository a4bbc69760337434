using NrsGirls.Shared.Redis;
using NrsGirls.Shared.Streams;

namespace NrsGirls.Tests.Streams;

public class LiveViewerTests(LiveFixture app) : IClassFixture<LiveFixture>
{
    private async Task<long> Count(Guid id) =>
        (await app.Call(app.Streams.GetStream(LiveFixture.Req(), id, default))).Body.GetProperty("viewerCount").GetInt64();

    [Fact]
    public async Task Two_hundred_parallel_heartbeats_from_fifty_viewers_count_fifty()
    {
        var dj = await app.Creator();
        var id = await app.LiveStream(dj);
        var viewers = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid().ToString()).ToArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => app.Heartbeat(id, viewerId: viewers[i % 50]))));

        Assert.All(answers, a => Assert.True(a.Status is 200 or 429, a.Raw));
        Assert.Equal(50, answers.Count(a => a.Status == 200)); // each viewer's first beat counts, the rest are too soon
        Assert.All(answers.Where(a => a.Status == 429), a => Assert.Equal("5", a.Headers["Retry-After"].ToString()));
        Assert.Equal(50, await Count(id));
        Assert.Equal("50", (string?)await app.Redis.StringGetAsync(RedisKeys.StreamViewerCounter(id)));
        Assert.Equal("50", (string?)await app.Redis.StringGetAsync(RedisKeys.StreamPeakViewers(id)));
        // A HyperLogLog estimates (standard error 0.81 %): with random ids 50 may read as 49 or 51.
        Assert.InRange(await app.Redis.HyperLogLogLengthAsync(RedisKeys.StreamDistinctViewers(id)), 48, 52);
    }

    [Fact]
    public async Task A_viewer_silent_for_45_seconds_is_gone_from_the_count_even_if_nobody_else_beats()
    {
        var dj = await app.Creator();
        var id = await app.LiveStream(dj);
        var quiet = Guid.NewGuid().ToString();
        var loyal = await app.SignUp();
        Assert.Equal(200, (await app.Heartbeat(id, viewerId: quiet)).Status);
        Assert.Equal(200, (await app.Heartbeat(id, loyal.Token)).Status);
        Assert.Equal(2, await Count(id));

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var beat = await app.Heartbeat(id, loyal.Token);
        Assert.Equal(2, beat.Body.GetProperty("viewerCount").GetInt64());
        app.Clock.Advance(TimeSpan.FromSeconds(15)); // quiet: 45 s silent; loyal: 15 s
        Assert.Equal(1, await Count(id));             // read path: exact without a prune
        var next = await app.Heartbeat(id, loyal.Token);
        Assert.Equal(1, next.Body.GetProperty("viewerCount").GetInt64()); // write path pruned it
        Assert.Null(await app.Redis.SortedSetScoreAsync(RedisKeys.StreamViewers(id), "a:" + quiet));
        app.Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal(0, await Count(id));
    }

    [Fact]
    public async Task Leaving_stops_counting_at_once_and_leaving_twice_is_fine()
    {
        var dj = await app.Creator();
        var id = await app.LiveStream(dj);
        var viewer = await app.SignUp();
        var anon = Guid.NewGuid().ToString();
        await app.Heartbeat(id, viewer.Token);
        await app.Heartbeat(id, viewerId: anon);

        var left = await app.Call(app.Viewers.LeaveStream(LiveFixture.Req(token: viewer.Token), id, default));
        Assert.Equal(204, left.Status);
        var request = LiveFixture.Req();
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?viewerId=" + anon);
        Assert.Equal(204, (await app.Call(app.Viewers.LeaveStream(request, id, default))).Status);
        Assert.Equal(204, (await app.Call(app.Viewers.LeaveStream(LiveFixture.Req(token: viewer.Token), id, default))).Status);
        Assert.Equal(0, await Count(id));
        Assert.Equal("0", (string?)await app.Redis.StringGetAsync(RedisKeys.StreamViewerCounter(id)));
    }

    [Fact]
    public async Task Heartbeats_too_close_together_are_429_and_one_after_the_gap_counts()
    {
        var dj = await app.Creator();
        var id = await app.LiveStream(dj);
        var viewer = await app.SignUp();
        Assert.Equal(200, (await app.Heartbeat(id, viewer.Token)).Status);
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        var soon = await app.Heartbeat(id, viewer.Token);
        Assert.Equal((429, "rate_limited"), (soon.Status, soon.Code));
        Assert.Equal("3", soon.Headers["Retry-After"].ToString());
        app.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(200, (await app.Heartbeat(id, viewer.Token)).Status);
    }

    [Fact]
    public async Task Heartbeats_to_streams_that_are_not_live_are_409_and_to_unknown_ones_404()
    {
        var dj = await app.Creator();
        var scheduled = await app.ScheduledStream(dj);
        var a = await app.Heartbeat(scheduled, viewerId: Guid.NewGuid().ToString());
        Assert.Equal((409, "stream_not_live"), (a.Status, a.Code));
        Assert.Contains("scheduled", a.Str("detail"));
        var missing = await app.Heartbeat(Guid.NewGuid(), viewerId: Guid.NewGuid().ToString());
        Assert.Equal((404, "stream_not_found"), (missing.Status, missing.Code));
        Assert.Empty(await app.RedisKeys($"stream:{scheduled}:*"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("{6f9619ff-8b86-d011-b42d-00c04fc964ff}")]
    public async Task Anonymous_viewers_need_a_client_uuid_and_nothing_is_counted_without_one(string? viewerId)
    {
        var dj = await app.Creator();
        var id = await app.LiveStream(dj);
        var a = await app.Heartbeat(id, viewerId: viewerId);
        Assert.Equal((400, "validation_failed"), (a.Status, a.Code));
        Assert.NotEmpty(a.FieldErrors("viewerId"));
        Assert.Equal(0, await app.Redis.SortedSetLengthAsync(RedisKeys.StreamViewers(id)));
    }

    [Fact]
    public async Task A_forged_token_is_401_even_on_routes_open_to_anonymous_viewers()
    {
        var dj = await app.Creator();
        var id = await app.LiveStream(dj);
        var a = await app.Heartbeat(id, token: "forged");
        Assert.Equal(401, a.Status);
        var list = await app.Call(app.Streams.ListStreams(LiveFixture.Req(token: "forged"), default));
        Assert.Equal(401, list.Status);
    }

    [Fact]
    public async Task Blocked_users_and_regions_get_404_for_the_stream_its_heartbeat_and_its_chat()
    {
        var blocked = await app.SignUp();
        var performer = await app.Creator("performer", blockedUsers: [blocked.UserId], blockedRegions: ["FR"]);
        var id = await app.LiveStream(performer);

        var get = await app.Call(app.Streams.GetStream(LiveFixture.Req(token: blocked.Token), id, default));
        Assert.Equal((404, "stream_not_found"), (get.Status, get.Code));
        var beat = await app.Heartbeat(id, blocked.Token);
        Assert.Equal((404, "stream_not_found"), (beat.Status, beat.Code));
        var fromFrance = await app.Heartbeat(id, viewerId: Guid.NewGuid().ToString(), country: "FR");
        Assert.Equal(404, fromFrance.Status);
        var fromSpain = await app.Heartbeat(id, viewerId: Guid.NewGuid().ToString(), country: "ES");
        Assert.Equal(200, fromSpain.Status);
        var creatorPage = await app.Call(app.Streams.ListCreatorStreams(LiveFixture.Req(token: blocked.Token), performer.ProfileId, default));
        Assert.Equal((404, "creator_not_found"), (creatorPage.Status, creatorPage.Code));
        Assert.Equal(1, await app.Redis.SortedSetLengthAsync(RedisKeys.StreamViewers(id)));
    }

    [Fact]
    public async Task Redis_losing_the_live_marker_does_not_stop_heartbeats_of_a_live_stream()
    {
        var dj = await app.Creator();
        var id = await app.LiveStream(dj);
        await app.Redis.KeyDeleteAsync(RedisKeys.StreamLive(id));
        var a = await app.Heartbeat(id, viewerId: Guid.NewGuid().ToString());
        Assert.Equal(200, a.Status);
        Assert.True(await app.Redis.KeyExistsAsync(RedisKeys.StreamLive(id)));
    }

    [Fact]
    public async Task A_counted_beat_gives_every_per_stream_key_a_lifetime_so_a_beat_racing_the_end_leaves_nothing_for_good()
    {
        var dj = await app.Creator();
        var id = await app.LiveStream(dj);
        Assert.Equal(200, (await app.Heartbeat(id, viewerId: Guid.NewGuid().ToString())).Status);
        foreach (var key in LiveViewers.HeartbeatKeys(id).Skip(1))
        {
            var ttl = await app.Redis.KeyTimeToLiveAsync(key);
            Assert.True(ttl is { } t && t > TimeSpan.FromDays(6) && t <= LiveViewers.KeyLifetime, $"{key}: {ttl}");
        }
    }

    [Fact]
    public async Task Malformed_heartbeat_bodies_and_unknown_streams_are_refused_without_writes()
    {
        var dj = await app.Creator();
        var id = await app.LiveStream(dj);
        var malformed = await app.Call(app.Viewers.StreamHeartbeat(LiveFixture.Req(raw: "{\"viewerId\":"), id, default));
        Assert.Equal((400, "malformed_json"), (malformed.Status, malformed.Code));
        var wrongType = await app.Call(app.Viewers.StreamHeartbeat(LiveFixture.Req(raw: "{\"viewerId\":42}"), id, default));
        Assert.Equal(400, wrongType.Status);
        var huge = await app.Call(app.Viewers.StreamHeartbeat(LiveFixture.Req(raw: "{\"viewerId\":\"" + new string('a', 5000) + "\"}"), id, default));
        Assert.Equal(413, huge.Status);
        var unknown = await app.Call(app.Streams.GetStream(LiveFixture.Req(), Guid.NewGuid(), default));
        Assert.Equal((404, "stream_not_found"), (unknown.Status, unknown.Code));
        Assert.Equal(0, await app.Redis.SortedSetLengthAsync(RedisKeys.StreamViewers(id)));
    }
}
