using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using NrsGirls.Shared.Activity;
using NrsGirls.Shared.Redis;
using NrsGirls.Shared.Security;

namespace NrsGirls.Shared.Accounts;

/// <summary>
/// Registration, e-mail verification, sign-in (password, then TOTP when enabled), and what a signed-in
/// user may do to their own account. Every method validates before it writes anything, applies its rate
/// limit before it checks a secret, and refuses with 503 when Redis is unreachable (fail closed).
/// </summary>
public sealed class AccountService(
    NpgsqlDataSource db,
    PasswordHasher hasher,
    SessionStore sessions,
    AccountTokens tokens,
    RateLimiter limiter,
    FieldEncryption encryption,
    KeyedHash keyedHash,
    IEmailSender emails,
    ActivityLog activity,
    TimeProvider clock,
    ILogger<AccountService> log)
{
    public static readonly ServiceError InvalidCredentials =
        new(ErrorKind.Unauthorized, "invalid_credentials", "The e-mail address or password is wrong.");
    public static readonly ServiceError InvalidChallenge =
        new(ErrorKind.Unauthorized, "invalid_challenge", "The 2FA challenge is unknown, expired or used up; sign in again.");
    public static readonly ServiceError WrongPassword =
        new(ErrorKind.Forbidden, "wrong_password", "The current password is wrong.");
    public static readonly ServiceError AccountGone =
        new(ErrorKind.Unauthorized, "invalid_session", "The account behind this session no longer exists.");

    /// <summary>
    /// Creates an account with settings and sends a verification token, or, when the address is taken,
    /// creates nothing and tells its owner. Either way the caller gets the same answer after the same
    /// work (one bcrypt hash), so registration cannot be used to find out who has an account.
    /// </summary>
    public Task<Outcome<Done>> RegisterAsync(string? email, string? password, string? role, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<Done>(log, "register", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            var normalized = ValidEmail(email, errors);
            CheckPassword("password", password, normalized, errors);
            if (role is null) errors["role"] = ["is required."];
            else if (role == Roles.Admin) errors["role"] = ["admin accounts are created by an operator (nrsgirls users create-admin), not by registration."];
            else if (!Roles.SelfService.Contains(role)) errors["role"] = [$"must be one of {string.Join(", ", Roles.SelfService)}."];
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.RegisterPerIp, RateLimiter.Ip(client)) is { } limited) return limited;

            var hash = hasher.Hash(password!);
            var id = await InsertUserAsync(normalized!, hash, role!, verified: false, ct);
            if (id is { } newId)
            {
                var token = await tokens.IssueVerificationAsync(newId, normalized!);
                await emails.SendVerificationAsync(normalized!, token, ct);
                log.LogInformation("Registered user {UserId} as {Role}", newId, role);
            }
            else
            {
                await emails.SendRegistrationAttemptAsync(normalized!, ct);
            }
            return Done.Value;
        });

    /// <summary>An admin account, verified, for the CLI; a taken address is a plain conflict (operators may know).</summary>
    public async Task<Outcome<Guid>> CreateAdminAsync(string? email, string? password, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var normalized = ValidEmail(email, errors);
        CheckPassword("password", password, normalized, errors);
        if (errors.Count > 0) return ServiceError.Invalid(errors);
        var id = await InsertUserAsync(normalized!, hasher.Hash(password!), Roles.Admin, verified: true, ct);
        if (id is null) return new ServiceError(ErrorKind.Conflict, "email_taken", $"An account with {normalized} already exists.");
        log.LogWarning("Admin account {UserId} created from the command line", id);
        return id.Value;
    }

    /// <summary>User and settings in one transaction; null when the address (in any case) is taken.</summary>
    private async Task<Guid?> InsertUserAsync(string email, string hash, string role, bool verified, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // ON CONFLICT on the lower(email) unique index: of concurrent registrations exactly one inserts,
        // the others wait for it and then insert nothing, without an error.
        var id = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            insert into users (email, password_hash, role, verified)
            values (@email, @hash, @role, @verified)
            on conflict ((lower(email))) do nothing
            returning id
            """, new { email, hash, role, verified }, tx, cancellationToken: ct));
        if (id is null) return null;
        await conn.ExecuteAsync(new CommandDefinition("insert into user_settings (user_id) values (@id)", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>Marks the address verified, if the one-use token was issued for the account's current address.</summary>
    public Task<Outcome<Done>> VerifyEmailAsync(string? token, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<Done>(log, "verify", async () =>
        {
            if (string.IsNullOrEmpty(token)) return ServiceError.Invalid("token", "is required.");
            if (token.Length > 128) return ServiceError.Invalid("token", "must be at most 128 characters.");
            if (await limiter.HitAsync(AccountLimits.VerifyPerIp, RateLimiter.Ip(client)) is { } limited) return limited;

            var issued = await tokens.ConsumeVerificationAsync(token);
            var updated = issued is { } i
                ? await Execute("""
                    update users set verified = true
                    where id = @UserId and lower(email) = lower(@Email) and deleted_at is null
                    """, new { i.UserId, i.Email }, ct)
                : 0;
            return updated == 1
                ? Done.Value
                : new ServiceError(ErrorKind.BadRequest, "invalid_token", "The verification token is unknown, expired or already used.");
        });

    /// <summary>
    /// Checks the password. Unknown and soft-deleted accounts cost a dummy bcrypt verification and get
    /// the same answer as a wrong password. With 2FA on, the answer is a challenge, not a session.
    /// </summary>
    public Task<Outcome<LoginResult>> LoginAsync(string? email, string? password, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<LoginResult>(log, "login", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            var normalized = ValidEmail(email, errors);
            if (string.IsNullOrEmpty(password)) errors["password"] = ["is required."];
            else if (password.Length > PasswordPolicy.MaxLength) errors["password"] = [$"must be at most {PasswordPolicy.MaxLength} characters."];
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.LoginPerIp, RateLimiter.Ip(client)) is { } byIp) return byIp;
            if (await limiter.HitAsync(AccountLimits.LoginPerAccount, "email:" + keyedHash.Hex("ratelimit", normalized!)) is { } byAccount)
                return byAccount;

            var user = await FindByEmailAsync(normalized!, ct);
            var ok = user is null ? hasher.VerifyNobody(password!) : hasher.Verify(password!, user.PasswordHash);
            if (!ok || user is null) return InvalidCredentials;

            if (user.TwoFactorEnabled)
            {
                var (challenge, expires) = await tokens.IssueChallengeAsync(user.Id);
                return new LoginResult(null, new TwoFactorChallenge(challenge, expires));
            }
            return new LoginResult(await SignInAsync(user, client, "password", ct), null);
        });

    /// <summary>Exchanges a login challenge and a TOTP code for a session. Each code works once.</summary>
    public Task<Outcome<LoginResult>> LoginWithCodeAsync(string? challenge, string? code, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<LoginResult>(log, "login/2fa", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrEmpty(challenge)) errors["challenge"] = ["is required."];
            else if (challenge.Length > 128) errors["challenge"] = ["must be at most 128 characters."];
            CheckCodeFormat(code, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.TwoFactorLoginPerIp, RateLimiter.Ip(client)) is { } byIp) return byIp;
            if (await tokens.AttemptChallengeAsync(challenge!) is not { } userId) return InvalidChallenge;
            if (await limiter.HitAsync(AccountLimits.TwoFactorLoginPerUser, userId.ToString("D")) is { } byUser) return byUser;

            var user = await FindByIdAsync(userId, ct);
            if (user is null || !user.TwoFactorEnabled || user.TwoFactorSecret is null) return InvalidChallenge;
            if (await CheckCodeAsync(user.Id, DecryptSecret(user), code!, ErrorKind.Unauthorized) is { } bad) return bad;

            await tokens.EndChallengeAsync(challenge!);
            return new LoginResult(await SignInAsync(user, client, "password+totp", ct), null);
        });

    public Task<Outcome<Done>> LogoutAsync(Caller caller) =>
        RedisFailure.Guard<Done>(log, "logout", async () =>
        {
            await sessions.EndAsync(caller);
            return Done.Value;
        });

    public async Task<Outcome<AccountView>> GetAsync(Caller caller, CancellationToken ct) =>
        await FindByIdAsync(caller.UserId, ct) is { } user ? user.ToView() : AccountGone;

    /// <summary>
    /// Changes the sign-in address (the only profile field of users a user may change; role and
    /// verified are not theirs to set). Needs the current password; the new address starts unverified
    /// and gets a verification token.
    /// </summary>
    public Task<Outcome<AccountView>> ChangeEmailAsync(Caller caller, string? email, string? currentPassword, CancellationToken ct) =>
        RedisFailure.Guard<AccountView>(log, "change email", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            var normalized = ValidEmail(email, errors);
            RequireCurrentPassword(currentPassword, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.ProfileChangePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (await FindByIdAsync(caller.UserId, ct) is not { } user) return AccountGone;
            if (!hasher.Verify(currentPassword!, user.PasswordHash)) return WrongPassword;
            if (user.Email == normalized) return user.ToView();

            try
            {
                await Execute("update users set email = @normalized, verified = false where id = @Id and deleted_at is null",
                    new { normalized, user.Id }, ct);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                return new ServiceError(ErrorKind.Conflict, "email_unavailable", "That e-mail address cannot be used; choose another.");
            }
            var token = await tokens.IssueVerificationAsync(user.Id, normalized!);
            await emails.SendVerificationAsync(normalized!, token, ct);
            return (await FindByIdAsync(user.Id, ct))!.ToView();
        });

    /// <summary>Sets a new password after checking the current one, ends every session, and opens a fresh one.</summary>
    public Task<Outcome<IssuedSession>> ChangePasswordAsync(Caller caller, string? currentPassword, string? newPassword,
        ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<IssuedSession>(log, "change password", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            RequireCurrentPassword(currentPassword, errors);
            if (await FindByIdAsync(caller.UserId, ct) is not { } user) return AccountGone;
            CheckPassword("newPassword", newPassword, user.Email, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.PasswordChangePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (!hasher.Verify(currentPassword!, user.PasswordHash)) return WrongPassword;

            await Execute("update users set password_hash = @hash where id = @Id and deleted_at is null",
                new { hash = hasher.Hash(newPassword!), user.Id }, ct);
            await sessions.EndAllAsync(user.Id);
            log.LogInformation("User {UserId} changed their password; all sessions ended", user.Id);
            return await sessions.CreateAsync(user.Id, user.Role, client);
        });

    /// <summary>
    /// Erasure: soft-deletes the account (deleted_at), replaces the address with deleted+{id}@invalid so
    /// it is free again and no longer personal data, clears 2FA and the password, and ends every session.
    /// </summary>
    public Task<Outcome<Done>> DeleteAsync(Caller caller, string? currentPassword, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<Done>(log, "delete account", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            RequireCurrentPassword(currentPassword, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.DeletePerUser, caller.UserId.ToString("D")) is { } limited) return limited;
            if (await FindByIdAsync(caller.UserId, ct) is not { } user) return AccountGone;
            if (!hasher.Verify(currentPassword!, user.PasswordHash)) return WrongPassword;

            await Execute("""
                update users
                set deleted_at = @now, email = 'deleted+' || id::text || '@invalid', verified = false,
                    two_factor_enabled = false, two_factor_secret = null, password_hash = @unusable
                where id = @Id and deleted_at is null
                """, new { now = clock.GetUtcNow(), unusable = hasher.Unusable(), user.Id }, ct);
            await sessions.EndAllAsync(user.Id);
            await tokens.DropPendingSecretAsync(user.Id);
            await activity.RecordAsync(new ActivityEntry(user.Id, "account_deleted", "user", user.Id, client.IpAddress, client.UserAgent,
                null, clock.GetUtcNow()), ct);
            log.LogInformation("User {UserId} deleted their account", user.Id);
            return Done.Value;
        });

    // ---- shared by the sign-in paths and TwoFactorService ----

    internal async Task<IssuedSession> SignInAsync(UserRow user, ClientInfo client, string method, CancellationToken ct)
    {
        var session = await sessions.CreateAsync(user.Id, user.Role, client);
        var now = clock.GetUtcNow();
        await Execute("update users set last_login = @now where id = @Id", new { now, user.Id }, ct);
        await activity.RecordAsync(new ActivityEntry(user.Id, "login", "user", user.Id, client.IpAddress, client.UserAgent,
            new Dictionary<string, string> { ["method"] = method }, now), ct);
        return session;
    }

    internal bool VerifyPassword(string password, UserRow user) => hasher.Verify(password, user.PasswordHash);

    internal byte[] DecryptSecret(UserRow user) =>
        encryption.Decrypt(user.TwoFactorSecret!, TwoFactorService.Aad(user.Id))
        ?? throw new InvalidOperationException($"The 2FA secret of user {user.Id} cannot be decrypted: its key is missing from NRSGIRLS_ENCRYPTION_KEYS or the value was altered.");

    /// <summary>Null when the code matches now (±1 step) and its step was not used before; else the refusal.</summary>
    internal async Task<ServiceError?> CheckCodeAsync(Guid userId, byte[] secret, string code, ErrorKind refusal)
    {
        if (Totp.Match(secret, code, clock.GetUtcNow()) is not { } step)
            return new ServiceError(refusal, "invalid_code", "The authenticator code is wrong or outside its 30-second window.");
        return await tokens.AcceptStepAsync(userId, step)
            ? null
            : new ServiceError(refusal, "code_already_used", "That authenticator code was already used; wait for the next one.");
    }

    internal static void CheckCodeFormat(string? code, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(code)) errors["code"] = ["is required."];
        else if (code.Length != Totp.Digits || !code.All(char.IsAsciiDigit)) errors["code"] = [$"must be {Totp.Digits} digits."];
    }

    internal static void RequireCurrentPassword(string? password, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(password)) errors["currentPassword"] = ["is required."];
        else if (password.Length > PasswordPolicy.MaxLength) errors["currentPassword"] = [$"must be at most {PasswordPolicy.MaxLength} characters."];
    }

    internal async Task<UserRow?> FindByIdAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"select {UserRow.Columns} from users where id = @id and deleted_at is null", new { id }, cancellationToken: ct));
    }

    private async Task<UserRow?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"select {UserRow.Columns} from users where lower(email) = lower(@email) and deleted_at is null", new { email }, cancellationToken: ct));
    }

    internal async Task<int> Execute(string sql, object args, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    private static string? ValidEmail(string? email, Dictionary<string, string[]> errors)
    {
        var (normalized, error) = EmailAddress.Normalize(email);
        if (error is not null) errors["email"] = [error];
        return normalized;
    }

    private static void CheckPassword(string field, string? password, string? normalizedEmail, Dictionary<string, string[]> errors)
    {
        if (PasswordPolicy.Check(password, normalizedEmail) is { } reason) errors[field] = [reason];
    }
}
