using NrsGirls.Shared.Redis;
using NrsGirls.Shared.Streams;

namespace NrsGirls.Tests.Streams;

public class StreamLifecycleTests(LiveFixture app) : IClassFixture<LiveFixture>
{
    private Task<int> StreamCount(TestCreator c) => app.Scalar<int>("select stream_count from dj_profiles where id = @id", new { id = c.ProfileId });

    [Fact]
    public async Task A_stream_created_without_a_schedule_is_live_at_once_and_counts_on_the_profile()
    {
        var dj = await app.Creator();
        var a = await app.CreateStream(dj, new { title = "  Sunset set  ", category = "dj-set", tags = new[] { "House", "DEEP", "house" } });

        Assert.Equal(201, a.Status);
        Assert.Equal(("live", "Sunset set"), (a.Str("status"), a.Str("title")));
        Assert.Equal(["house", "deep"], a.Body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal(1, await StreamCount(dj));
        Assert.True(await app.Redis.KeyExistsAsync(RedisKeys.StreamLive(Guid.Parse(a.Str("id")))));
    }

    [Fact]
    public async Task A_scheduled_stream_waits_and_starts_once_then_ends_and_every_other_transition_is_409()
    {
        var dj = await app.Creator();
        var id = await app.ScheduledStream(dj);
        Assert.Equal(0, await StreamCount(dj));

        var end = await app.Call(app.Streams.EndStream(LiveFixture.Req(token: dj.User.Token), id, default));
        Assert.Equal((409, "stream_transition_invalid"), (end.Status, end.Code));
        Assert.Contains("scheduled", end.Str("detail"));

        var start = await app.Call(app.Streams.StartStream(LiveFixture.Req(token: dj.User.Token), id, default));
        Assert.Equal((200, "live"), (start.Status, start.Str("status")));
        Assert.Equal(1, await StreamCount(dj));

        var again = await app.Call(app.Streams.StartStream(LiveFixture.Req(token: dj.User.Token), id, default));
        Assert.Equal((409, "stream_transition_invalid"), (again.Status, again.Code));
        Assert.Contains("live", again.Str("detail"));
        var cancel = await app.Call(app.Streams.CancelStream(LiveFixture.Req(token: dj.User.Token), id, default));
        Assert.Equal(409, cancel.Status);

        var ended = await app.Call(app.Streams.EndStream(LiveFixture.Req(token: dj.User.Token), id, default));
        Assert.Equal((200, "ended"), (ended.Status, ended.Str("status")));
        var twice = await app.Call(app.Streams.EndStream(LiveFixture.Req(token: dj.User.Token), id, default));
        Assert.Equal((409, "stream_transition_invalid"), (twice.Status, twice.Code));
        Assert.Equal(1, await StreamCount(dj));
    }

    [Fact]
    public async Task A_scheduled_stream_can_be_cancelled_by_an_admin_but_not_started_by_one()
    {
        var dj = await app.Creator();
        var id = await app.ScheduledStream(dj);
        var admin = await app.NewAdmin();

        var start = await app.Call(app.Streams.StartStream(LiveFixture.Req(token: admin.Token), id, default));
        Assert.Equal((403, "stream_not_owner"), (start.Status, start.Code));
        var cancel = await app.Call(app.Streams.CancelStream(LiveFixture.Req(token: admin.Token), id, default));
        Assert.Equal((200, "cancelled"), (cancel.Status, cancel.Str("status")));
    }

    [Fact]
    public async Task Someone_elses_stream_cannot_be_started_ended_or_cancelled_and_nothing_changes()
    {
        var dj = await app.Creator();
        var other = await app.Creator();
        var scheduled = await app.ScheduledStream(dj);
        var live = await app.LiveStream(await app.Creator());

        foreach (var call in new[]
        {
            app.Streams.StartStream(LiveFixture.Req(token: other.User.Token), scheduled, default),
            app.Streams.CancelStream(LiveFixture.Req(token: other.User.Token), scheduled, default),
            app.Streams.EndStream(LiveFixture.Req(token: dj.User.Token), live, default),
        })
        {
            var a = await app.Call(call);
            Assert.Equal((403, "stream_not_owner"), (a.Status, a.Code));
        }
        Assert.Equal("scheduled", await app.Scalar<string>("select status from streams where id = @scheduled", new { scheduled }));
        Assert.Equal("live", await app.Scalar<string>("select status from streams where id = @live", new { live }));
        var missing = await app.Call(app.Streams.StartStream(LiveFixture.Req(token: dj.User.Token), Guid.NewGuid(), default));
        Assert.Equal((404, "stream_not_found"), (missing.Status, missing.Code));
    }

    [Fact]
    public async Task Two_starts_for_two_streams_of_one_creator_leave_exactly_one_live()
    {
        var dj = await app.Creator();
        var first = await app.ScheduledStream(dj, "one");
        var second = await app.ScheduledStream(dj, "two");

        var answers = await Task.WhenAll(
            app.Call(app.Streams.StartStream(LiveFixture.Req(token: dj.User.Token), first, default)),
            app.Call(app.Streams.StartStream(LiveFixture.Req(token: dj.User.Token), second, default)));

        Assert.Single(answers, a => a.Status == 200);
        Assert.Single(answers, a => a.Status == 409 && a.Code == "stream_already_live");
        Assert.Equal(1L, await app.Scalar<long>("select count(*) from streams where creator_id = @id and status = 'live'", new { id = dj.ProfileId }));
        Assert.Equal(1, await StreamCount(dj));
        // Going live directly is refused the same way while one is live.
        var third = await app.CreateStream(dj, new { title = "three" });
        Assert.Equal((409, "stream_already_live"), (third.Status, third.Code));
        Assert.Equal(2L, await app.Scalar<long>("select count(*) from streams where creator_id = @id", new { id = dj.ProfileId }));
    }

    [Fact]
    public async Task Two_ends_at_once_persist_one_peak_and_delete_the_live_keys()
    {
        var dj = await app.Creator();
        var id = await app.LiveStream(dj);
        for (var i = 0; i < 7; i++) Assert.Equal(200, (await app.Heartbeat(id, viewerId: Guid.NewGuid().ToString())).Status);
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // all seven age out: the peak must still be 7
        Assert.Equal(200, (await app.Heartbeat(id, viewerId: Guid.NewGuid().ToString())).Status);

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            app.Call(app.Streams.EndStream(LiveFixture.Req(token: dj.User.Token), id, default))));

        Assert.Single(answers, a => a.Status == 200);
        Assert.Single(answers, a => a.Status == 409 && a.Code == "stream_transition_invalid");
        Assert.Equal(7, await app.Scalar<int>("select peak_viewers from streams where id = @id", new { id }));
        // total_views is the HyperLogLog's estimate of 8 distinct viewers (two random ids may share a register).
        var views = await app.Scalar<int>("select total_views from streams where id = @id", new { id });
        Assert.InRange(views, 7, 8);
        Assert.Equal(views, await app.Scalar<int>("select total_views from dj_profiles where id = @id", new { id = dj.ProfileId }));
        Assert.True(await app.Scalar<bool>("select end_time is not null from streams where id = @id", new { id }));
        Assert.Empty(await app.RedisKeys($"*{id}*"));
        var late = await app.Heartbeat(id, viewerId: Guid.NewGuid().ToString());
        Assert.Equal((409, "stream_not_live"), (late.Status, late.Code));
    }

    [Fact]
    public async Task Stream_keys_are_stored_encrypted_and_never_answered()
    {
        var dj = await app.Creator();
        var a = await app.CreateStream(dj, new
        {
            title = "Multistream",
            multistreamConfig = new[] { new { platform = "twitch", ingestUrl = "rtmps://live.twitch.tv/app", streamKey = "live_123_secret" } },
        });
        Assert.Equal(201, a.Status);
        Assert.DoesNotContain("live_123_secret", a.Raw);
        Assert.Equal("rtmps://live.twitch.tv/app", a.Body.GetProperty("multistream")[0].GetProperty("ingestUrl").GetString());
        var id = Guid.Parse(a.Str("id"));
        var stored = await app.Scalar<string>("select multistream_config::text from streams where id = @id", new { id });
        Assert.DoesNotContain("live_123_secret", stored);
        var encryption = app.Services.GetRequiredService<FieldEncryption>();
        Assert.Equal(["live_123_secret"], StreamRules.DecryptKeys(stored, id, encryption));
        Assert.Equal([null], StreamRules.DecryptKeys(stored, Guid.NewGuid(), encryption)); // bound to its stream

        var get = await app.Call(app.Streams.GetStream(LiveFixture.Req(token: dj.User.Token), id, default));
        Assert.DoesNotContain("live_123_secret", get.Raw);
        var stranger = await app.Call(app.Streams.GetStream(LiveFixture.Req(), id, default));
        Assert.Equal(JsonValueKind.Null, stranger.Body.GetProperty("multistream").ValueKind);
    }

    public static TheoryData<string, string> BadCreates() => new()
    {
        { """{"title":""}""", "title" },
        { "{\"title\":\"" + new string('t', 256) + "\"}", "title" },
        { """{"title":"a\u0007b"}""", "title" },
        { """{"title":"ok","category":"knitting"}""", "category" },
        { """{"title":"ok","tags":["a","b","c","d","e","f","g","h","i","j","k"]}""", "tags" },
        { "{\"title\":\"ok\",\"tags\":[\"" + new string('x', 31) + "\"]}", "tags" },
        { """{"title":"ok","scheduledStart":"2001-01-01T00:00:00Z"}""", "scheduledStart" },
        { """{"title":"ok","multistreamConfig":[{"platform":"myspace","ingestUrl":"rtmp://x.example/app","streamKey":"k"}]}""", "multistreamConfig[0].platform" },
        { """{"title":"ok","multistreamConfig":[{"platform":"twitch","ingestUrl":"https://x.example/app","streamKey":"k"}]}""", "multistreamConfig[0].ingestUrl" },
        { """{"title":"ok","multistreamConfig":[{"platform":"twitch","ingestUrl":"rtmp://x.example/app","streamKey":""}]}""", "multistreamConfig[0].streamKey" },
        { """{"title":"ok","chatEnabled":"yes"}""", "chatEnabled" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task A_bad_create_names_the_field_and_writes_nothing(string raw, string field)
    {
        var dj = await app.Creator();
        var a = await app.Call(app.Streams.CreateStream(LiveFixture.Req(token: dj.User.Token, raw: raw), default));
        Assert.Equal((400, "validation_failed"), (a.Status, a.Code));
        Assert.NotEmpty(a.FieldErrors(field));
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from streams where creator_id = @id", new { id = dj.ProfileId }));
    }

    [Fact]
    public async Task Malformed_and_oversized_bodies_and_callers_without_a_profile_are_refused()
    {
        var dj = await app.Creator();
        var malformed = await app.Call(app.Streams.CreateStream(LiveFixture.Req(token: dj.User.Token, raw: "{\"title\":"), default));
        Assert.Equal((400, "malformed_json"), (malformed.Status, malformed.Code));
        var huge = await app.Call(app.Streams.CreateStream(LiveFixture.Req(token: dj.User.Token, raw: "{\"description\":\"" + new string('d', 40_000) + "\"}"), default));
        Assert.Equal(413, huge.Status);

        var viewer = await app.SignUp();
        var noProfile = await app.Call(app.Streams.CreateStream(LiveFixture.Req(new { title = "x" }, viewer.Token), default));
        Assert.Equal((403, "creator_profile_required"), (noProfile.Status, noProfile.Code));
        var djWithoutProfile = await app.SignUp(Roles.Dj);
        var also = await app.Call(app.Streams.CreateStream(LiveFixture.Req(new { title = "x" }, djWithoutProfile.Token), default));
        Assert.Equal((403, "creator_profile_required"), (also.Status, also.Code));
        Assert.Equal(0L, await app.Scalar<long>("select count(*) from streams where creator_id = @id", new { id = dj.ProfileId }));
    }
}
