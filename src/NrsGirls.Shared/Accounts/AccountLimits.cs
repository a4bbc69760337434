using NrsGirls.Shared.Redis;

namespace NrsGirls.Shared.Accounts;

/// <summary>The limits of the accounts endpoints, in one table (docs/accounts.md repeats it).</summary>
public static class AccountLimits
{
    public static readonly RateLimitPolicy RegisterPerIp = new("auth.register", 10);
    public static readonly RateLimitPolicy LoginPerIp = new("auth.login", 30);
    /// <summary>Per target account, whatever the IP: slows credential stuffing spread over many addresses.</summary>
    public static readonly RateLimitPolicy LoginPerAccount = new("auth.login", 10);
    public static readonly RateLimitPolicy TwoFactorLoginPerIp = new("auth.login.2fa", 30);
    public static readonly RateLimitPolicy TwoFactorLoginPerUser = new("auth.login.2fa", 10);
    public static readonly RateLimitPolicy VerifyPerIp = new("auth.verify", 20);
    public static readonly RateLimitPolicy TwoFactorChangePerUser = new("auth.2fa", 10);
    public static readonly RateLimitPolicy PasswordChangePerUser = new("me.password", 5);
    public static readonly RateLimitPolicy ProfileChangePerUser = new("me.update", 20);
    public static readonly RateLimitPolicy DeletePerUser = new("me.delete", 5);
    public static readonly RateLimitPolicy SettingsChangePerUser = new("me.settings", 60);

    /// <summary>Wrong codes allowed on one 2FA login challenge before it is thrown away.</summary>
    public const int ChallengeAttempts = 5;
}
