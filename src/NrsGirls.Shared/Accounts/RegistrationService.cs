namespace NrsGirls.Shared.Accounts;

/// <summary>
/// How accounts come to be: self-service registration with e-mail verification, and admins from the CLI.
/// Validation runs before anything is counted or written; Redis unreachable means 503 (fail closed).
/// </summary>
public sealed class RegistrationService(
    AccountStore store,
    PasswordHasher hasher,
    AccountTokens tokens,
    RateLimiter limiter,
    IEmailSender emails,
    ILogger<RegistrationService> log)
{
    /// <summary>
    /// Creates an account with settings and sends a verification token, or, when the address is taken,
    /// creates nothing and tells its owner. Either way the caller gets the same answer after the same
    /// work (one bcrypt hash), so registration cannot be used to find out who has an account.
    /// </summary>
    public Task<Outcome<Done>> RegisterAsync(string? email, string? password, string? role, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<Done>(log, "register", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            var normalized = AccountInput.Email(email, errors);
            AccountInput.NewPassword("password", password, normalized, errors);
            if (role is null) errors["role"] = ["is required."];
            else if (role == Roles.Admin) errors["role"] = ["admin accounts are created by an operator (nrsgirls users create-admin), not by registration."];
            else if (!Roles.SelfService.Contains(role)) errors["role"] = [$"must be one of {string.Join(", ", Roles.SelfService)}."];
            if (errors.Count > 0) return ServiceError.Invalid(errors);

            if (await limiter.HitAsync(AccountLimits.RegisterPerIp, RateLimiter.Ip(client)) is { } limited) return limited;

            var hash = hasher.Hash(password!);
            var id = await store.InsertUserAsync(normalized!, hash, role!, verified: false, ct);
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
        var normalized = AccountInput.Email(email, errors);
        AccountInput.NewPassword("password", password, normalized, errors);
        if (errors.Count > 0) return ServiceError.Invalid(errors);
        var id = await store.InsertUserAsync(normalized!, hasher.Hash(password!), Roles.Admin, verified: true, ct);
        if (id is null) return AccountErrors.EmailTaken with { Detail = $"An account with {normalized} already exists." };
        log.LogWarning("Admin account {UserId} created from the command line", id);
        return id.Value;
    }

    /// <summary>Marks the address verified, if the one-use token was issued for the account's current address.</summary>
    public Task<Outcome<Done>> VerifyEmailAsync(string? token, ClientInfo client, CancellationToken ct) =>
        RedisFailure.Guard<Done>(log, "verify", async () =>
        {
            var errors = new Dictionary<string, string[]>();
            AccountInput.Token("token", token, errors);
            if (errors.Count > 0) return ServiceError.Invalid(errors);
            if (await limiter.HitAsync(AccountLimits.VerifyPerIp, RateLimiter.Ip(client)) is { } limited) return limited;

            var issued = await tokens.ConsumeVerificationAsync(token!);
            return issued is { } i && await store.MarkVerifiedAsync(i.UserId, i.Email, ct) ? Done.Value : AccountErrors.InvalidToken;
        });
}
