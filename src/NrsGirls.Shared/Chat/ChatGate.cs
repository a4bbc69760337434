using System.Security.Cryptography;
using StackExchange.Redis;

namespace NrsGirls.Shared.Chat;

/// <summary>
/// Chat's Redis state: the per-user-per-stream send gate (token bucket, slow mode and the duplicate check
/// in one script), bans and timeouts per creator, and per-stream modes. Times come from the injected
/// clock; a ban's expiry is stored in its value and checked against the clock, Redis's TTL only cleans up.
/// </summary>
public sealed class ChatGate(IConnectionMultiplexer redis, TimeProvider clock)
{
    /// <summary>
    /// KEYS: the sender's hash. ARGV: now ms, burst, refill per ms, slow-mode ms, message hash, duplicate
    /// window ms, key lifetime ms. Returns {0} sent, {1, retry ms} rate limited, {2} duplicate, {3, retry ms} slow mode.
    /// Refused messages take no token.
    /// </summary>
    private const string SendScript = """
        local now = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local rate = tonumber(ARGV[3])
        local h = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'hash', 'at')
        local tokens = tonumber(h[1]) or burst
        local ts = tonumber(h[2]) or now
        if now > ts then tokens = math.min(burst, tokens + (now - ts) * rate) end
        local at = tonumber(h[4])
        if at and h[3] == ARGV[5] and now - at < tonumber(ARGV[6]) then return {2, 0} end
        local slow = tonumber(ARGV[4])
        if at and slow > 0 and now - at < slow then return {3, slow - (now - at)} end
        if tokens < 1 then return {1, math.ceil((1 - tokens) / rate)} end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'ts', now, 'hash', ARGV[5], 'at', now)
        redis.call('PEXPIRE', KEYS[1], ARGV[7])
        return {0, 0}
        """;

    /// <summary>Null when the message may go out now; otherwise the refusal (429 with Retry-After, or 409 duplicate).</summary>
    public async Task<ServiceError?> TrySendAsync(Guid streamId, Guid userId, string message, int slowModeSeconds)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(message)).AsSpan(0, 16));
        var lifetime = Math.Max((long)ChatRules.DuplicateWindow.TotalMilliseconds, slowModeSeconds * 1000L) + 10_000;
        var r = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(SendScript, [RedisKeys.ChatSender(streamId, userId)],
            [now, ChatRules.Burst, ChatRules.RefillPerSecond / 1000.0, slowModeSeconds * 1000L, hash,
             (long)ChatRules.DuplicateWindow.TotalMilliseconds, lifetime]))!;
        var retrySeconds = (int)Math.Max(1, Math.Ceiling((long)r[1] / 1000.0));
        return (long)r[0] switch
        {
            0 => null,
            1 => ServiceError.RateLimited(retrySeconds),
            2 => ChatErrors.Duplicate,
            _ => ChatErrors.SlowMode(retrySeconds),
        };
    }

    /// <summary>The ban or timeout in force now, if any.</summary>
    public async Task<ChatBan?> ActiveBanAsync(Guid creatorId, Guid userId) =>
        ChatRules.ActiveBan(await redis.GetDatabase().StringGetAsync(RedisKeys.ChatBan(creatorId, userId)), clock.GetUtcNow());

    /// <summary>Sets (or replaces) a ban; it expires from Redis at its end (a ban without end stays until lifted).</summary>
    public async Task<ChatBan> BanAsync(Guid creatorId, Guid userId, ChatBanKind kind, TimeSpan? duration, Guid by)
    {
        var ban = new ChatBan(kind, duration is { } d ? clock.GetUtcNow() + d : null, by);
        var db = redis.GetDatabase();
        var key = RedisKeys.ChatBan(creatorId, userId);
        await (duration is { } d2 ? db.StringSetAsync(key, ChatRules.EncodeBan(ban), d2) : db.StringSetAsync(key, ChatRules.EncodeBan(ban)));
        return ban;
    }

    /// <summary>Lifts a ban; false when there was none in force.</summary>
    public async Task<bool> UnbanAsync(Guid creatorId, Guid userId)
    {
        var previous = await redis.GetDatabase().StringGetDeleteAsync(RedisKeys.ChatBan(creatorId, userId));
        return ChatRules.ActiveBan(previous, clock.GetUtcNow()) is not null;
    }

    public async Task<ChatMode> ModeAsync(Guid streamId)
    {
        var h = await redis.GetDatabase().HashGetAllAsync(RedisKeys.StreamChatMode(streamId));
        if (h.Length == 0) return ChatMode.Open;
        var d = h.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        return new ChatMode(
            d.TryGetValue("slowModeSeconds", out var s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0,
            d.GetValueOrDefault("followersOnly") == "1", d.GetValueOrDefault("subscribersOnly") == "1");
    }

    /// <summary>Replaces a stream's modes (deleted with the stream's other keys when it ends).</summary>
    public Task SetModeAsync(Guid streamId, ChatMode mode) => redis.GetDatabase().HashSetAsync(RedisKeys.StreamChatMode(streamId),
    [
        new HashEntry("slowModeSeconds", mode.SlowModeSeconds),
        new HashEntry("followersOnly", mode.FollowersOnly ? "1" : "0"),
        new HashEntry("subscribersOnly", mode.SubscribersOnly ? "1" : "0"),
    ]);
}
