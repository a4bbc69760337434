namespace NrsGirls.Shared.Accounts;

/// <summary>
/// Sign-in (password, then a TOTP code when 2FA is on) and sign-out. Each call validates first, then
/// counts against <see cref="LoginThrottle"/> before it checks a secret, and refuses with 503 when Redis
/// is unreachable (fail closed).
/// </summary>
public sealed class SignInService(
    AccountStore store,
    PasswordHasher hasher,
    AccountTokens tokens,
    LoginThrottle throttle,
    TwoFactorCodes codes,
    AccountSessions sessions,
    ILogger<SignInService> log)
{
    /// <summary>
    /// Checks the password. Unknown and soft-deleted accounts cost a dummy bcrypt verification and get
    /// the same answer as a wrong password. With 2FA on, the answer is a challenge, not a session.
    /// </summary>
    public Task<Outcome<LoginResult>> LoginAsync(string? email, string? password, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<LoginResult>(log, "login", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            var normalized = AccountInput.Email(email, errors);
            AccountInput.GivenPassword("password", password, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await throttle.PasswordAttemptAsync(normalized!, client) is { } limited) return limited;

            var user = await store.FindByEmailAsync(normalized!, ct);
            var ok = user is null ? hasher.VerifyNobody(password!) : hasher.Verify(password!, user.PasswordHash);
            if (!ok || user is null) return AccountErrors.InvalidCredentials;

            if (user.TwoFactorEnabled)
            {
                var (challenge, expires) = await tokens.IssueChallengeAsync(user.Id);
                return new LoginResult(null, new TwoFactorChallenge(challenge, expires));
            }
            return new LoginResult(await sessions.SignInAsync(user, client, "password", ct), null);
        });

    /// <summary>Exchanges a login challenge and a TOTP code for a session. Each code works once.</summary>
    public Task<Outcome<LoginResult>> LoginWithCodeAsync(string? challenge, string? code, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<LoginResult>(log, "login/2fa", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            AccountInput.Token("challenge", challenge, errors);
            AccountInput.Code(code, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await throttle.CodeAttemptFromAsync(client) is { } byIp) return byIp;
            if (await tokens.AttemptChallengeAsync(challenge!) is not { } userId) return AccountErrors.InvalidChallenge;
            if (await throttle.CodeAttemptForAsync(userId) is { } byUser) return byUser;

            var user = await store.FindByIdAsync(userId, ct);
            if (user is null || !user.TwoFactorEnabled || user.TwoFactorSecret is null) return AccountErrors.InvalidChallenge;
            if (await codes.CheckAsync(user.Id, codes.SecretOf(user), code!) is { } bad) return bad;

            await tokens.EndChallengeAsync(challenge!);
            return new LoginResult(await sessions.SignInAsync(user, client, "password+totp", ct), null);
        });

    public Task<Outcome<Done>> LogoutAsync(Caller caller) =>
        RedisFailure.Guard<Done>(log, "logout", async () =>
        {
            await sessions.EndAsync(caller);
            return Done.Value;
        });
}
