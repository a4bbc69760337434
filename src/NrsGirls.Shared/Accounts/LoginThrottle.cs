using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;
using ClientInfo = NrsGirls.Shared.Security.ClientInfo;

namespace NrsGirls.Shared.Accounts;

/// <summary>
/// Sign-in limits that keep password guessing bounded without letting strangers lock the owner out
/// (docs/accounts.md, "Sign-in limits", states the policy and its numbers):
/// <list type="bullet">
/// <item>per client address, whatever the account (<see cref="AccountLimits.LoginPerIp"/>);</item>
/// <item>per (account, address), the tight limit (<see cref="AccountLimits.LoginPerAccountAddress"/>);</item>
/// <item>for addresses the account has not signed in from in 30 days ("unknown"), per account: after
/// <see cref="AccountLimits.LoginPerAccountBeforeSlowdown"/> attempts in a window an unknown address gets one
/// attempt per window on that account (the slowdown), and never more than
/// <see cref="AccountLimits.LoginPerAccountCeiling"/> attempts in all.</item>
/// </list>
/// A first attempt from a fresh address is refused only at the ceiling, so the owner with the right
/// password gets in; known addresses never meet the per-account limits. Accounts are keyed by a keyed
/// hash of the address given, whether or not an account has it, so unknown addresses see the same limits.
/// IPv6 clients are counted per /64, the block one subscriber usually holds.
/// </summary>
public sealed class LoginThrottle(IConnectionMultiplexer redis, RateLimiter limiter, KeyedHash keyedHash, TimeProvider clock)
{
    // KEYS: (account, address) counter, account counter, account ceiling counter, account's known addresses.
    // ARGV: the three limits, the three TTLs, this address's member, oldest known sign-in (Unix ms).
    // Returns 0 (go ahead, counted) or which limit refuses: 1 (account, address), 2 slowdown, 3 ceiling.
    private const string AttemptScript = """
        local function bump(k, ttl)
          if redis.call('INCR', k) == 1 then redis.call('EXPIRE', k, ttl) end
        end
        local mine = tonumber(redis.call('GET', KEYS[1]) or '0')
        if mine >= tonumber(ARGV[1]) then return 1 end
        local seen = redis.call('ZSCORE', KEYS[4], ARGV[7])
        if not (seen and tonumber(seen) >= tonumber(ARGV[8])) then
          if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[3]) then return 3 end
          if mine > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[2]) then return 2 end
          bump(KEYS[2], ARGV[5])
          bump(KEYS[3], ARGV[6])
        end
        bump(KEYS[1], ARGV[4])
        return 0
        """;

    // KEYS: known addresses. ARGV: member, now (ms), oldest to keep (ms), how many to keep, TTL seconds.
    private const string RememberScript = """
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[4]) + 1))
        redis.call('EXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    /// <summary>Counts a password attempt on <paramref name="email"/> (normalized) from the client, or refuses it with 429.</summary>
    public async Task<ServiceError?> PasswordAttemptAsync(string email, ClientInfo client)
    {
        var address = AddressOf(client);
        if (await limiter.HitAsync(AccountLimits.LoginPerIp, "ip:" + address) is { } byIp) return byIp;

        var account = Account(email);
        var pair = limiter.Current(AccountLimits.LoginPerAccountAddress, account + ":ip:" + address);
        var slow = limiter.Current(AccountLimits.LoginPerAccountBeforeSlowdown, account);
        var max = limiter.Current(AccountLimits.LoginPerAccountCeiling, account);
        var refused = (long)await redis.GetDatabase().ScriptEvaluateAsync(AttemptScript,
            [pair.Key, slow.Key, max.Key, RedisKeys.LoginKnownAddresses(account)],
            [pair.Limit, slow.Limit, max.Limit, pair.TtlSeconds, slow.TtlSeconds, max.TtlSeconds,
             Member(address), Ms(clock.GetUtcNow() - AccountLimits.KnownAddressLifetime)]);
        return refused switch
        {
            0 => null,
            1 => ServiceError.RateLimited(pair.RetryAfterSeconds),
            // Either window ending lets this address try again.
            2 => ServiceError.RateLimited(Math.Min(pair.RetryAfterSeconds, slow.RetryAfterSeconds)),
            _ => ServiceError.RateLimited(max.RetryAfterSeconds),
        };
    }

    /// <summary>After a complete sign-in: the client's address is known to the account for 30 days.</summary>
    public Task RememberAddressAsync(string email, ClientInfo client) =>
        redis.GetDatabase().ScriptEvaluateAsync(RememberScript, [RedisKeys.LoginKnownAddresses(Account(email))],
            [Member(AddressOf(client)), Ms(clock.GetUtcNow()), Ms(clock.GetUtcNow() - AccountLimits.KnownAddressLifetime),
             AccountLimits.KnownAddressesPerAccount, (long)AccountLimits.KnownAddressLifetime.TotalSeconds]);

    /// <summary>A 2FA code attempt at sign-in, per client address.</summary>
    public Task<ServiceError?> CodeAttemptFromAsync(ClientInfo client) =>
        limiter.HitAsync(AccountLimits.TwoFactorLoginPerIp, RateLimiter.Ip(client));

    /// <summary>A 2FA code attempt at sign-in, per user (the challenge is known to be theirs).</summary>
    public Task<ServiceError?> CodeAttemptForAsync(Guid userId) =>
        limiter.HitAsync(AccountLimits.TwoFactorLoginPerUser, userId.ToString("D"));

    /// <summary>The address as counted: IPv4 as it is, IPv6 as its /64 (one subscriber's block).</summary>
    public static string AddressOf(ClientInfo client)
    {
        if (!IPAddress.TryParse(client.IpAddress, out var ip)) return client.IpAddress;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private string Account(string email) => "email:" + keyedHash.Hex("ratelimit", email.Normalize(NormalizationForm.FormC).ToLowerInvariant());

    private string Member(string address) => keyedHash.Hex("login-address", address);

    private static string Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
