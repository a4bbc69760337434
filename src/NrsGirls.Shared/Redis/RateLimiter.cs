using StackExchange.Redis;
using ClientInfo = NrsGirls.Shared.Security.ClientInfo;

namespace NrsGirls.Shared.Redis;

/// <summary>The counter of one caller under one policy in the current window.</summary>
/// <param name="Limit">The limit in force (NRSGIRLS_RATE_LIMITS may have changed the declared one).</param>
/// <param name="TtlSeconds">The window's length: the counter expires with its window.</param>
/// <param name="RetryAfterSeconds">Seconds until the window ends.</param>
public readonly record struct RateWindow(RedisKey Key, int Limit, long TtlSeconds, int RetryAfterSeconds);

/// <summary>
/// Fixed-window counters in Redis under the seed's <c>ratelimit:{caller}:{endpoint}</c> shape (the endpoint
/// part is the policy name and the window's start, so each window is its own key and expires with the
/// window). The window comes from the injected clock, so tests move time instead of sleeping. INCR and
/// EXPIRE run as one script: concurrent calls can never both see the same count or leave a counter
/// without a TTL. Limits and windows are the ones in force (<see cref="RateLimitPolicies"/>).
/// </summary>
public sealed class RateLimiter(IConnectionMultiplexer redis, RateLimitPolicies policies, TimeProvider clock)
{
    private const string HitScript = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
        return n
        """;

    /// <summary>Counts one call; a <see cref="ServiceError"/> (429 with Retry-After) when over the limit.</summary>
    /// <param name="caller">A user id, or "ip:…" / "email:…" for anonymous calls.</param>
    public async Task<ServiceError?> HitAsync(RateLimitPolicy policy, string caller)
    {
        var w = Current(policy, caller);
        var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(HitScript, [w.Key], [w.TtlSeconds]);
        return count <= w.Limit ? null : ServiceError.RateLimited(w.RetryAfterSeconds);
    }

    /// <summary>The caller's counter under <paramref name="policy"/> (as in force) for the current window.</summary>
    public RateWindow Current(RateLimitPolicy policy, string caller)
    {
        var p = policies[policy];
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var window = (long)p.Window.TotalSeconds;
        var start = now - now % window;
        var key = RedisKeys.RateLimit(caller, p.Name + ":" + start.ToString(CultureInfo.InvariantCulture));
        return new RateWindow(key, p.Limit, window, (int)Math.Max(1, start + window - now));
    }

    public static string Ip(ClientInfo client) => "ip:" + client.IpAddress;
}
