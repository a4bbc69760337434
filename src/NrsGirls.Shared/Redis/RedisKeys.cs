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

    /// <summary>Short-lived lock that serializes a money-moving request with its idempotency key.</summary>
    public static string IdempotencyLock(string scope, string key) => $"idem:{scope}:{key}";
}
