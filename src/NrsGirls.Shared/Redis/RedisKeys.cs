namespace NrsGirls.Shared.Redis;

/// <summary>
/// The one place Redis keys are built, in the seed's shapes. Nothing else concatenates a key.
/// </summary>
public static class RedisKeys
{
    /// <summary>Hash (userId, role, lastActivity, ipAddress), 24-hour TTL. The id is a hash of the bearer token.</summary>
    public static string Session(string sessionId) => $"session:{sessionId}";

    /// <summary>Set of a user's session ids, so that all of them can be ended at once.</summary>
    public static string UserSessions(Guid userId) => $"user:{userId:D}:sessions";

    /// <summary>Set of viewer ids of a live stream; cleaned up on stream end.</summary>
    public static string StreamViewers(Guid streamId) => $"stream:{streamId:D}:viewers";

    /// <summary>Real-time viewer counter of a stream.</summary>
    public static string StreamViewerCounter(Guid streamId) => $"counter:stream:{streamId:D}:viewers";

    // Live (streams, viewers, chat). The seed's viewers key holds a sorted set (member: viewer id, score:
    // last heartbeat in ms) instead of a Set, so that silent viewers age out; see docs/live.md.

    /// <summary>Marker present while a stream is live: heartbeats are accepted only while it exists.</summary>
    public static string StreamLive(Guid streamId) => $"stream:{streamId:D}:live";

    /// <summary>HyperLogLog of every viewer id a stream has seen (total_views, ±0.81%).</summary>
    public static string StreamDistinctViewers(Guid streamId) => $"stream:{streamId:D}:viewers:hll";

    /// <summary>Highest concurrent viewer count seen while live (peak_viewers).</summary>
    public static string StreamPeakViewers(Guid streamId) => $"stream:{streamId:D}:viewers:peak";

    /// <summary>Hash of a stream's chat modes (slowModeSeconds, followersOnly, subscribersOnly).</summary>
    public static string StreamChatMode(Guid streamId) => $"stream:{streamId:D}:chat:mode";

    /// <summary>A user's chat token bucket and last message in one stream (rate limit, slow mode, duplicates).</summary>
    public static string ChatSender(Guid streamId, Guid userId) => $"stream:{streamId:D}:chat:sender:{userId:D}";

    /// <summary>A timeout or ban of a user from one creator's chats; the value holds kind and expiry.</summary>
    public static string ChatBan(Guid creatorId, Guid userId) => $"chat:ban:{creatorId:D}:{userId:D}";

    /// <summary>Rate-limit window counter for a caller (user id or "ip:…") and an endpoint.</summary>
    public static string RateLimit(string caller, string endpoint) => $"ratelimit:{caller}:{endpoint}";

    /// <summary>
    /// Sorted set of the client addresses (keyed hashes, scored by the last sign-in in Unix ms) an account
    /// has signed in from in the last 30 days; <paramref name="account"/> is "email:" + a keyed hash of its
    /// e-mail address, as in its rate-limit keys.
    /// </summary>
    public static string LoginKnownAddresses(string account) => $"login:known:{account}";

    /// <summary>Temporary tokens: 2FA login challenges, one-use markers and the like.</summary>
    public static string TempToken(string purpose, string id) => $"temp:{purpose}:{id}";
}
