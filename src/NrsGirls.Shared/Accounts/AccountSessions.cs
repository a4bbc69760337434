using NrsGirls.Shared.Activity;

namespace NrsGirls.Shared.Accounts;

/// <summary>
/// The bookkeeping around a user's sessions: what a sign-in writes (session, users.last_login, the login
/// activity entry, the address remembered as known), sign-out, and ending every session when the
/// password, the second factor or the account itself changes.
/// </summary>
public sealed class AccountSessions(
    SessionStore sessions,
    AccountStore store,
    AccountTokens tokens,
    LoginThrottle throttle,
    ActivityLog activity,
    TimeProvider clock,
    ILogger<AccountSessions> log)
{
    internal async Task<IssuedSession> SignInAsync(UserRow user, ClientInfo client, string method, CancellationToken ct)
    {
        var session = await sessions.CreateAsync(user.Id, user.Role, client);
        await store.RecordLoginAsync(user.Id, ct);
        await throttle.RememberAddressAsync(user.Email, client);
        await activity.RecordAsync(new ActivityEntry(user.Id, "login", "user", user.Id, client.IpAddress, client.UserAgent,
            new Dictionary<string, string> { ["method"] = method }, clock.GetUtcNow()), ct);
        return session;
    }

    public Task EndAsync(Caller caller) => sessions.EndAsync(caller);

    /// <summary>Ends every session of the user and opens a fresh one for the device that made <paramref name="change"/>.</summary>
    internal async Task<IssuedSession> RestartAsync(UserRow user, ClientInfo client, string change)
    {
        await sessions.EndAllAsync(user.Id);
        log.LogInformation("User {UserId} {Change}; all sessions ended", user.Id, change);
        return await sessions.CreateAsync(user.Id, user.Role, client);
    }

    /// <summary>After erasure: every session and pending 2FA secret gone, the deletion in the activity log.</summary>
    internal async Task EndForErasureAsync(UserRow user, ClientInfo client, CancellationToken ct)
    {
        await sessions.EndAllAsync(user.Id);
        await tokens.DropPendingSecretAsync(user.Id);
        await activity.RecordAsync(new ActivityEntry(user.Id, "account_deleted", "user", user.Id, client.IpAddress, client.UserAgent,
            null, clock.GetUtcNow()), ct);
    }
}
