using System.Buffers.Binary;
using System.Buffers.Text;
using MongoDB.Bson;
using MongoDB.Driver;
using NrsGirls.Shared.Analytics;
using NrsGirls.Shared.Mongo;
using NrsGirls.Shared.Postgres;

namespace NrsGirls.Shared.Activity;

/// <summary>One activity entry as its reader sees it.</summary>
public sealed record ActivityView(string Id, string Action, string? ResourceType, Guid? ResourceId, string IpAddress, string? UserAgent,
    IReadOnlyDictionary<string, string> Metadata, DateTimeOffset Timestamp);

public sealed record ActivityPage(IReadOnlyList<ActivityView> Items, string? NextCursor);

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
    public Task<Outcome<ActivityPage>> OwnAsync(Guid userId, int? limit, string? cursor, CancellationToken ct) =>
        ListAsync(userId, clock.GetUtcNow() - OwnWindow, limit, cursor, ct);

    /// <summary>Everything kept of a user's activity (admins).</summary>
    public async Task<Outcome<ActivityPage>> ListAsync(Guid userId, DateTimeOffset? since, int? limit, string? cursor, CancellationToken ct)
    {
        (DateTime, ObjectId)? after = null;
        if (cursor is not null)
        {
            if (!TryDecode(cursor, out var at, out var id)) return ServiceError.Invalid("cursor", "is not a cursor this list returned.");
            after = (at, id);
        }
        if (!mongo.IsConfigured) return AnalyticsErrors.Unavailable;
        var take = KeysetCursor.Limit(limit);
        var docs = await mongo.Database!.GetCollection<BsonDocument>(MongoStore.ActivityLogs)
            .Find(Filter(userId, since, after)).Sort(Sort).Limit(take + 1).ToListAsync(ct);
        var items = docs.Take(take).Select(ToView).ToList();
        var next = docs.Count > take ? Encode(docs[take - 1]["timestamp"].ToUniversalTime(), docs[take - 1]["_id"].AsObjectId) : null;
        return new ActivityPage(items, next);
    }

    private static ActivityView ToView(BsonDocument d) => new(
        d["_id"].ToString()!, d["action"].AsString,
        d.GetValue("resourceType", BsonNull.Value) is BsonString rt ? rt.Value : null,
        d.GetValue("resourceId", BsonNull.Value) is BsonBinaryData rid ? rid.ToGuid(GuidRepresentation.Standard) : null,
        d.GetValue("ipAddress", "").AsString,
        d.GetValue("userAgent", BsonNull.Value) is BsonString ua ? ua.Value : null,
        d.GetValue("metadata", new BsonDocument()).AsBsonDocument.ToDictionary(e => e.Name, e => e.Value.ToString()!),
        new DateTimeOffset(d["timestamp"].ToUniversalTime(), TimeSpan.Zero));

    public static string Encode(DateTime at, ObjectId id)
    {
        Span<byte> bytes = stackalloc byte[20];
        BinaryPrimitives.WriteInt64BigEndian(bytes, at.Ticks);
        id.ToByteArray().CopyTo(bytes[8..]);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string cursor, out DateTime at, out ObjectId id)
    {
        at = default;
        id = default;
        if (!KeysetCursor.TryDecodeBytes(cursor, 20, out var bytes)) return false;
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
        at = new DateTime(ticks, DateTimeKind.Utc);
        id = new ObjectId(bytes[8..20]);
        return true;
    }
}
