using System.Threading.Channels;
using MongoDB.Bson;
using MongoDB.Driver;
using NrsGirls.Shared.Mongo;

namespace NrsGirls.Shared.Analytics;

/// <summary>The seed's analytics event types.</summary>
public static class AnalyticsEventTypes
{
    public const string StreamView = "stream_view";
    public const string TrackPlay = "track_play";
    public const string Tip = "tip";
    public const string Subscription = "subscription";
    public const string Follow = "follow";
    public const string PrivateShow = "private_show";
    public static readonly IReadOnlyList<string> All = [StreamView, TrackPlay, Tip, Subscription, Follow, PrivateShow];
}

/// <summary>One document of the seed's analytics_events collection. <c>Value</c> is the amount for money events.</summary>
public sealed record AnalyticsEvent(
    string EventType, Guid? UserId, Guid CreatorId, Guid? ResourceId, decimal? Value, DateTimeOffset Timestamp,
    string? SessionId = null, IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>
/// THE analytics writer: records events without ever slowing or failing the request they come from.
/// <see cref="Record"/> only puts the event in a bounded in-memory buffer (it never waits and never
/// throws); a single background loop drains the buffer in batches with one unordered InsertMany each.
/// When the buffer is full, or MongoDB is not configured, or an insert fails, events are dropped and
/// counted (<see cref="Dropped"/>), with a log line, never an exception to the caller. Analytics are not
/// the system of record: money figures come from PostgreSQL.
/// </summary>
public sealed class AnalyticsWriter : IAsyncDisposable
{
    public const int Capacity = 10_000;
    public const int MaxBatch = 500;

    private readonly MongoStore _mongo;
    private readonly ILogger<AnalyticsWriter> _log;
    private readonly Channel<AnalyticsEvent> _buffer = Channel.CreateBounded<AnalyticsEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Lazy<Task> _loop;
    private long _dropped, _written;

    public AnalyticsWriter(MongoStore mongo, ILogger<AnalyticsWriter> log)
    {
        _mongo = mongo;
        _log = log;
        _loop = new Lazy<Task>(() => Task.Run(DrainAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Events dropped so far (buffer full, MongoDB not configured or failing).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events written to MongoDB so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues the event for writing; returns at once. False when it was dropped.</summary>
    public bool Record(AnalyticsEvent e)
    {
        if (!_mongo.IsConfigured)
        {
            Interlocked.Increment(ref _dropped);
            _log.LogDebug("MongoDB not configured: analytics event {EventType} for creator {CreatorId} skipped", e.EventType, e.CreatorId);
            return false;
        }
        _ = _loop.Value;
        if (_buffer.Writer.TryWrite(e)) return true;
        if (Interlocked.Increment(ref _dropped) % 1000 == 1)
            _log.LogWarning("Analytics buffer full ({Capacity}): events are being dropped ({Dropped} so far)", Capacity, Dropped);
        return false;
    }

    /// <summary>The document exactly as the driver inserts it (UUIDs as standard binary subtype 4, value as decimal128).</summary>
    public static BsonDocument ToDocument(AnalyticsEvent e)
    {
        var metadata = new BsonDocument();
        foreach (var (k, v) in e.Metadata ?? new Dictionary<string, string>()) metadata[k] = v;
        return new BsonDocument
        {
            ["eventType"] = e.EventType,
            ["userId"] = e.UserId is { } u ? new BsonBinaryData(u, GuidRepresentation.Standard) : BsonNull.Value,
            ["creatorId"] = new BsonBinaryData(e.CreatorId, GuidRepresentation.Standard),
            ["resourceId"] = e.ResourceId is { } r ? new BsonBinaryData(r, GuidRepresentation.Standard) : BsonNull.Value,
            ["value"] = e.Value is { } amount ? new BsonDecimal128(amount) : BsonNull.Value,
            ["metadata"] = metadata,
            ["timestamp"] = new BsonDateTime(e.Timestamp.UtcDateTime),
            ["sessionId"] = e.SessionId is null ? BsonNull.Value : e.SessionId,
        };
    }

    /// <summary>Waits until everything buffered so far has been written or dropped (tests, shutdown).</summary>
    public async Task FlushAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_buffer.Reader.Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
    }

    private async Task DrainAsync()
    {
        var collection = _mongo.Database!.GetCollection<BsonDocument>(MongoStore.AnalyticsEvents);
        var batch = new List<BsonDocument>(MaxBatch);
        while (await _buffer.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _buffer.Reader.TryRead(out var e)) batch.Add(ToDocument(e));
            try
            {
                await collection.InsertManyAsync(batch, new InsertManyOptions { IsOrdered = false });
                Interlocked.Add(ref _written, batch.Count);
            }
            catch (Exception ex) when (ex is MongoException or TimeoutException)
            {
                Interlocked.Add(ref _dropped, batch.Count);
                _log.LogWarning(ex, "Analytics batch of {Count} events dropped: MongoDB failed", batch.Count);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _buffer.Writer.TryComplete();
        if (_loop.IsValueCreated)
        {
            try { await _loop.Value.WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (TimeoutException) { _log.LogWarning("Analytics writer stopped with events still buffered"); }
        }
    }
}
