using NrsGirls.Shared.Analytics;

namespace NrsGirls.Shared.Content;

/// <summary>
/// Plays and likes. A play counts at most <see cref="TrackLimits.Plays"/> (3) times per client address and track
/// in each rate-limit window (the next ones are 429 and count nothing), so a loop cannot inflate
/// play_count; each counted play is also a track_play analytics event. A like is one row per user and
/// track; like_count changes in the same statement as that row.
/// </summary>
public sealed class TrackEngagement(TrackStore store, TrackService tracks, RateLimiter limiter, AnalyticsWriter analytics, TimeProvider clock,
    ILogger<TrackEngagement> log)
{
    public async Task<Outcome<TrackPlayCount>> PlayAsync(Guid id, Caller? caller, ClientInfo client, CancellationToken ct)
    {
        var found = await tracks.FindVisibleAsync(id, caller, client, ct);
        if (!found.IsOk) return found.Error;
        if (!found.Value.Scanned) return TrackErrors.NotFound; // nothing playable yet, even for its owner
        return await RedisFailure.Guard<TrackPlayCount>(log, "track play", async () =>
        {
            if (await limiter.HitAsync(TrackLimits.Plays, $"{RateLimiter.Ip(client)}:{id:N}") is { } limited) return limited;
            var count = await store.CountPlayAsync(id, ct);
            if (count is null) return TrackErrors.NotFound;
            analytics.Record(new AnalyticsEvent(AnalyticsEventTypes.TrackPlay, caller?.UserId, found.Value.DjId, id, null, clock.GetUtcNow()));
            return new TrackPlayCount(id, count.Value);
        });
    }

    public async Task<Outcome<TrackLikeState>> LikeAsync(Caller caller, Guid id, ClientInfo client, CancellationToken ct)
    {
        var found = await tracks.FindVisibleAsync(id, caller, client, ct);
        if (!found.IsOk) return found.Error;
        if (!found.Value.Scanned) return TrackErrors.NotFound;
        var count = await store.LikeAsync(id, caller.UserId, ct);
        return new TrackLikeState(id, true, count);
    }

    public async Task<Outcome<TrackLikeState>> UnlikeAsync(Caller caller, Guid id, ClientInfo client, CancellationToken ct)
    {
        var found = await tracks.FindVisibleAsync(id, caller, client, ct);
        if (!found.IsOk) return found.Error;
        var count = await store.UnlikeAsync(id, caller.UserId, ct);
        return new TrackLikeState(id, false, count);
    }
}

/// <summary>Tracks' rate limits (a *Limits class, so NRSGIRLS_RATE_LIMITS can set them).</summary>
public static class TrackLimits
{
    /// <summary>Counted plays per client address and track; the caller part of the key is "address:track".</summary>
    public static readonly RateLimitPolicy Plays = new("tracks.play", 3);
}
