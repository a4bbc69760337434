using System.Security.Cryptography;
using StackExchange.Redis;

namespace NrsGirls.Shared.Streams;

/// <summary>What one heartbeat did.</summary>
public enum HeartbeatStatus { Counted, NotLive, TooSoon }

/// <summary>The outcome of one heartbeat script run.</summary>
public readonly record struct HeartbeatResult(HeartbeatStatus Status, bool Joined, long ViewerCount, long Peak, long RetryAfterMs);

/// <summary>What a stream's Redis keys held when it ended.</summary>
public readonly record struct FinalCounts(int Peak, int DistinctViewers);

/// <summary>
/// The live viewers of streams, in Redis only (no SQL: this is the hot path). Per stream:
/// <list type="bullet">
/// <item><c>stream:{id}:viewers</c> (the seed's key, as a sorted set): member = viewer id, score = last heartbeat (ms).</item>
/// <item><c>counter:stream:{id}:viewers</c> (the seed's counter): the count as of the last heartbeat or leave.</item>
/// <item><c>stream:{id}:viewers:hll</c>: HyperLogLog of every viewer id seen (total_views, standard error 0.81%).</item>
/// <item><c>stream:{id}:viewers:peak</c>: the highest count seen; <c>stream:{id}:live</c>: present while live.</item>
/// </list>
/// One Lua script per heartbeat does the liveness check, the per-viewer rate limit, join/refresh, pruning of
/// viewers silent for <see cref="Expiry"/>, the count, the counter and the peak atomically, so any number of
/// app instances agree. Times come from the injected clock (an argument to the script, not Redis TIME), so
/// tests move time by hand.
/// </summary>
public sealed class LiveViewers(IConnectionMultiplexer redis, TimeProvider clock)
{
    /// <summary>A viewer without a heartbeat for this long is gone.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(45);
    /// <summary>How often clients are told to beat.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    /// <summary>Per-viewer rate limit: beats closer together than this are refused (429).</summary>
    public static readonly TimeSpan MinGap = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Every counted beat pushes the per-stream keys' lifetime to this far ahead: ending a stream deletes them,
    /// but a beat that raced the end (it read "live" before the end committed) would otherwise recreate them
    /// for good. A stream nobody has watched for a week loses only its peak and distinct count.
    /// </summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(7);

    /// <summary>KEYS: live marker, viewers, counter, hll, peak. ARGV: viewer id, now ms, expiry ms, min gap ms, key lifetime ms.</summary>
    public const string HeartbeatScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0, 0, 0, 0} end
        local now = tonumber(ARGV[2])
        local last = redis.call('ZSCORE', KEYS[2], ARGV[1])
        if last and now - tonumber(last) < tonumber(ARGV[4]) and now >= tonumber(last) then
          return {2, 0, redis.call('ZCARD', KEYS[2]), 0, tonumber(ARGV[4]) - (now - tonumber(last))}
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[3]))
        local joined = redis.call('ZADD', KEYS[2], now, ARGV[1])
        redis.call('PFADD', KEYS[4], ARGV[1])
        local count = redis.call('ZCARD', KEYS[2])
        redis.call('SET', KEYS[3], count)
        local peak = tonumber(redis.call('GET', KEYS[5]) or '0')
        if count > peak then
          redis.call('SET', KEYS[5], count)
          peak = count
        end
        for i = 2, 5 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
        return {1, joined, count, peak, 0}
        """;

    /// <summary>KEYS: viewers, counter. ARGV: viewer id, now ms, expiry ms.</summary>
    private const string LeaveScript = """
        local removed = redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
        local count = redis.call('ZCARD', KEYS[1])
        if redis.call('EXISTS', KEYS[2]) == 1 or removed == 1 then redis.call('SET', KEYS[2], count) end
        return {removed, count}
        """;

    /// <summary>KEYS: live marker, peak, hll. Stops heartbeats, then reads what ending persists.</summary>
    private const string SealScript = """
        redis.call('DEL', KEYS[1])
        return {tonumber(redis.call('GET', KEYS[2]) or '0'), redis.call('PFCOUNT', KEYS[3])}
        """;

    public static readonly byte[] HeartbeatSha = SHA1.HashData(Encoding.UTF8.GetBytes(HeartbeatScript));
    private static readonly RedisValue ExpiryMs = (long)Expiry.TotalMilliseconds;
    private static readonly RedisValue MinGapMs = (long)MinGap.TotalMilliseconds;
    private static readonly RedisValue KeyLifetimeMs = (long)KeyLifetime.TotalMilliseconds;

    /// <summary>The hot path's keys per stream, built once (live streams are few; cleared if it ever grows large).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, RedisKey[]> _keys = new();

    /// <summary>The script's KEYS for a stream, in order (also used by the benchmark's EVALSHA).</summary>
    public static RedisKey[] HeartbeatKeys(Guid streamId) =>
    [
        RedisKeys.StreamLive(streamId), RedisKeys.StreamViewers(streamId), RedisKeys.StreamViewerCounter(streamId),
        RedisKeys.StreamDistinctViewers(streamId), RedisKeys.StreamPeakViewers(streamId),
    ];

    /// <summary>Marks a stream live (start): from now on heartbeats count.</summary>
    public Task MarkLiveAsync(Guid streamId, TimeSpan? lifetime = null) =>
        lifetime is { } l
            ? redis.GetDatabase().StringSetAsync(RedisKeys.StreamLive(streamId), "1", l)
            : redis.GetDatabase().StringSetAsync(RedisKeys.StreamLive(streamId), "1");

    /// <summary>Join or refresh <paramref name="viewerId"/> ("u:…" or "a:…") in one atomic script run.</summary>
    public async Task<HeartbeatResult> HeartbeatAsync(Guid streamId, string viewerId)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (_keys.Count > 10_000) _keys.Clear();
        var keys = _keys.GetOrAdd(streamId, HeartbeatKeys);
        var r = (RedisResult[])(await EvalAsync(HeartbeatSha, HeartbeatScript, keys, [viewerId, now, ExpiryMs, MinGapMs, KeyLifetimeMs]))!;
        var status = (long)r[0] switch { 1 => HeartbeatStatus.Counted, 2 => HeartbeatStatus.TooSoon, _ => HeartbeatStatus.NotLive };
        return new HeartbeatResult(status, (long)r[1] == 1, (long)r[2], (long)r[3], (long)r[4]);
    }

    /// <summary>A viewer's goodbye; true when they were counted. Returns the count after.</summary>
    public async Task<(bool Removed, long Count)> LeaveAsync(Guid streamId, string viewerId)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var r = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(LeaveScript,
            [RedisKeys.StreamViewers(streamId), RedisKeys.StreamViewerCounter(streamId)],
            [viewerId, now, (long)Expiry.TotalMilliseconds]))!;
        return ((long)r[0] == 1, (long)r[1]);
    }

    /// <summary>
    /// The live count of every stream of a page in ONE round trip (a pipelined batch of ZCOUNTs over the
    /// last <see cref="Expiry"/>): exact even when nobody has sent a heartbeat lately, so a tab closed
    /// without a goodbye stops counting after 45 s whether or not anyone prunes.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, long>> CountsAsync(IReadOnlyCollection<Guid> streamIds)
    {
        if (streamIds.Count == 0) return new Dictionary<Guid, long>();
        var since = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)Expiry.TotalMilliseconds;
        var batch = redis.GetDatabase().CreateBatch();
        var pending = streamIds.Distinct().Select(id => (id, batch.SortedSetLengthAsync(RedisKeys.StreamViewers(id), since, double.PositiveInfinity, Exclude.Start))).ToList();
        batch.Execute();
        var counts = new Dictionary<Guid, long>(pending.Count);
        foreach (var (id, task) in pending) counts[id] = await task;
        return counts;
    }

    /// <summary>Ending, step 1: no more heartbeats count; the peak and distinct viewers as they stand.</summary>
    public async Task<FinalCounts> SealAsync(Guid streamId)
    {
        var r = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(SealScript,
            [RedisKeys.StreamLive(streamId), RedisKeys.StreamPeakViewers(streamId), RedisKeys.StreamDistinctViewers(streamId)]))!;
        return new FinalCounts((int)Math.Min(int.MaxValue, (long)r[0]), (int)Math.Min(int.MaxValue, (long)r[1]));
    }

    /// <summary>Ending, last step (only by the call that ended the stream): every live key of the stream goes.</summary>
    public Task PurgeAsync(Guid streamId)
    {
        _keys.TryRemove(streamId, out _);
        return redis.GetDatabase().KeyDeleteAsync(
    [
        RedisKeys.StreamLive(streamId), RedisKeys.StreamViewers(streamId), RedisKeys.StreamViewerCounter(streamId),
        RedisKeys.StreamDistinctViewers(streamId), RedisKeys.StreamPeakViewers(streamId), RedisKeys.StreamChatMode(streamId),
    ]);
    }

    private async Task<RedisResult> EvalAsync(byte[] sha, string script, RedisKey[] keys, RedisValue[] args)
    {
        var db = redis.GetDatabase();
        try { return await db.ScriptEvaluateAsync(sha, keys, args); }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(script, keys, args); // loads it; later calls hit EVALSHA again
        }
    }
}
