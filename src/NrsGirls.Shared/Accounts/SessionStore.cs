using StackExchange.Redis;
using ClientInfo = NrsGirls.Shared.Security.ClientInfo;

namespace NrsGirls.Shared.Accounts;

/// <summary>A new session: the bearer token (shown once, never stored) and when it stops working.</summary>
public sealed record IssuedSession(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Sessions in Redis, in the seed's shape: hash <c>session:{sessionId}</c> with userId, role,
/// lastActivity, ipAddress (plus createdAt and expiresAt, Unix milliseconds), 24-hour TTL. The session
/// id is a keyed hash of the bearer token, so the token itself is never stored: a Redis dump cannot be
/// replayed. Each user's session ids sit in <c>user:{userId}:sessions</c> so that all can be ended at once.
/// The lifetime is absolute (24 hours from sign-in, not sliding); expiry is checked against the injected
/// clock as well as left to Redis' TTL.
/// </summary>
public sealed class SessionStore(IConnectionMultiplexer redis, KeyedHash keyedHash, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    // KEYS: session, user's set. ARGV: userId, role, now, ip, expiresAt, ttl seconds, session id, session key prefix.
    // Ids whose session has expired are pruned from the set here, so it never grows without bound.
    private const string CreateScript = """
        redis.call('HSET', KEYS[1], 'userId', ARGV[1], 'role', ARGV[2], 'lastActivity', ARGV[3], 'ipAddress', ARGV[4],
                   'createdAt', ARGV[3], 'expiresAt', ARGV[5])
        redis.call('EXPIRE', KEYS[1], ARGV[6])
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
          if redis.call('EXISTS', ARGV[8] .. id) == 0 then redis.call('SREM', KEYS[2], id) end
        end
        redis.call('SADD', KEYS[2], ARGV[7])
        redis.call('EXPIRE', KEYS[2], ARGV[6])
        return 1
        """;

    // KEYS: session. ARGV: now. Load, check expiry and refresh lastActivity in one round trip.
    private const string TouchScript = """
        local v = redis.call('HMGET', KEYS[1], 'userId', 'role', 'expiresAt')
        if not v[1] or not v[2] or not v[3] then return nil end
        if tonumber(v[3]) <= tonumber(ARGV[1]) then
          redis.call('DEL', KEYS[1])
          return nil
        end
        redis.call('HSET', KEYS[1], 'lastActivity', ARGV[1])
        return {v[1], v[2]}
        """;

    // KEYS: user's set. ARGV: session key prefix.
    private const string EndAllScript = """
        local ids = redis.call('SMEMBERS', KEYS[1])
        for _, id in ipairs(ids) do redis.call('DEL', ARGV[1] .. id) end
        redis.call('DEL', KEYS[1])
        return #ids
        """;

    private static readonly string SessionPrefix = RedisKeys.Session("");

    public string SessionIdOf(string token) => keyedHash.Hex("session", token);

    public async Task<IssuedSession> CreateAsync(Guid userId, string role, ClientInfo client)
    {
        var token = SecureTokens.New();
        var id = SessionIdOf(token);
        var now = clock.GetUtcNow();
        var expires = now + Lifetime;
        await redis.GetDatabase().ScriptEvaluateAsync(CreateScript,
            [RedisKeys.Session(id), RedisKeys.UserSessions(userId)],
            [userId.ToString("D"), role, Ms(now), client.IpAddress, Ms(expires), (long)Lifetime.TotalSeconds, id, SessionPrefix]);
        return new IssuedSession(token, expires);
    }

    /// <summary>
    /// The caller behind a bearer token, with lastActivity refreshed; null when the token is malformed,
    /// unknown, revoked or expired. Redis failures propagate: the caller must fail closed.
    /// </summary>
    public async Task<Caller?> TouchAsync(string? token)
    {
        // Refuse what cannot be a token before spending a hash or a round trip on it.
        if (!SecureTokens.LooksValid(token)) return null;
        var id = SessionIdOf(token!);
        var result = await redis.GetDatabase().ScriptEvaluateAsync(TouchScript, [RedisKeys.Session(id)], [Ms(clock.GetUtcNow())]);
        if (result.IsNull) return null;
        var fields = (RedisValue[])result!;
        return Guid.TryParse((string?)fields[0], out var userId) && Roles.All.Contains((string)fields[1]!)
            ? new Caller(userId, fields[1]!, id)
            : null;
    }

    public async Task EndAsync(Caller caller)
    {
        var tx = redis.GetDatabase().CreateTransaction();
        _ = tx.KeyDeleteAsync(RedisKeys.Session(caller.SessionId));
        _ = tx.SetRemoveAsync(RedisKeys.UserSessions(caller.UserId), caller.SessionId);
        await tx.ExecuteAsync();
    }

    /// <summary>Ends every session of a user (password change, 2FA change, erasure); returns how many there were.</summary>
    public async Task<int> EndAllAsync(Guid userId)
    {
        var n = await redis.GetDatabase().ScriptEvaluateAsync(EndAllScript, [RedisKeys.UserSessions(userId)], [SessionPrefix]);
        return (int)n;
    }

    /// <summary>Ids of the user's sessions (for tests and support tooling).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(Guid userId) =>
        (await redis.GetDatabase().SetMembersAsync(RedisKeys.UserSessions(userId))).Select(v => v.ToString()).ToList();

    internal static string Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
