namespace NrsGirls.Shared.Accounts;

/// <summary>
/// Turning TOTP two-factor authentication on and off. A new secret waits, encrypted, in Redis until a
/// code from it is shown (enable); only then is it written to users.two_factor_secret (AES-256-GCM,
/// key-id prefix, user id as associated data). Enabling and disabling end every session of the user and
/// return a fresh one for the device that made the change.
/// </summary>
public sealed class TwoFactorService(
    AccountStore store,
    PasswordHasher hasher,
    AccountTokens tokens,
    TwoFactorCodes codes,
    RateLimiter limiter,
    AccountSessions sessions,
    ILogger<TwoFactorService> log)
{
    public const string Issuer = "NrsGirls";

    public Task<Outcome<TwoFactorSetup>> SetupAsync(Caller caller, CancellationToken ct) =>
        RedisFailure.Guard<TwoFactorSetup>(log, "2fa setup", async () =>
        {
            if (await limiter.HitAsync(AccountLimits.TwoFactorChangePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (await store.FindByIdAsync(caller.UserId, ct) is not { } user) return AccountErrors.InvalidSession;
            if (user.TwoFactorEnabled) return AccountErrors.TwoFactorAlreadyEnabled;

            var secret = Totp.NewSecret();
            var expires = await tokens.StorePendingSecretAsync(user.Id, codes.Protect(secret, user.Id));
            return new TwoFactorSetup(Totp.Base32Encode(secret), Totp.OtpAuthUri(Issuer, user.Email, secret), expires);
        });

    public Task<Outcome<IssuedSession>> EnableAsync(Caller caller, string? code, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<IssuedSession>(log, "2fa enable", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            AccountInput.Code(code, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.TwoFactorChangePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (await store.FindByIdAsync(caller.UserId, ct) is not { } user) return AccountErrors.InvalidSession;
            if (user.TwoFactorEnabled) return AccountErrors.TwoFactorAlreadyEnabled;
            var pending = await tokens.PendingSecretAsync(user.Id);
            if ((pending is null ? null : codes.Unprotect(pending, user.Id)) is not { } secret) return AccountErrors.NoPendingSetup;
            if (await codes.CheckAsync(user.Id, secret, code!) is { } bad) return AccountErrors.Reauthenticating(bad);

            // Re-encrypt for the column: a fresh nonce, under the key that is active now.
            if (!await store.EnableTwoFactorAsync(user.Id, codes.Protect(secret, user.Id), ct)) return AccountErrors.TwoFactorAlreadyEnabled;
            await tokens.DropPendingSecretAsync(user.Id);
            return await sessions.RestartAsync(user, client, "enabled two-factor authentication");
        });

    /// <summary>Needs the password and a current code: a stolen session alone cannot remove the second factor.</summary>
    public Task<Outcome<IssuedSession>> DisableAsync(Caller caller, string? password, string? code, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<IssuedSession>(log, "2fa disable", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            AccountInput.GivenPassword("currentPassword", password, errors);
            AccountInput.Code(code, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.TwoFactorChangePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (await store.FindByIdAsync(caller.UserId, ct) is not { } user) return AccountErrors.InvalidSession;
            if (!user.TwoFactorEnabled || user.TwoFactorSecret is null) return AccountErrors.TwoFactorNotEnabled;
            if (!hasher.Verify(password!, user.PasswordHash)) return AccountErrors.WrongPassword;
            if (await codes.CheckAsync(user.Id, codes.SecretOf(user), code!) is { } bad) return AccountErrors.Reauthenticating(bad);

            await store.DisableTwoFactorAsync(user.Id, ct);
            return await sessions.RestartAsync(user, client, "disabled two-factor authentication");
        });
}
