using NrsGirls.Shared.Analytics;
using NrsGirls.Shared.Content;
using NrsGirls.Shared.Redis;

namespace NrsGirls.Tests.Content;

/// <summary>POST tracks/{id}/play (rate-limited per address and track) and POST/DELETE tracks/{id}/like (one per user, exact counter).</summary>
public class TrackEngagementTests(TracksFixture app) : IClassFixture<TracksFixture>
{
    private Task<int> Plays(Guid id) => app.Scalar<int>("select play_count from tracks where id = @id", new { id });

    [Fact]
    public async Task Plays_count_a_few_times_per_address_and_track_per_window_then_429_without_counting()
    {
        var dj = await app.NewDj();
        var id = await app.InsertScannedTrack(dj.DjId, "Loop me");
        var other = await app.InsertScannedTrack(dj.DjId, "Other");
        var ip = Http.NewIp();
        var writer = (AnalyticsWriter)app.Services.GetService(typeof(AnalyticsWriter))!;
        var recorded = writer.Dropped + writer.Written; // MongoDB is not configured here: events are counted as dropped

        for (var i = 1; i <= TrackLimits.Plays.Limit; i++)
        {
            var play = await app.Play(id, ip);
            Assert.Equal(200, play.Status);
            Assert.Equal(i, play.Body.GetProperty("playCount").GetInt32());
        }
        var limited = await app.Play(id, ip);
        Assert.Equal((429, "rate_limited"), (limited.Status, limited.Code));
        Assert.False(string.IsNullOrEmpty(limited.Headers.RetryAfter.ToString()));
        Assert.Equal(TrackLimits.Plays.Limit, await Plays(id));
        Assert.Equal(TrackLimits.Plays.Limit, writer.Dropped + writer.Written - recorded);

        // Another track from the same address, and the same track from another address, still count.
        Assert.Equal(200, (await app.Play(other, ip)).Status);
        Assert.Equal(200, (await app.Play(id, Http.NewIp())).Status);
        Assert.Equal(TrackLimits.Plays.Limit + 1, await Plays(id));

        // The next window counts again.
        app.Clock.Advance(RateLimitPolicy.DefaultWindow);
        Assert.Equal(200, (await app.Play(id, ip)).Status);
        Assert.Equal(TrackLimits.Plays.Limit + 2, await Plays(id));
    }

    [Fact]
    public async Task Plays_of_unscanned_deleted_or_unknown_tracks_are_404_and_count_nothing()
    {
        var dj = await app.NewDj();
        var pending = await app.Scalar<Guid>("insert into tracks (dj_id, title, file_url) values (@d, 'Pending', 'x') returning id", new { d = dj.DjId });
        var gone = await app.InsertScannedTrack(dj.DjId, "Gone");
        await app.Scalar<int>("update tracks set deleted_at = now() where id = @gone returning 1", new { gone });
        Assert.Equal((404, "track_not_found"), Pair(await app.Play(pending, token: dj.Token)));
        Assert.Equal((404, "track_not_found"), Pair(await app.Play(gone)));
        Assert.Equal((404, "track_not_found"), Pair(await app.Play(Guid.NewGuid())));
        Assert.Equal(401, (await app.Play(gone, token: "forged")).Status);
        Assert.Equal(0, await app.Scalar<long>("select coalesce(sum(play_count), 0) from tracks where dj_id = @d", new { d = dj.DjId }));
    }

    [Fact]
    public async Task A_user_likes_a_track_once_and_unlikes_it_idempotently()
    {
        var dj = await app.NewDj();
        var id = await app.InsertScannedTrack(dj.DjId, "Like me");
        var fan = await app.SignUp();

        var first = await app.Like(fan.Token, id);
        Assert.Equal(200, first.Status);
        Assert.True(first.Body.GetProperty("liked").GetBoolean());
        Assert.Equal(1, first.Body.GetProperty("likeCount").GetInt32());
        Assert.Equal(1, (await app.Like(fan.Token, id)).Body.GetProperty("likeCount").GetInt32());
        Assert.Equal(1, await app.Scalar<long>("select count(*) from track_likes where track_id = @id", new { id }));

        var unliked = await app.Unlike(fan.Token, id);
        Assert.Equal(200, unliked.Status);
        Assert.False(unliked.Body.GetProperty("liked").GetBoolean());
        Assert.Equal(0, unliked.Body.GetProperty("likeCount").GetInt32());
        Assert.Equal(0, (await app.Unlike(fan.Token, id)).Body.GetProperty("likeCount").GetInt32());

        Assert.Equal(401, (await app.Like(null, id)).Status);
        Assert.Equal(401, (await app.Unlike(null, id)).Status);
        Assert.Equal((404, "track_not_found"), Pair(await app.Like(fan.Token, Guid.NewGuid())));
        var (pending, _) = await app.NewTrack(dj, "Pending");
        Assert.Equal((404, "track_not_found"), Pair(await app.Like(fan.Token, pending)));
        Assert.Equal((404, "track_not_found"), Pair(await app.Like(dj.Token, pending)));
        Assert.Equal(0, await app.Scalar<long>("select count(*) from track_likes where track_id = @pending", new { pending }));
    }

    [Fact]
    public async Task Parallel_likes_and_unlikes_leave_like_count_equal_to_the_likes()
    {
        var dj = await app.NewDj();
        var id = await app.InsertScannedTrack(dj.DjId, "Popular");
        var fans = new List<TestUser>();
        for (var i = 0; i < 20; i++) fans.Add(await app.SignUp());

        // Every fan likes twice at once; then half of them unlike while the others like again.
        await Task.WhenAll(fans.SelectMany(f => new[] { app.Like(f.Token, id), app.Like(f.Token, id) }));
        Assert.Equal(20, await app.Scalar<int>("select like_count from tracks where id = @id", new { id }));
        await Task.WhenAll(fans.Select((f, i) => i % 2 == 0 ? app.Unlike(f.Token, id) : app.Like(f.Token, id)));

        Assert.Equal(10, await app.Scalar<long>("select count(*) from track_likes where track_id = @id", new { id }));
        Assert.Equal(10, await app.Scalar<int>("select like_count from tracks where id = @id", new { id }));
    }

    private static (int, string?) Pair(Answer a) => (a.Status, a.Code);
}
