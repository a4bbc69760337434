using StackExchange.Redis;

namespace NrsGirls.Shared.Redis;

/// <summary>How Shared code recognises and reports an unreachable Redis.</summary>
public static class RedisFailure
{
    public static readonly ServiceError Error =
        ServiceError.Unavailable("Sign-in is temporarily unavailable (session store unreachable); try again shortly.");

    /// <summary>Runs an operation that needs Redis; if Redis is unreachable, logs and returns 503 instead of proceeding.</summary>
    public static async Task<Outcome<T>> Guard<T>(ILogger log, string operation, Func<Task<Outcome<T>>> run) where T : notnull
    {
        try { return await run(); }
        catch (Exception ex) when (Is(ex))
        {
            log.LogError(ex, "Redis unreachable during {Operation}; refusing rather than continuing without it", operation);
            return Error;
        }
    }

    public static bool Is(Exception ex) => ex is RedisConnectionException or RedisTimeoutException
        || (ex is RedisServerException s && s.Message.StartsWith("LOADING", StringComparison.Ordinal));
}
