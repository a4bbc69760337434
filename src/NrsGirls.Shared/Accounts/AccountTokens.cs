using StackExchange.Redis;

namespace NrsGirls.Shared.Accounts;

/// <summary>
/// The short-lived secrets of accounts, in Redis temp-token keys: e-mail verification tokens, 2FA login
/// challenges, 2FA secrets waiting to be confirmed, and the last accepted TOTP step per user (replay
/// guard). Tokens handed to clients are stored under a keyed hash, never as themselves.
/// </summary>
public sealed class AccountTokens(IConnectionMultiplexer redis, KeyedHash keyedHash, TimeProvider clock)
{
    public static readonly TimeSpan VerificationLifetime = TimeSpan.FromHours(48);
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan PendingSecretLifetime = TimeSpan.FromMinutes(10);
    // Longer than the whole acceptance window (three 30-second steps), so a used code is remembered while it is valid.
    private static readonly TimeSpan UsedStepMemory = TimeSpan.FromMinutes(5);

    // KEYS: challenge. ARGV: now, max attempts. Counts the attempt; the last allowed one consumes the challenge.
    private const string ChallengeAttemptScript = """
        local v = redis.call('HMGET', KEYS[1], 'userId', 'expiresAt')
        if not v[1] or not v[2] then return nil end
        if tonumber(v[2]) <= tonumber(ARGV[1]) then
          redis.call('DEL', KEYS[1])
          return nil
        end
        local n = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
        if n >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
        return v[1]
        """;

    // KEYS: last step. ARGV: step, ttl. Accepts a step only if it is later than every step accepted before.
    private const string AcceptStepScript = """
        local last = redis.call('GET', KEYS[1])
        if last and tonumber(last) >= tonumber(ARGV[1]) then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    private string Key(string purpose, string token) => RedisKeys.TempToken(purpose, keyedHash.Hex(purpose, token));

    /// <summary>A one-use token proving control of <paramref name="email"/> for <paramref name="userId"/>.</summary>
    public async Task<string> IssueVerificationAsync(Guid userId, string email)
    {
        var token = SecureTokens.New();
        await Db.StringSetAsync(Key("verify", token), userId.ToString("D") + "|" + email, VerificationLifetime);
        return token;
    }

    /// <summary>Consumes a verification token: the user and address it was issued for, or null.</summary>
    public async Task<(Guid UserId, string Email)?> ConsumeVerificationAsync(string token)
    {
        if (!SecureTokens.LooksValid(token)) return null;
        var value = (string?)await Db.StringGetDeleteAsync(Key("verify", token));
        var bar = value?.IndexOf('|') ?? -1;
        return bar > 0 && Guid.TryParse(value![..bar], out var id) ? (id, value[(bar + 1)..]) : null;
    }

    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueChallengeAsync(Guid userId)
    {
        var token = SecureTokens.New();
        var expires = clock.GetUtcNow() + ChallengeLifetime;
        var key = Key("2fa-login", token);
        var tx = Db.CreateTransaction();
        _ = tx.HashSetAsync(key, [new("userId", userId.ToString("D")), new("attempts", 0), new("expiresAt", SessionStore.Ms(expires))]);
        _ = tx.KeyExpireAsync(key, ChallengeLifetime);
        await tx.ExecuteAsync();
        return (token, expires);
    }

    /// <summary>Counts an attempt on a challenge: its user, or null when unknown, expired or used up.</summary>
    public async Task<Guid?> AttemptChallengeAsync(string token)
    {
        if (!SecureTokens.LooksValid(token)) return null;
        var r = await Db.ScriptEvaluateAsync(ChallengeAttemptScript, [Key("2fa-login", token)],
            [SessionStore.Ms(clock.GetUtcNow()), AccountLimits.ChallengeAttempts]);
        return !r.IsNull && Guid.TryParse((string?)r, out var id) ? id : null;
    }

    public Task EndChallengeAsync(string token) => Db.KeyDeleteAsync(Key("2fa-login", token));

    /// <summary>Keeps a new, encrypted 2FA secret until it is confirmed; returns when it expires.</summary>
    public async Task<DateTimeOffset> StorePendingSecretAsync(Guid userId, string encryptedSecret)
    {
        var expires = clock.GetUtcNow() + PendingSecretLifetime;
        await Db.StringSetAsync(PendingKey(userId), encryptedSecret, PendingSecretLifetime);
        return expires;
    }

    public async Task<string?> PendingSecretAsync(Guid userId) => await Db.StringGetAsync(PendingKey(userId));

    public Task DropPendingSecretAsync(Guid userId) => Db.KeyDeleteAsync(PendingKey(userId));

    /// <summary>Marks a TOTP step as used by the user; false when it (or a later step) was already used: a replay.</summary>
    public async Task<bool> AcceptStepAsync(Guid userId, long step) =>
        (long)await Db.ScriptEvaluateAsync(AcceptStepScript, [RedisKeys.TempToken("totp-step", userId.ToString("D"))],
            [step.ToString(CultureInfo.InvariantCulture), (long)UsedStepMemory.TotalSeconds]) == 1;

    private static string PendingKey(Guid userId) => RedisKeys.TempToken("2fa-setup", userId.ToString("D"));
}
