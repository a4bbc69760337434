using MongoDB.Bson;
using MongoDB.Driver;

namespace NrsGirls.Shared.Chat;

/// <summary>
/// What chat sends to MongoDB, built in one place so tests can render it through the driver: the
/// chat_messages document, the list's filter and sort (served by the seed's { streamId: 1, timestamp: -1 }
/// index), the keyset filter on (timestamp, _id), and the soft-delete update.
/// </summary>
public static class ChatDocuments
{
    /// <summary>The seed index the list uses (MongoSchema creates it under this name).</summary>
    public const string ListIndexName = "streamId_1_timestamp_-1";

    private static FilterDefinitionBuilder<BsonDocument> F => Builders<BsonDocument>.Filter;

    public static BsonBinaryData Uuid(Guid id) => new(id, GuidRepresentation.Standard);

    /// <summary>Timestamps are kept to the millisecond, as BSON dates are.</summary>
    public static DateTimeOffset ToMillis(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    public static BsonDocument NewMessage(ObjectId id, Guid streamId, Guid userId, string username, string role, string message,
        DateTimeOffset timestamp, ChatMetadata metadata) => new()
    {
        ["_id"] = id,
        ["streamId"] = Uuid(streamId),
        ["userId"] = Uuid(userId),
        ["username"] = username,
        ["userRole"] = role,
        ["message"] = message,
        ["timestamp"] = new BsonDateTime(timestamp.UtcDateTime),
        ["deleted"] = false,
        ["deletedAt"] = BsonNull.Value,
        ["deletedBy"] = BsonNull.Value,
        ["metadata"] = new BsonDocument
        {
            ["emotes"] = new BsonArray(metadata.Emotes),
            ["mentions"] = new BsonArray(metadata.Mentions.Select(Uuid)),
            ["links"] = new BsonArray(metadata.Links),
        },
    };

    /// <summary>Newest first within a stream: exactly the seed index's key order.</summary>
    public static SortDefinition<BsonDocument> ListSort => Builders<BsonDocument>.Sort.Ascending("streamId").Descending("timestamp");

    /// <summary>A stream's messages older than the cursor: timestamp &lt; t, or the same timestamp and a smaller _id.</summary>
    public static FilterDefinition<BsonDocument> ListFilter(Guid streamId, (DateTimeOffset Timestamp, ObjectId Id)? before)
    {
        var stream = F.Eq("streamId", Uuid(streamId));
        if (before is not { } b) return stream;
        var t = new BsonDateTime(b.Timestamp.UtcDateTime);
        return stream & F.Or(F.Lt("timestamp", t), F.And(F.Eq("timestamp", t), F.Lt("_id", b.Id)));
    }

    /// <summary>Every message of the page's last timestamp (also cursor-bounded), so ties are ordered by _id exactly.</summary>
    public static FilterDefinition<BsonDocument> TieFilter(Guid streamId, DateTimeOffset timestamp, (DateTimeOffset Timestamp, ObjectId Id)? before)
    {
        var f = F.Eq("streamId", Uuid(streamId)) & F.Eq("timestamp", new BsonDateTime(timestamp.UtcDateTime));
        return before is { } b && b.Timestamp == timestamp ? f & F.Lt("_id", b.Id) : f;
    }

    /// <summary>The message in this stream, not yet deleted (a second delete changes nothing).</summary>
    public static FilterDefinition<BsonDocument> DeletableFilter(Guid streamId, ObjectId id) =>
        F.Eq("_id", id) & F.Eq("streamId", Uuid(streamId)) & F.Ne("deleted", true);

    public static FilterDefinition<BsonDocument> MessageFilter(Guid streamId, ObjectId id) => F.Eq("_id", id) & F.Eq("streamId", Uuid(streamId));

    /// <summary>One message by id, whatever its stream (reports name only the message).</summary>
    public static FilterDefinition<BsonDocument> ById(ObjectId id) => F.Eq("_id", id);

    /// <summary>Only the author's id of a message.</summary>
    public static ProjectionDefinition<BsonDocument> AuthorOnly => Builders<BsonDocument>.Projection.Include("userId").Exclude("_id");

    public static Guid AuthorOf(BsonDocument projected) => projected["userId"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard);

    public static UpdateDefinition<BsonDocument> SoftDelete(Guid by, DateTimeOffset at) => Builders<BsonDocument>.Update
        .Set("deleted", true).Set("deletedAt", new BsonDateTime(at.UtcDateTime)).Set("deletedBy", Uuid(by));

    /// <summary>Orders a page exactly by (timestamp desc, _id desc).</summary>
    public static IEnumerable<BsonDocument> InKeysetOrder(IEnumerable<BsonDocument> docs) =>
        docs.OrderByDescending(d => d["timestamp"].ToUniversalTime()).ThenByDescending(d => d["_id"].AsObjectId);

    public static ChatMessageView ToView(BsonDocument d)
    {
        var deleted = d.GetValue("deleted", false).ToBoolean();
        var meta = d.GetValue("metadata", BsonNull.Value) as BsonDocument;
        return new ChatMessageView(
            d["_id"].AsObjectId.ToString(), d["streamId"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard), d["userId"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard), d.GetValue("username", "").AsString,
            d.GetValue("userRole", ChatRoles.Viewer).AsString, deleted ? null : d.GetValue("message", "").AsString,
            new DateTimeOffset(d["timestamp"].ToUniversalTime()), deleted,
            d.GetValue("deletedAt", BsonNull.Value) is BsonDateTime at ? new DateTimeOffset(at.ToUniversalTime()) : null,
            d.GetValue("deletedBy", BsonNull.Value) is BsonBinaryData by ? by.ToGuid(GuidRepresentation.Standard) : null,
            deleted || meta is null ? null : new ChatMetadata(
                meta.GetValue("emotes", new BsonArray()).AsBsonArray.Select(v => v.AsString).ToList(),
                meta.GetValue("mentions", new BsonArray()).AsBsonArray.Select(v => v.AsBsonBinaryData.ToGuid(GuidRepresentation.Standard)).ToList(),
                meta.GetValue("links", new BsonArray()).AsBsonArray.Select(v => v.AsString).ToList()));
    }

    /// <summary>The keyset cursor parts of a message: its timestamp and _id (see <see cref="PageRequest"/>).</summary>
    public static string[] CursorKey(BsonDocument d) => [PageRequest.Ticks(d["timestamp"].ToUniversalTime()), d["_id"].AsObjectId.ToString()];

    /// <summary>The position a cursor written from <see cref="CursorKey"/> continues before; null on the newest page, false for a cursor this list did not write.</summary>
    public static bool TryReadCursor(PageRequest page, out (DateTimeOffset Timestamp, ObjectId Id)? before)
    {
        var ok = page.TryAfter(PageRequest.ParseTicks, PageRequest.ParseObjectId, out var after);
        before = after is { } a ? (new DateTimeOffset(a.Key), a.Id) : null;
        return ok;
    }
}
