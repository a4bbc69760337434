namespace NrsGirls.Shared.Accounts;

/// <summary>
/// The declared limits of the accounts endpoints, with their defaults (15-minute windows); NRSGIRLS_RATE_LIMITS
/// may override any of them by name. docs/accounts.md repeats the table and explains the sign-in policy.
/// </summary>
public static class AccountLimits
{
    public static readonly RateLimitPolicy RegisterPerIp = new("auth.register", 10);
    public static readonly RateLimitPolicy VerifyPerIp = new("auth.verify", 20);

    // Sign-in by password (LoginThrottle).
    /// <summary>Attempts per client address, whatever the account.</summary>
    public static readonly RateLimitPolicy LoginPerIp = new("auth.login", 30);
    /// <summary>Attempts per (account, address): the tight limit, the only one a known address meets.</summary>
    public static readonly RateLimitPolicy LoginPerAccountAddress = new("auth.login.account_address", 10);
    /// <summary>
    /// Attempts per account from addresses not known to it before the slowdown: past this, an unknown
    /// address that already tried this account in the window waits for the next window.
    /// </summary>
    public static readonly RateLimitPolicy LoginPerAccountBeforeSlowdown = new("auth.login.account", 10);
    /// <summary>Attempts per account from unknown addresses, at most: the ceiling that bounds a many-address attack.</summary>
    public static readonly RateLimitPolicy LoginPerAccountCeiling = new("auth.login.account_max", 100);

    public static readonly RateLimitPolicy TwoFactorLoginPerIp = new("auth.login.2fa", 30);
    public static readonly RateLimitPolicy TwoFactorLoginPerUser = new("auth.login.2fa.user", 10);
    public static readonly RateLimitPolicy TwoFactorChangePerUser = new("auth.2fa", 10);
    public static readonly RateLimitPolicy PasswordChangePerUser = new("me.password", 5);
    public static readonly RateLimitPolicy ProfileChangePerUser = new("me.update", 20);
    public static readonly RateLimitPolicy DeletePerUser = new("me.delete", 5);
    public static readonly RateLimitPolicy SettingsChangePerUser = new("me.settings", 60);

    /// <summary>Wrong codes allowed on one 2FA login challenge before it is thrown away.</summary>
    public const int ChallengeAttempts = 5;

    /// <summary>How long an address stays known to an account after a sign-in from it.</summary>
    public static readonly TimeSpan KnownAddressLifetime = TimeSpan.FromDays(30);

    /// <summary>Known addresses kept per account (the most recent ones).</summary>
    public const int KnownAddressesPerAccount = 20;
}
