using StackExchange.Redis;

namespace NrsGirls.Shared.Accounts;

/// <summary>
/// THE authentication check of every signed-in operation: bearer token → keyed hash → session hash in
/// Redis → <see cref="Caller"/>, refreshing lastActivity on the way. Fails closed: when Redis cannot be
/// reached nobody is signed in (503), rather than anybody.
/// </summary>
public sealed class SessionAuthenticator(SessionStore sessions, ILogger<SessionAuthenticator> log)
{
    public async Task<Outcome<Caller>> AuthenticateAsync(string? bearerToken)
    {
        if (string.IsNullOrEmpty(bearerToken)) return AccountErrors.NotSignedIn;
        try
        {
            var caller = await sessions.TouchAsync(bearerToken);
            return caller is null ? AccountErrors.InvalidSession : caller;
        }
        catch (Exception ex) when (RedisFailure.Is(ex))
        {
            log.LogError(ex, "Redis unreachable while checking a session; refusing the request");
            return RedisFailure.Error;
        }
    }
}
