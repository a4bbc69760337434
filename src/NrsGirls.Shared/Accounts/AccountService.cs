namespace NrsGirls.Shared.Accounts;

/// <summary>
/// What a signed-in user may do to their own account: read it, change the address or the password, and
/// erase it. Every change needs the current password, is rate limited per user before the password is
/// checked, and refuses with 503 when Redis is unreachable (fail closed).
/// </summary>
public sealed class AccountService(
    AccountStore store,
    PasswordHasher hasher,
    AccountTokens tokens,
    RateLimiter limiter,
    IEmailSender emails,
    AccountSessions sessions,
    ILogger<AccountService> log)
{
    public async Task<Outcome<AccountView>> GetAsync(Caller caller, CancellationToken ct) =>
        await store.FindByIdAsync(caller.UserId, ct) is { } user ? user.ToView() : AccountErrors.InvalidSession;

    /// <summary>
    /// Changes the sign-in address (the only profile field of users a user may change; role and
    /// verified are not theirs to set). Needs the current password; the new address starts unverified
    /// and gets a verification token.
    /// </summary>
    public Task<Outcome<AccountView>> ChangeEmailAsync(Caller caller, string? email, string? currentPassword, CancellationToken ct) =>
        RedisFailure.Guard<AccountView>(log, "change email", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            var normalized = AccountInput.Email(email, errors);
            AccountInput.GivenPassword("currentPassword", currentPassword, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.ProfileChangePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (await store.FindByIdAsync(caller.UserId, ct) is not { } user) return AccountErrors.InvalidSession;
            if (!hasher.Verify(currentPassword!, user.PasswordHash)) return AccountErrors.WrongPassword;
            if (user.Email == normalized) return user.ToView();

            if (!await store.ChangeEmailAsync(user.Id, normalized!, ct)) return AccountErrors.EmailUnavailable;
            var token = await tokens.IssueVerificationAsync(user.Id, normalized!);
            await emails.SendVerificationAsync(normalized!, token, ct);
            return (await store.FindByIdAsync(user.Id, ct))!.ToView();
        });

    /// <summary>Sets a new password after checking the current one, ends every session, and opens a fresh one.</summary>
    public Task<Outcome<IssuedSession>> ChangePasswordAsync(Caller caller, string? currentPassword, string? newPassword,
        ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<IssuedSession>(log, "change password", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            AccountInput.GivenPassword("currentPassword", currentPassword, errors);
            if (await store.FindByIdAsync(caller.UserId, ct) is not { } user) return AccountErrors.InvalidSession;
            AccountInput.NewPassword("newPassword", newPassword, user.Email, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.PasswordChangePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (!hasher.Verify(currentPassword!, user.PasswordHash)) return AccountErrors.WrongPassword;

            await store.SetPasswordHashAsync(user.Id, hasher.Hash(newPassword!), ct);
            return await sessions.RestartAsync(user, client, "changed their password");
        });

    /// <summary>
    /// Erasure: soft-deletes the account (deleted_at), replaces the address with deleted+{id}@invalid so
    /// it is free again and no longer personal data, clears 2FA and the password, and ends every session.
    /// </summary>
    public Task<Outcome<Done>> DeleteAsync(Caller caller, string? currentPassword, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<Done>(log, "delete account", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            AccountInput.GivenPassword("currentPassword", currentPassword, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.DeletePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (await store.FindByIdAsync(caller.UserId, ct) is not { } user) return AccountErrors.InvalidSession;
            if (!hasher.Verify(currentPassword!, user.PasswordHash)) return AccountErrors.WrongPassword;

            await store.SoftDeleteAsync(user.Id, hasher.Unusable(), ct);
            await sessions.EndForErasureAsync(user, client, ct);
            log.LogInformation("User {UserId} deleted their account", user.Id);
            return Done.Value;
        });
}
