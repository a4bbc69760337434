using System.Globalization;
using NrsGirls.Shared.Security;
using StackExchange.Redis;
using ClientInfo = NrsGirls.Shared.Security.ClientInfo;

namespace NrsGirls.Shared.Redis;

/// <summary>A limit: at most <paramref name="Limit"/> calls of one endpoint per caller per window.</summary>
public sealed record RateLimitPolicy(string Endpoint, int Limit)
{
    /// <summary>The seed's rate-limit TTL: fixed 15-minute windows.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Fixed-window counters in Redis under the seed's <c>ratelimit:{caller}:{endpoint}</c> shape (the endpoint
/// part ends with the window's start, so each window is its own key and expires with the window). The
/// window comes from the injected clock, so tests move time instead of sleeping. INCR and EXPIRE run as
/// one script: concurrent calls can never both see the same count or leave a counter without a TTL.
/// </summary>
public sealed class RateLimiter(IConnectionMultiplexer redis, TimeProvider clock)
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
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var window = (long)RateLimitPolicy.Window.TotalSeconds;
        var start = now - now % window;
        var key = RedisKeys.RateLimit(caller, policy.Endpoint + ":" + start.ToString(CultureInfo.InvariantCulture));
        var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(HitScript, [key], [window]);
        return count <= policy.Limit ? null : ServiceError.RateLimited((int)Math.Max(1, start + window - now));
    }

    public static string Ip(ClientInfo client) => "ip:" + client.IpAddress;
}
