using MongoDB.Bson;
using MongoDB.Driver;
using NrsGirls.Shared.Analytics;
using NrsGirls.Shared.Mongo;

namespace NrsGirls.Shared.Activity;

/// <summary>One activity entry as its reader sees it.</summary>
public sealed record ActivityView(string Id, string Action, string? ResourceType, Guid? ResourceId, string IpAddress, string? UserAgent,
    IReadOnlyDictionary<string, string> Metadata, DateTimeOffset Timestamp);

/// <summary>
/// Reads a user's activity_logs newest first, through the seed's { userId: 1, timestamp: -1 } index
/// (equality on userId, range and sort on timestamp, _id as the tie-breaker), keyset-paginated.
/// </summary>
public sealed class ActivityReader(MongoStore mongo, TimeProvider clock)
{
    /// <summary>How far back GET me/activity looks.</summary>
    public static readonly TimeSpan OwnWindow = TimeSpan.FromDays(90);

    public static readonly SortDefinition<BsonDocument> Sort =
        Builders<BsonDocument>.Sort.Descending("timestamp").Descending("_id");

    public static FilterDefinition<BsonDocument> Filter(Guid userId, DateTimeOffset? since, (DateTime At, ObjectId Id)? after)
    {
        var f = Builders<BsonDocument>.Filter;
        var filter = f.Eq("userId", new BsonBinaryData(userId, GuidRepresentation.Standard));
        if (since is { } s) filter &= f.Gte("timestamp", new BsonDateTime(s.UtcDateTime));
        if (after is { } a)
            filter &= f.Or(
                f.Lt("timestamp", new BsonDateTime(a.At)),
                f.And(f.Eq("timestamp", new BsonDateTime(a.At)), f.Lt("_id", a.Id)));
        return filter;
    }

    /// <summary>The caller's own activity of the last 90 days.</summary>
    public Task<Outcome<Page<ActivityView>>> OwnAsync(Guid userId, string? limit, string? cursor, CancellationToken ct) =>
        ListAsync(userId, clock.GetUtcNow() - OwnWindow, limit, cursor, ct);

    /// <summary>Everything kept of a user's activity (admins).</summary>
    public async Task<Outcome<Page<ActivityView>>> ListAsync(Guid userId, DateTimeOffset? since, string? limit, string? cursor, CancellationToken ct)
    {
        var page = PageRequest.Parse(limit, cursor, 2);
        if (!page.IsOk) return page.Error;
        if (!page.Value.TryAfter(PageRequest.ParseTicks, PageRequest.ParseObjectId, out var after)) return PagingErrors.InvalidCursor;
        if (!mongo.IsConfigured) return AnalyticsErrors.Unavailable;
        var docs = await mongo.Database!.GetCollection<BsonDocument>(MongoStore.ActivityLogs)
            .Find(Filter(userId, since, after)).Sort(Sort).Limit(page.Value.Limit + 1).ToListAsync(ct);
        return page.Value.ToPage(docs, ToView, d => [PageRequest.Ticks(d["timestamp"].ToUniversalTime()), d["_id"].AsObjectId.ToString()]);
    }

    private static ActivityView ToView(BsonDocument d) => new(
        d["_id"].ToString()!, d["action"].AsString,
        d.GetValue("resourceType", BsonNull.Value) is BsonString rt ? rt.Value : null,
        d.GetValue("resourceId", BsonNull.Value) is BsonBinaryData rid ? rid.ToGuid(GuidRepresentation.Standard) : null,
        d.GetValue("ipAddress", "").AsString,
        d.GetValue("userAgent", BsonNull.Value) is BsonString ua ? ua.Value : null,
        d.GetValue("metadata", new BsonDocument()).AsBsonDocument.ToDictionary(e => e.Name, e => e.Value.ToString()!),
        new DateTimeOffset(d["timestamp"].ToUniversalTime(), TimeSpan.Zero));
}
