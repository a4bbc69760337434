using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using NrsGirls.Shared.Chat;
using NrsGirls.Shared.Mongo;
using NrsGirls.Shared.Paging;

namespace NrsGirls.Tests.Chat;

/// <summary>What chat sends to MongoDB, rendered through the real driver (runs everywhere, mongod or not).</summary>
public class ChatDocumentsTests
{
    private static readonly RenderArgs<BsonDocument> Args = new(BsonSerializer.LookupSerializer<BsonDocument>(), BsonSerializer.SerializerRegistry);
    private static BsonDocument Render(FilterDefinition<BsonDocument> f) => f.Render(Args);
    private static BsonDocument Uuid(Guid id) => new() { ["u"] = new BsonBinaryData(id, GuidRepresentation.Standard) };

    [Fact]
    public void The_list_sort_is_exactly_the_seed_index_and_the_hint_names_it()
    {
        var index = MongoSchema.Indexes.Single(i => i.Collection == MongoStore.ChatMessages && i.Name == ChatDocuments.ListIndexName);
        var sort = ChatDocuments.ListSort.Render(Args);
        Assert.Equal(BsonDocument.Parse("{ streamId: 1, timestamp: -1 }"), sort);
        Assert.Equal(index.Keys, sort);
    }

    [Fact]
    public void The_first_page_filters_on_the_stream_only_with_a_standard_uuid()
    {
        var stream = Guid.NewGuid();
        var rendered = Render(ChatDocuments.ListFilter(stream, null));
        Assert.Equal(new BsonDocument("streamId", Uuid(stream)["u"]), rendered);
        Assert.Equal(BsonBinarySubType.UuidStandard, rendered["streamId"].AsBsonBinaryData.SubType);
    }

    [Fact]
    public void The_keyset_filter_is_older_timestamp_or_same_timestamp_and_smaller_id()
    {
        var stream = Guid.NewGuid();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_123);
        var id = ObjectId.GenerateNewId();
        var rendered = Render(ChatDocuments.ListFilter(stream, (at, id)));
        var t = new BsonDateTime(at.UtcDateTime);
        Assert.Equal(new BsonDocument
        {
            ["streamId"] = Uuid(stream)["u"],
            ["$or"] = new BsonArray
            {
                new BsonDocument("timestamp", new BsonDocument("$lt", t)),
                new BsonDocument { ["timestamp"] = t, ["_id"] = new BsonDocument("$lt", id) },
            },
        }, rendered);
    }

    [Fact]
    public void The_tie_filter_reads_one_timestamp_of_the_stream_below_the_cursor_id()
    {
        var stream = Guid.NewGuid();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_000);
        var id = ObjectId.GenerateNewId();
        var t = new BsonDateTime(at.UtcDateTime);
        Assert.Equal(new BsonDocument { ["streamId"] = Uuid(stream)["u"], ["timestamp"] = t },
            Render(ChatDocuments.TieFilter(stream, at, null)));
        Assert.Equal(new BsonDocument { ["streamId"] = Uuid(stream)["u"], ["timestamp"] = t, ["_id"] = new BsonDocument("$lt", id) },
            Render(ChatDocuments.TieFilter(stream, at, (at, id))));
        Assert.Equal(new BsonDocument { ["streamId"] = Uuid(stream)["u"], ["timestamp"] = t },
            Render(ChatDocuments.TieFilter(stream, at, (at.AddSeconds(1), id))));
    }

    [Fact]
    public void Soft_delete_sets_deleted_deletedAt_and_deletedBy_only_on_a_live_message_of_that_stream()
    {
        var stream = Guid.NewGuid();
        var by = Guid.NewGuid();
        var id = ObjectId.GenerateNewId();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_000);
        var update = ChatDocuments.SoftDelete(by, at).Render(new RenderArgs<BsonDocument>(BsonSerializer.LookupSerializer<BsonDocument>(), BsonSerializer.SerializerRegistry)).AsBsonDocument;
        Assert.Equal(new BsonDocument("$set", new BsonDocument
        {
            ["deleted"] = true, ["deletedAt"] = new BsonDateTime(at.UtcDateTime), ["deletedBy"] = Uuid(by)["u"],
        }), update);
        Assert.Equal(new BsonDocument
        {
            ["_id"] = id, ["streamId"] = Uuid(stream)["u"], ["deleted"] = new BsonDocument("$ne", true),
        }, Render(ChatDocuments.DeletableFilter(stream, id)));
    }

    [Fact]
    public void A_report_looks_a_message_up_by_id_alone_and_reads_only_its_author()
    {
        var id = ObjectId.GenerateNewId();
        Assert.Equal(new BsonDocument("_id", id), Render(ChatDocuments.ById(id)));
        Assert.Equal(new BsonDocument { ["userId"] = 1, ["_id"] = 0 },
            ChatDocuments.AuthorOnly.Render(new RenderArgs<BsonDocument>(BsonSerializer.LookupSerializer<BsonDocument>(), BsonSerializer.SerializerRegistry)));
        var author = Guid.NewGuid();
        Assert.Equal(author, ChatDocuments.AuthorOf(new BsonDocument("userId", Uuid(author)["u"])));
    }

    [Fact]
    public void A_new_message_has_the_seed_fields_and_a_deleted_one_shows_without_text_or_metadata()
    {
        var user = Guid.NewGuid();
        var mentioned = Guid.NewGuid();
        var doc = ChatDocuments.NewMessage(ObjectId.GenerateNewId(), Guid.NewGuid(), user, "Ivy", ChatRoles.Subscriber, "hi :fire:",
            ChatDocuments.ToMillis(DateTimeOffset.UtcNow), new ChatMetadata(["fire"], [mentioned], ["https://x.example"]));
        Assert.Equal(["_id", "streamId", "userId", "username", "userRole", "message", "timestamp", "deleted", "deletedAt", "deletedBy", "metadata"],
            doc.Names);
        Assert.Equal(["emotes", "mentions", "links"], doc["metadata"].AsBsonDocument.Names);

        var view = ChatDocuments.ToView(doc);
        Assert.Equal(("hi :fire:", false, mentioned), (view.Message, view.Deleted, view.Metadata!.Mentions[0]));
        doc["deleted"] = true;
        doc["deletedAt"] = new BsonDateTime(DateTime.UtcNow);
        doc["deletedBy"] = new BsonBinaryData(user, GuidRepresentation.Standard);
        var deleted = ChatDocuments.ToView(doc);
        Assert.Equal((null, true, (ChatMetadata?)null, user), (deleted.Message, deleted.Deleted, deleted.Metadata, deleted.DeletedBy));
    }

    [Fact]
    public void Pages_are_ordered_by_timestamp_then_id_and_cursors_round_trip()
    {
        var t = new BsonDateTime(DateTime.UtcNow);
        var ids = Enumerable.Range(0, 3).Select(_ => ObjectId.GenerateNewId()).ToList();
        var docs = new[] { (ids[0], t), (ids[2], t), (ids[1], new BsonDateTime(t.ToUniversalTime().AddSeconds(1))) }
            .Select(x => new BsonDocument { ["_id"] = x.Item1, ["timestamp"] = x.Item2 });
        Assert.Equal([ids[1], ids[2], ids[0]], ChatDocuments.InKeysetOrder(docs).Select(d => d["_id"].AsObjectId));

        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_321);
        var last = new BsonDocument { ["_id"] = ids[0], ["timestamp"] = new BsonDateTime(at.UtcDateTime) };
        Assert.True(ChatDocuments.TryReadCursor(Request(PageRequest.Encode(ChatDocuments.CursorKey(last))), out var before));
        Assert.Equal((at, ids[0]), before);
        Assert.Equal("invalid_cursor", PageRequest.Parse(null, "nope!", 2).Error!.Code);
        Assert.Equal("invalid_cursor", PageRequest.Parse(null, "MTIzOnh5eg", 2).Error!.Code);
        // Well-formed, but another list's key (a Guid where the _id goes): not a chat cursor.
        Assert.False(ChatDocuments.TryReadCursor(Request(PageRequest.Encode(PageRequest.Ticks(DateTime.UtcNow), Guid.NewGuid().ToString())), out _));
        Assert.True(ChatDocuments.TryReadCursor(Request(null), out var newest));
        Assert.Null(newest);

        static PageRequest Request(string? cursor) => PageRequest.Parse(null, cursor, 2).Value!;
    }
}
