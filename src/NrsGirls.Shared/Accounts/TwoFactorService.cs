using Microsoft.Extensions.Logging;
using NrsGirls.Shared.Redis;
using NrsGirls.Shared.Security;

namespace NrsGirls.Shared.Accounts;

/// <summary>
/// Turning TOTP two-factor authentication on and off. A new secret waits, encrypted, in Redis until a
/// code from it is shown (enable); only then is it written to users.two_factor_secret (AES-256-GCM,
/// key-id prefix, user id as associated data). Enabling and disabling end every session of the user and
/// return a fresh one for the device that made the change.
/// </summary>
public sealed class TwoFactorService(
    AccountService accounts,
    AccountTokens tokens,
    SessionStore sessions,
    RateLimiter limiter,
    FieldEncryption encryption,
    TimeProvider clock,
    ILogger<TwoFactorService> log)
{
    public const string Issuer = "NrsGirls";

    private static readonly ServiceError AlreadyEnabled =
        new(ErrorKind.Conflict, "two_factor_already_enabled", "Two-factor authentication is already on; disable it first to change the secret.");
    private static readonly ServiceError NotEnabled =
        new(ErrorKind.Conflict, "two_factor_not_enabled", "Two-factor authentication is not on.");

    public Task<Outcome<TwoFactorSetup>> SetupAsync(Caller caller, CancellationToken ct) =>
        RedisFailure.Guard<TwoFactorSetup>(log, "2fa setup", async () =>
        {
            if (await limiter.HitAsync(AccountLimits.TwoFactorChangePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (await accounts.FindByIdAsync(caller.UserId, ct) is not { } user) return AccountService.AccountGone;
            if (user.TwoFactorEnabled) return AlreadyEnabled;

            var secret = Totp.NewSecret();
            await tokens.StorePendingSecretAsync(user.Id, encryption.Encrypt(secret, Aad(user.Id)));
            return new TwoFactorSetup(Totp.Base32Encode(secret), Totp.OtpAuthUri(Issuer, user.Email, secret),
                clock.GetUtcNow() + AccountTokens.PendingSecretLifetime);
        });

    public Task<Outcome<IssuedSession>> EnableAsync(Caller caller, string? code, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<IssuedSession>(log, "2fa enable", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            AccountService.CheckCodeFormat(code, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.TwoFactorChangePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (await accounts.FindByIdAsync(caller.UserId, ct) is not { } user) return AccountService.AccountGone;
            if (user.TwoFactorEnabled) return AlreadyEnabled;
            var pending = await tokens.PendingSecretAsync(user.Id);
            var secret = pending is null ? null : encryption.Decrypt(pending, Aad(user.Id));
            if (pending is null || secret is null)
                return new ServiceError(ErrorKind.Conflict, "no_pending_setup", "Start with POST auth/2fa/setup; a setup is valid for 10 minutes.");
            if (await accounts.CheckCodeAsync(user.Id, secret, code!, ErrorKind.Forbidden) is { } bad) return bad;

            // Re-encrypt for the column: a fresh nonce, under the key that is active now.
            var updated = await accounts.Execute("""
                update users set two_factor_enabled = true, two_factor_secret = @stored
                where id = @Id and deleted_at is null and not two_factor_enabled
                """, new { stored = encryption.Encrypt(secret, Aad(user.Id)), user.Id }, ct);
            if (updated == 0) return AlreadyEnabled;
            await tokens.DropPendingSecretAsync(user.Id);
            return await RestartSessionsAsync(user, client, "enabled");
        });

    /// <summary>Needs the password and a current code: a stolen session alone cannot remove the second factor.</summary>
    public Task<Outcome<IssuedSession>> DisableAsync(Caller caller, string? password, string? code, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<IssuedSession>(log, "2fa disable", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            AccountService.RequireCurrentPassword(password, errors);
            AccountService.CheckCodeFormat(code, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.TwoFactorChangePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (await accounts.FindByIdAsync(caller.UserId, ct) is not { } user) return AccountService.AccountGone;
            if (!user.TwoFactorEnabled || user.TwoFactorSecret is null) return NotEnabled;
            if (!accounts.VerifyPassword(password!, user)) return AccountService.WrongPassword;
            if (await accounts.CheckCodeAsync(user.Id, accounts.DecryptSecret(user), code!, ErrorKind.Forbidden) is { } bad) return bad;

            await accounts.Execute("""
                update users set two_factor_enabled = false, two_factor_secret = null
                where id = @Id and deleted_at is null
                """, new { user.Id }, ct);
            return await RestartSessionsAsync(user, client, "disabled");
        });

    private async Task<Outcome<IssuedSession>> RestartSessionsAsync(UserRow user, ClientInfo client, string change)
    {
        await sessions.EndAllAsync(user.Id);
        log.LogInformation("User {UserId} {Change} two-factor authentication; all sessions ended", user.Id, change);
        return await sessions.CreateAsync(user.Id, user.Role, client);
    }

    /// <summary>Associated data of a user's 2FA secret: the user id (RFC 4122 byte order).</summary>
    internal static byte[] Aad(Guid userId) => userId.ToByteArray(bigEndian: true);
}
