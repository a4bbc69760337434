using NrsGirls.Shared.Analytics;
using NrsGirls.Shared.Creators;

namespace NrsGirls.Shared.Streams;

/// <summary>
/// POST streams/{id}/viewers/heartbeat and DELETE streams/{id}/viewers/me: who may watch (the stream
/// exists, is live, its creator lets the caller see it), then one <see cref="LiveViewers"/> script run.
/// Signed-in viewers count by user id; anonymous ones by a client-generated UUID.
/// </summary>
public sealed class ViewerService(StreamsStore store, LiveViewers viewers, AnalyticsWriter analytics, TimeProvider clock)
{
    /// <summary>A re-mark made by a heartbeat (Redis lost the marker while PostgreSQL says live) expires by itself.</summary>
    private static readonly TimeSpan RemarkLifetime = TimeSpan.FromMinutes(2);

    /// <summary>"u:{userId}" for a signed-in caller, "a:{uuid}" for an anonymous one; a 400 naming viewerId otherwise.</summary>
    public static Outcome<string> ViewerKey(Caller? caller, string? anonymousViewerId)
    {
        if (caller is not null) return "u:" + caller.UserId.ToString("D");
        if (anonymousViewerId is { Length: 36 } raw && Guid.TryParseExact(raw, "D", out var id) && id != Guid.Empty)
            return "a:" + id.ToString("D");
        return ServiceError.Invalid("viewerId", "anonymous viewers send a client-generated UUID (36 characters, e.g. from crypto.randomUUID()).");
    }

    public async Task<Outcome<HeartbeatView>> HeartbeatAsync(Guid streamId, Caller? caller, string? anonymousViewerId, ClientInfo client, CancellationToken ct)
    {
        var viewer = ViewerKey(caller, anonymousViewerId);
        if (!viewer.IsOk) return viewer.Error;
        var foundRow = await store.FindVisibleAsync(streamId, caller, client, ct);
        if (!foundRow.IsOk) return foundRow.Error;
        var row = foundRow.Value;
        if (row.Status != StreamStatus.Live) return StreamErrors.NotLive(row.Status);

        var beat = await viewers.HeartbeatAsync(streamId, viewer.Value);
        if (beat.Status == HeartbeatStatus.NotLive)
        {
            // PostgreSQL (the record) says live but Redis lost the marker (restart, eviction): put it back.
            await viewers.MarkLiveAsync(streamId, RemarkLifetime);
            beat = await viewers.HeartbeatAsync(streamId, viewer.Value);
        }
        if (beat.Status == HeartbeatStatus.TooSoon) return ServiceError.RateLimited((int)Math.Max(1, Math.Ceiling(beat.RetryAfterMs / 1000.0)));
        if (beat.Status == HeartbeatStatus.NotLive) return StreamErrors.NotLive(StreamStatus.Ended);
        if (beat.Joined)
            analytics.Record(new AnalyticsEvent(AnalyticsEventTypes.StreamView, caller?.UserId, row.CreatorId, streamId, null,
                clock.GetUtcNow(), SessionId: viewer.Value));
        return new HeartbeatView(beat.ViewerCount, (int)LiveViewers.Interval.TotalSeconds, (int)LiveViewers.Expiry.TotalSeconds);
    }

    /// <summary>The goodbye: the viewer stops counting at once. Idempotent (leaving twice, or after the end, is fine).</summary>
    public async Task<Outcome<Done>> LeaveAsync(Guid streamId, Caller? caller, string? anonymousViewerId, ClientInfo client, CancellationToken ct)
    {
        var viewer = ViewerKey(caller, anonymousViewerId);
        if (!viewer.IsOk) return viewer.Error;
        var foundRow = await store.FindVisibleAsync(streamId, caller, client, ct);
        if (!foundRow.IsOk) return foundRow.Error;
        var row = foundRow.Value;
        if (row.Status == StreamStatus.Live) await viewers.LeaveAsync(streamId, viewer.Value);
        return Done.Value;
    }
}
